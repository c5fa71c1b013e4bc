import type { ReactNode } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Modal } from 'react-aria-components';

/**
 * A button that asks first, in a modal dialog (focus moves into it, Escape cancels, focus returns to the button).
 */
export function ConfirmButton({
  label,
  title,
  children,
  confirmLabel,
  onConfirm,
  className = 'secondary',
  isDisabled = false,
}: {
  label: ReactNode;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  onConfirm: () => void;
  className?: string;
  isDisabled?: boolean;
}) {
  return (
    <DialogTrigger>
      <Button className={className} isDisabled={isDisabled}>
        {label}
      </Button>
      <Modal isDismissable className="modal">
        <Dialog className="dialog">
          {({ close }) => (
            <>
              <Heading slot="title">{title}</Heading>
              <div>{children}</div>
              <div className="actions">
                <Button
                  className="primary"
                  onPress={() => {
                    close();
                    onConfirm();
                  }}
                >
                  {confirmLabel}
                </Button>
                <Button className="secondary" onPress={close}>
                  Cancel
                </Button>
              </div>
            </>
          )}
        </Dialog>
      </Modal>
    </DialogTrigger>
  );
}
