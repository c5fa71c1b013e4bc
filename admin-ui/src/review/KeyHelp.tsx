import { Button, Dialog, Heading, Modal, ModalOverlay } from 'react-aria-components';

/** The keyboard shortcuts of a screen, in a modal dialog (focus moves in, Escape closes, focus returns). */
export function KeyHelp({
  keys,
  isOpen,
  onOpenChange,
}: {
  keys: [string, string][];
  isOpen: boolean;
  onOpenChange: (open: boolean) => void;
}) {
  return (
    <ModalOverlay isOpen={isOpen} onOpenChange={onOpenChange} isDismissable className="overlay">
      <Modal className="modal">
        <Dialog>
          <Heading slot="title">Keyboard shortcuts</Heading>
          <table className="list compact">
            <caption className="sr-only">Keys and what they do</caption>
            <thead>
              <tr>
                <th scope="col">Key</th>
                <th scope="col">Does</th>
              </tr>
            </thead>
            <tbody>
              {keys.map(([key, does]) => (
                <tr key={key}>
                  <td>
                    <kbd>{key}</kbd>
                  </td>
                  <td>{does}</td>
                </tr>
              ))}
            </tbody>
          </table>
          <p className="muted">Keys do nothing while you type in a field. Escape closes this.</p>
          <Button slot="close" className="secondary">
            Close
          </Button>
        </Dialog>
      </Modal>
    </ModalOverlay>
  );
}
