import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useBlocker, useNavigate, useParams } from '@tanstack/react-router';
import { useEffect, useRef, useState, type FormEvent } from 'react';
import { ApiProblem, api, unwrap } from '../api/client';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { documentTitle, useTypes } from '../api/queries';
import { dataToForm, formToData } from '../fields/conversions';
import { mapValidationErrors, type FormErrors } from '../fields/errors';
import { kindFor } from '../fields/registry';
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
      <Editor key={`${params.id ?? 'new'}:${doc.data?.version ?? 0}`} type={type} doc={doc.data ?? null} onSaved={onSaved} />
      {params.id && session.can('analytics') && ( // zero for types the site does not report as document views
        <DocumentViews type={type.name} id={params.id} />
      )}
    </>
  );
}

interface EditorProps {
  type: TypeDescriptor;
  doc: AdminDocument | null;
  onSaved(message: string | null): void;
}

function Editor({ type, doc, onSaved }: EditorProps) {
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [initial] = useState(() => dataToForm(type.fields, doc?.data ?? null));
  const [state, setState] = useState<Record<string, unknown>>(initial);
  const dirty = JSON.stringify(state) !== JSON.stringify(initial);
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
    mutationFn: async (data: Record<string, unknown>) => {
      if (doc) {
        // the version this form started from: the server answers 409 if someone saved in between
        return unwrap(
          await api.PUT('/admin/v1/content/{type}/{id}', {
            params: { path: { type: type.name, id: doc.id } },
            body: { data, version: doc.version, slug: doc.slug },
          }),
        );
      }
      return unwrap(await api.POST('/admin/v1/content/{type}', { params: { path: { type: type.name } }, body: { data } }));
    },
    onSuccess: async (result) => {
      leaving.current = true;
      onSaved(`Saved version ${result.version}.`);
      await queryClient.invalidateQueries({ queryKey: ['content', type.name] });
      queryClient.setQueryData(['document', type.name, String(result.id)], result);
      if (!doc) await navigate({ to: '/content/$type/$id', params: { type: type.name, id: String(result.id) } });
    },
    onError: (error) => {
      if (error instanceof ApiProblem && (error.status === 422 || error.status === 400)) {
        setErrors(mapValidationErrors(error.details, type.fields));
      } else if (error instanceof ApiProblem && error.status === 409) {
        const mapped = mapValidationErrors(error.details, type.fields);
        setErrors({
          fields: mapped.fields,
          general: [
            error.details.version
              ? 'Someone saved this document after you opened it. Copy your changes, reload the page, and apply them again.'
              : error.message,
          ],
        });
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
    onSuccess: (result, action) => {
      onSaved(action === 'publish' ? 'Published.' : 'Unpublished.');
      queryClient.setQueryData(['document', type.name, String(result.id)], result);
      void queryClient.invalidateQueries({ queryKey: ['content', type.name] });
    },
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
    save.mutate(data);
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
      <form onSubmit={submit} noValidate className="editor">
        {type.fields.map((field) => {
          const { Input } = kindFor(field);
          return (
            <div key={field.name} data-field={field.name}>
              <Input
                field={field}
                value={state[field.name]}
                onChange={(value) => setState((s) => ({ ...s, [field.name]: value }))}
                error={errors.fields[field.name]}
              />
            </div>
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
    </>
  );
}
