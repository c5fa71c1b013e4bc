import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate, useParams } from '@tanstack/react-router';
import { Fragment, useEffect, useRef, useState, type FormEvent } from 'react';
import type { AdminDocument as Doc } from '../api/missing-paths';
import { ApiProblem, api, unwrap } from '../api/client';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { documentTitle, useTypes } from '../api/queries';
import { dataToForm, formToData } from '../fields/conversions';
import { mapValidationErrors, type FormErrors } from '../fields/errors';
import { SHOWS_OWN_HELP, kindFor } from '../fields/registry';
import { sections } from '../fields/layout';
import { History } from '../editing/History';
import { clearDraft, journalKey, readDraft, writeDraft, type DraftEntry } from '../editing/journal';
import { mergeFields } from '../editing/merge';
import { MergeView, type Conflict } from '../editing/MergeView';
import { Schedule } from '../editing/Schedule';
import { Timeline } from '../editing/Timeline';
import '../editing/editing.css';
import { useSession } from '../session/SessionContext';
import { DocumentViews } from './DocumentViews';
import { Forbidden } from './Forbidden';
import { usePageTitle } from './usePageTitle';

/** The outcome of the last save, kept across the move from /new to the created document's own URL. */
let flash: string | null = null;

export function ContentEdit() {
  const params = useParams({ strict: false }) as { type: string; id?: string };
  const [notice, setNotice] = useState<string | null>(() => flash);
  useEffect(() => {
    flash = null;
  }, []);
  const session = useSession();
  const types = useTypes();
  const type = types.data?.find((t) => t.name === params.type);
  const doc = useQuery({
    queryKey: ['document', params.type, params.id],
    enabled: !!params.id,
    queryFn: async () =>
      unwrap(await api.GET('/admin/v1/content/{type}/{id}', { params: { path: { type: params.type, id: params.id! } } })),
  });
  if (!session.can('content')) return <Forbidden />;
  if (types.isPending || (params.id && doc.isPending)) return <p role="status">Loading…</p>;
  if (!type) return <h1>No content type “{params.type}”</h1>;
  if (doc.error) return <p role="alert">{doc.error.message}</p>;
  // a new key per loaded version starts the form from what the server holds
  const onSaved = (message: string | null) => {
    flash = message;
    setNotice(message);
  };
  return (
    <>
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      <Editor
        key={`${params.id ?? 'new'}:${doc.data?.version ?? 0}`}
        type={type}
        doc={doc.data ?? null}
        userId={session.state.status === 'signed-in' ? session.state.info.user.id : 0}
        onSaved={onSaved}
      />
      {params.id && session.can('analytics') && ( // zero for types the site does not report as document views
        <DocumentViews type={type.name} id={params.id} />
      )}
    </>
  );
}

interface EditorProps {
  type: TypeDescriptor;
  doc: AdminDocument | null;
  userId: number;
  onSaved(message: string | null): void;
}

