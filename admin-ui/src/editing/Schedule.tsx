import { useMutation } from '@tanstack/react-query';
import { useId, useState, type FormEvent } from 'react';
import { ApiProblem, api, unwrap } from '../api/client';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { toLocalInput } from '../fields/conversions';

const toIso = (local: string) => (local ? new Date(local).toISOString() : null);

/** Publish and withdraw at a later time (PUT .../schedule; the job queue runs it). An empty time clears it. */
export function Schedule({ type, doc, onSaved }: { type: TypeDescriptor; doc: AdminDocument; onSaved(doc: AdminDocument): void }) {
  const id = useId();
  const [publishAt, setPublishAt] = useState(doc.publish_at ? toLocalInput(doc.publish_at) : '');
  const [unpublishAt, setUnpublishAt] = useState(doc.unpublish_at ? toLocalInput(doc.unpublish_at) : '');
  const save = useMutation({
    mutationFn: async () =>
      unwrap(
        await api.PUT('/admin/v1/content/{type}/{id}/schedule', {
          params: { path: { type: type.name, id: doc.id } },
          body: { publish_at: toIso(publishAt), unpublish_at: toIso(unpublishAt) },
        }),
      ),
    onSuccess: onSaved,
  });
  const problems = save.error instanceof ApiProblem ? save.error.details : {};
  const submit = (e: FormEvent) => {
    e.preventDefault();
    save.mutate();
  };
  return (
    <section className="panel" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>Schedule</h2>
      <form onSubmit={submit} className="schedule">
        <div className="field">
          <label htmlFor={`${id}-publish`}>Publish at</label>
          <input id={`${id}-publish`} type="datetime-local" value={publishAt} onChange={(e) => setPublishAt(e.target.value)} />
          {problems.publish_at && <p className="field-error">{problems.publish_at}</p>}
        </div>
        <div className="field">
          <label htmlFor={`${id}-unpublish`}>Unpublish at</label>
          <input
            id={`${id}-unpublish`}
            type="datetime-local"
            value={unpublishAt}
            onChange={(e) => setUnpublishAt(e.target.value)}
          />
          {problems.unpublish_at && <p className="field-error">{problems.unpublish_at}</p>}
        </div>
        <p className="muted">Your local time. Publishing then publishes the draft saved at that moment; an empty time clears it.</p>
        {save.error && !Object.keys(problems).length && <p role="alert">{save.error.message}</p>}
        <button type="submit" className="secondary" disabled={save.isPending}>
          Save schedule
        </button>
      </form>
    </section>
  );
}
