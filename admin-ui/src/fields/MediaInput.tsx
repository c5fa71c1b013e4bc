import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useId, useRef, useState } from 'react';
import { Button, Dialog, DialogTrigger, Heading, Input, Label, Modal, SearchField } from 'react-aria-components';
import { api, unwrap } from '../api/client';
import type { InputProps } from './registry';
import { mediaValue, uploadMedia, type Asset } from './upload';

const fileName = (value: string) => value.split('/').pop() ?? value;

/**
 * A media field: the chosen asset's path (/media/<key>), and a picker dialog that searches the library on the server
 * (name, alt text, caption) and uploads a new file with a progress bar. Uploading the same bytes again finds the
 * existing asset (the server deduplicates).
 */
export function MediaInput({ field, value, onChange, error }: InputProps) {
  const id = useId();
  const current = String(value ?? '');
  // the stored path names the storage key; the file's own name is known for an asset picked here
  const [picked, setPicked] = useState<{ value: string; filename: string } | null>(null);
  const shown = picked?.value === current ? picked.filename : fileName(current);
  return (
    <div className="field" data-field={field.name}>
      <span className="react-aria-Label" id={`${id}-label`}>
        {field.label}
      </span>
      <div className="inline">
        <output aria-labelledby={`${id}-label`} className={current ? 'media-chosen' : 'muted'}>
          {current ? shown : 'No file chosen'}
        </output>
        <DialogTrigger>
          <Button className="secondary small">Choose {field.label}</Button>
          <Modal className="modal" isDismissable>
            <Dialog className="dialog">
              {({ close }) => (
                <Picker
                  title={`Choose ${field.label}`}
                  onPick={(asset) => {
                    setPicked({ value: mediaValue(asset), filename: asset.filename });
                    onChange(mediaValue(asset));
                    close();
                  }}
                  onClose={close}
                />
              )}
            </Dialog>
          </Modal>
        </DialogTrigger>
        {current && (
          <button type="button" className="secondary small" onClick={() => onChange('')}>
            Clear {field.label}
          </button>
        )}
      </div>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

function Picker({ title, onPick, onClose }: { title: string; onPick(asset: Asset): void; onClose(): void }) {
  const [query, setQuery] = useState('');
  const [progress, setProgress] = useState<number | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const fileInput = useRef<HTMLInputElement>(null);
  const uploadId = useId();
  const queryClient = useQueryClient();
  const found = useQuery({
    queryKey: ['media-search', query],
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/v1/media', {
          params: { query: { pageSize: 12, ...(query.trim() ? { q: query.trim() } : {}) } },
        }),
      ) as Asset[],
  });
  const upload = async (file: File) => {
    setProblem(null);
    setProgress(0);
    try {
      const asset = await uploadMedia(file, '', setProgress);
      await queryClient.invalidateQueries({ queryKey: ['media-search'] });
      onPick(asset);
    } catch (e) {
      setProblem(e instanceof Error ? e.message : String(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <>
      <Heading slot="title">{title}</Heading>
      <div className="picker-upload">
        <label htmlFor={uploadId}>Upload a new file</label>
        <input
          id={uploadId}
          ref={fileInput}
          type="file"
          disabled={progress !== null}
          onChange={(e) => {
            const file = e.target.files?.[0];
            if (file) void upload(file);
          }}
        />
        {progress !== null && (
          <progress max={1} value={progress} aria-label="Upload progress">
            {Math.round(progress * 100)} %
          </progress>
        )}
        {problem && (
          <p role="alert" className="field-error">
            {problem}
          </p>
        )}
      </div>
      <SearchField className="field" value={query} onChange={setQuery}>
        <Label>Search the library</Label>
        <Input />
      </SearchField>
      <p role="status" className="muted">
        {found.isPending ? 'Searching…' : found.error ? found.error.message : `${found.data?.length ?? 0} shown`}
      </p>
      <ul className="media-results">
        {found.data?.map((asset) => (
          <li key={asset.id}>
            <button type="button" className="secondary" onClick={() => onPick(asset)}>
              Use {asset.filename}
            </button>
            <span className="muted">
              {asset.kind} · {Math.ceil(asset.size / 1024)} KB
            </span>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" className="secondary" onClick={onClose}>
          Cancel
        </button>
      </div>
    </>
  );
}
