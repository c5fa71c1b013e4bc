import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { api, unwrap } from '../api/client';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { kindFor } from '../fields/registry';
import { changedFields } from './values';

const when = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

interface Props {
  type: TypeDescriptor;
  doc: AdminDocument;
  /** the form has unsaved edits: a restore would replace them, so it waits */
  dirty: boolean;
  onRestored(doc: AdminDocument): void;
}

/**
 * The version history: every saved version, newest first. Comparing one shows, field by field, what restoring it
 * would change in the current version (through each field type's diff view); restoring saves it as a new version.
 */
export function History({ type, doc, dirty, onRestored }: Props) {
  const path = { type: type.name, id: doc.id };
  const [selected, setSelected] = useState<number | null>(null);
  const versions = useQuery({
    queryKey: ['versions', type.name, doc.id, doc.version],
    queryFn: async () => unwrap(await api.GET('/admin/v1/content/{type}/{id}/versions', { params: { path } })),
  });
  const version = useQuery({
    queryKey: ['version', type.name, doc.id, selected],
    enabled: selected !== null,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/v1/content/{type}/{id}/versions/{version}', {
          params: { path: { ...path, version: selected! } },
        }),
      ),
  });
  const queryClient = useQueryClient();
  const restore = useMutation({
    mutationFn: async (v: number) =>
      unwrap(await api.POST('/admin/v1/content/{type}/{id}/rollback', { params: { path }, body: { version: v } })),
    onSuccess: (restored) => {
      setSelected(null);
      void queryClient.invalidateQueries({ queryKey: ['content', type.name] });
      void queryClient.invalidateQueries({ queryKey: ['timeline', type.name, doc.id] });
      onRestored(restored);
    },
  });
  const old = version.data?.data ?? {};
  const changed = version.data ? changedFields(type.fields, doc.data, old) : [];
  return (
    <section className="panel history" aria-labelledby="history-title">
      <h2 id="history-title">Version history</h2>
      {versions.isPending && <p role="status">Loading…</p>}
      {versions.error && <p role="alert">{versions.error.message}</p>}
      {versions.data && (
        <table className="list compact">
          <thead>
            <tr>
              <th scope="col">Version</th>
              <th scope="col">What</th>
              <th scope="col">Who</th>
              <th scope="col">When</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {versions.data.map((v) => (
              <tr key={v.version} aria-current={v.version === selected || undefined}>
                <td>{v.version}</td>
                <td>{v.action}</td>
                <td>{v.author}</td>
                <td>{when.format(new Date(v.created_at))}</td>
                <td>
                  {v.version === doc.version ? (
                    <span className="muted">current</span>
                  ) : (
                    <button type="button" className="secondary small" onClick={() => setSelected(v.version)}>
                      Compare version {v.version}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {selected !== null && (
        <div className="compare" aria-live="polite">
          <h3>
            Version {selected} against the current version {doc.version}
          </h3>
          {version.isPending && <p role="status">Loading…</p>}
          {version.data && changed.length === 0 && <p>Its fields are the same as the current version's.</p>}
          {version.data && changed.length > 0 && (
            <dl className="field-diffs">
              {changed.map((name) => {
                const field = type.fields.find((f) => f.name === name)!;
                const { Diff } = kindFor(field);
                return (
                  <div key={name}>
                    <dt>{field.label}</dt>
                    <dd>
                      <Diff field={field} before={doc.data[name]} after={old[name]} />
                    </dd>
                  </div>
                );
              })}
            </dl>
          )}
          <p className="muted">Struck through: the current value. Underlined: what restoring brings back.</p>
          {restore.error && <p role="alert">{restore.error.message}</p>}
          <div className="actions">
            <button
              type="button"
              className="primary"
              disabled={dirty || restore.isPending || !version.data}
              onClick={() => restore.mutate(selected)}
            >
              Restore version {selected}
            </button>
            <button type="button" className="secondary" onClick={() => setSelected(null)}>
              Close comparison
            </button>
          </div>
          {dirty && <p className="muted">Save or undo your edits before restoring: a restore replaces the form.</p>}
        </div>
      )}
    </section>
  );
}