function Editor({ type, doc, userId, onSaved }: EditorProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [initial] = useState(() => dataToForm(type.fields, doc?.data ?? null));
  const [state, setState] = useState<Record<string, unknown>>(initial);
  const dirty = JSON.stringify(state) !== JSON.stringify(initial);
  // the version the edits started from; a restored draft keeps its own, so a save over newer work opens the merge
  const [baseVersion, setBaseVersion] = useState(doc?.version ?? 0);
  const [conflict, setConflict] = useState<Conflict | null>(null);

  // the local draft journal: unsaved edits survive a closed tab; offered back on the next visit
  const journal = journalKey(userId, type.name, doc?.id);
  const [kept, setKept] = useState<DraftEntry | null>(() => {
    const entry = readDraft(journal);
    return entry && JSON.stringify({ ...initial, ...entry.state }) !== JSON.stringify(initial) ? entry : null;
  });
  useEffect(() => {
    if (kept) return; // not written over until the kept draft is restored or discarded
    if (dirty) writeDraft(journal, state, baseVersion);
    else clearDraft(journal);
  }, [journal, state, dirty, baseVersion, kept]);
  const restoreKept = () => {
    if (!kept) return;
    setState({ ...initial, ...kept.state });
    if (doc) setBaseVersion(kept.baseVersion || doc.version);
    setKept(null);
  };
  const discardKept = () => {
    clearDraft(journal);
    setKept(null);
  };
  const leaving = useRef(false); // set once a save went through: moving to the saved document is no loss
  useBlocker({
    shouldBlockFn: () => dirty && !leaving.current && !window.confirm('Leave this page? Your changes are not saved.'),
    enableBeforeUnload: () => dirty && !leaving.current,
  });
  const [errors, setErrors] = useState<FormErrors>({ fields: {}, general: [] });
  const summary = useRef<HTMLDivElement>(null);
  const title = doc ? documentTitle(type, doc) : `New ${type.label}`;
  usePageTitle(title);

  const errorCount = Object.keys(errors.fields).length + errors.general.length;
  useEffect(() => {
    if (errorCount) summary.current?.focus();
  }, [errors, errorCount]);

  const save = useMutation({
    mutationFn: async ({ data, version }: { data: Record<string, unknown>; version?: number }) => {
      if (doc) {
        // the version this form started from: the server answers 409 if someone saved in between
        return unwrap(
          await api.PUT('/admin/v1/content/{type}/{id}', {
            params: { path: { type: type.name, id: doc.id } },
            body: { data, version: version ?? baseVersion, slug: doc.slug },
          }),
        );
      }
      return unwrap(await api.POST('/admin/v1/content/{type}', { params: { path: { type: type.name } }, body: { data } }));
    },
    onSuccess: async (result) => {
      leaving.current = true;
      clearDraft(journal);
      setConflict(null);
      onSaved(`Saved version ${result.version}.`);
      await queryClient.invalidateQueries({ queryKey: ['content', type.name] });
      queryClient.setQueryData(['document', type.name, String(result.id)], result);
      if (!doc) await navigate({ to: '/content/$type/$id', params: { type: type.name, id: String(result.id) } });
    },
    onError: async (error, { data }) => {
      if (error instanceof ApiProblem && (error.status === 422 || error.status === 400)) {
        setErrors(mapValidationErrors(error.details, type.fields));
      } else if (error instanceof ApiProblem && error.status === 409 && error.details.version && doc) {
        // someone saved in between: compare the version both started from, theirs and mine, field by field
        try {
          setConflict(await loadConflict(type, doc.id, baseVersion, data));
        } catch (e) {
          setErrors({ fields: {}, general: [e instanceof Error ? e.message : String(e)] });
        }
      } else if (error instanceof ApiProblem && error.status === 409) {
        setErrors({ fields: mapValidationErrors(error.details, type.fields).fields, general: [error.message] });
      } else {
        setErrors({ fields: {}, general: [error.message] });
      }
    },
  });

  const transition = useMutation({
    mutationFn: async (action: 'publish' | 'unpublish') => {
      const path = { type: type.name, id: doc!.id };
      return unwrap(
        action === 'publish'
          ? await api.POST('/admin/v1/content/{type}/{id}/publish', { params: { path } })
          : await api.POST('/admin/v1/content/{type}/{id}/unpublish', { params: { path } }),
      );
    },
    onSuccess: (result, action) => applyServerDoc(result, action === 'publish' ? 'Published.' : 'Unpublished.'),
    onError: (error) => setErrors({ fields: {}, general: [error.message] }),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSaved(null);
    const { data, errors: local } = formToData(type.fields, state);
    if (Object.keys(local).length) {
      setErrors({ fields: local, general: [] });
      return;
    }
    setErrors({ fields: {}, general: [] });
    save.mutate({ data });
  };
  const applyServerDoc = (result: Doc, message: string) => {
    onSaved(message);
    queryClient.setQueryData(['document', type.name, String(result.id)], result);
    void queryClient.invalidateQueries({ queryKey: ['content', type.name] });
    void queryClient.invalidateQueries({ queryKey: ['timeline', type.name, result.id] });
  };

  const focusField = (name: string) => {
    const element = document.querySelector<HTMLElement>(
      `[name="${name}"], [data-field="${name}"] input, [data-field="${name}"] button, [data-field="${name}"] textarea`,
    );
    element?.focus();
  };

  return (
    <>
      <div className="page-head">
        <h1>{title}</h1>
        {doc && (
          <span className={`badge status-${doc.status}`}>
            {doc.status} · version {doc.version}
          </span>
        )}
      </div>
      {errorCount > 0 && (
        <div className="error-summary" role="alert" tabIndex={-1} ref={summary} aria-labelledby="error-summary-title">
          <h2 id="error-summary-title">
            {errorCount === 1 ? 'There is a problem' : `There are ${errorCount} problems`}
          </h2>
          <ul>
            {errors.general.map((message) => (
              <li key={message}>{message}</li>
            ))}
            {type.fields
              .filter((f) => errors.fields[f.name])
              .map((f) => (
                <li key={f.name}>
                  <button type="button" className="link" onClick={() => focusField(f.name)}>
                    {f.label}: {errors.fields[f.name]}
                  </button>
                </li>
              ))}
          </ul>
        </div>
      )}
      {kept && (
        <div className="journal" role="region" aria-labelledby="journal-title">
          <h2 id="journal-title">Unsaved edits were kept in this browser</h2>
          <p>
            From {new Date(kept.savedAt).toLocaleString()}.
            {doc && kept.baseVersion && kept.baseVersion !== doc.version
              ? ` They started from version ${kept.baseVersion}; version ${doc.version} was saved since, so saving them opens the merge view.`
              : ''}
          </p>
          <div className="actions">
            <button type="button" className="primary" onClick={restoreKept}>
              Restore my unsaved edits
            </button>
            <button type="button" className="secondary" onClick={discardKept}>
              Discard them
            </button>
          </div>
        </div>
      )}
      {conflict && (
        <MergeView
          type={type}
          conflict={conflict}
          saving={save.isPending}
          onSave={(data, version) => save.mutate({ data, version })}
          onCancel={() => setConflict(null)}
        />
      )}
      <form onSubmit={submit} noValidate className="editor" hidden={!!conflict}>
        {sections(type.fields).map((section) => {
          const inputs = section.fields.map((field) => {
            const { Input } = kindFor(field);
            return (
              <div key={field.name} data-field={field.name} className={field.width === 'half' ? 'half' : undefined}>
                <Input
                  field={field}
                  value={state[field.name]}
                  onChange={(value) => setState((s) => ({ ...s, [field.name]: value }))}
                  error={errors.fields[field.name]}
                />
                {field.description && !SHOWS_OWN_HELP.has(field.type) && <p className="help">{field.description}</p>}
              </div>
            );
          });
          const key = section.fields[0]!.name;
          return section.group ? (
            <fieldset key={key} className="section">
              <legend>{section.group}</legend>
              {inputs}
            </fieldset>
          ) : (
            <Fragment key={key}>{inputs}</Fragment>
          );
        })}
        <div className="actions">
          <button type="submit" className="primary" disabled={save.isPending}>
            {save.isPending ? 'Saving…' : 'Save draft'}
          </button>
          {doc && type.kind !== 'submission' && (
            <>
              <button
                type="button"
                className="secondary"
                disabled={transition.isPending}
                onClick={() => transition.mutate('publish')}
              >
                Publish
              </button>
              {doc.status === 'published' && (
                <button
                  type="button"
                  className="secondary"
                  disabled={transition.isPending}
                  onClick={() => transition.mutate('unpublish')}
                >
                  Unpublish
                </button>
              )}
            </>
          )}
        </div>
      </form>
      {doc && (
        <div className="side-panels">
          {type.kind !== 'submission' && (
            <Schedule type={type} doc={doc} onSaved={(result) => applyServerDoc(result, 'Schedule saved.')} />
          )}
          <History
            type={type}
            doc={doc}
            dirty={dirty}
            onRestored={(result) => applyServerDoc(result, `Restored as version ${result.version}.`)}
          />
          <Timeline type={type} doc={doc} />
        </div>
      )}
    </>
  );
}

/** What a 409 needs for the merge view: the version the edits started from, and what is saved now. */
async function loadConflict(type: TypeDescriptor, id: number, baseVersion: number, mine: Record<string, unknown>): Promise<Conflict> {
  const path = { type: type.name, id };
  const [theirs, base] = await Promise.all([
    api.GET('/admin/v1/content/{type}/{id}', { params: { path } }).then(unwrap),
    api.GET('/admin/v1/content/{type}/{id}/versions/{version}', { params: { path: { ...path, version: baseVersion } } }).then(unwrap),
  ]);
  return { theirs, baseVersion, fields: mergeFields(type.fields, base.data ?? {}, mine, theirs.data) };
}
