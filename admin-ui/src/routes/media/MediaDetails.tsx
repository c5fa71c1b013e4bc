import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi, useNavigate } from '@tanstack/react-router';
import { useState, type FormEvent } from 'react';
import { api, unwrap } from '../../api/client';
import { useSession } from '../../session/SessionContext';
import { Forbidden } from '../Forbidden';
import { usePageTitle } from '../usePageTitle';
import { ConfirmButton } from '../common/Confirm';
import { formatBytes, formatTime } from '../common/format';
import type { Asset } from './Media';

const route = getRouteApi('/media/$id');

/** One asset: preview, facts, alt text and caption, its variants, where it is used; delete only what nothing uses. */
export function MediaDetails() {
  const id = Number(route.useParams().id);
  const session = useSession();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [notice, setNotice] = useState<string>();
  const asset = useQuery({
    queryKey: ['media', id],
    enabled: session.can('media'),
    queryFn: async () => unwrap(await api.GET('/admin/v1/media/{id}', { params: { path: { id } } })) as unknown as Asset,
    // a new image's variants are made in the background: look again for a minute
    refetchInterval: (query) => {
      const a = query.state.data;
      return a?.kind === 'image' && a.variants.length === 0 && Date.now() - Date.parse(a.created_at) < 60_000 ? 2000 : false;
    },
  });
  usePageTitle(asset.data?.filename ?? 'Media');
  const describe = useMutation({
    mutationFn: async (body: { alt: string; caption: string }) =>
      unwrap(await api.PATCH('/admin/v1/media/{id}', { params: { path: { id } }, body })),
    onSuccess: () => setNotice('Saved'),
    onSettled: () => queryClient.invalidateQueries({ queryKey: ['media'] }),
  });
  const remove = useMutation({
    mutationFn: async () => {
      const result = await api.DELETE('/admin/v1/media/{id}', { params: { path: { id } } });
      if (!result.response.ok) unwrap(result as never);
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: ['media'] });
      void navigate({ to: '/media', search: { page: 1 } });
    },
  });
  if (!session.can('media')) return <Forbidden />;
  const a = asset.data;
  const used = a?.used_by ?? [];
  const submit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    describe.mutate({ alt: String(form.get('alt') ?? ''), caption: String(form.get('caption') ?? '') });
  };
  return (
    <>
      <p>
        <Link to="/media" search={{ page: 1 }}>
          The media library
        </Link>
      </p>
      <h1>{a?.filename ?? 'Asset'}</h1>
      {asset.error && <p role="alert" className="alert">{asset.error.message}</p>}
      {a && (
        <div className="media-details">
          <div>
            {a.kind === 'image' ? (
              <img className="media-preview" src={a.url} alt={a.alt} />
            ) : (
              <a href={a.url}>Open the file</a>
            )}
          </div>
          <div>
            <dl className="facts">
              <dt>Type</dt>
              <dd>
                {a.kind} ({a.content_type})
              </dd>
              <dt>Size</dt>
              <dd>{formatBytes(a.size)}</dd>
              {a.width && (
                <>
                  <dt>Dimensions</dt>
                  <dd>
                    {a.width}×{a.height}
                  </dd>
                </>
              )}
              <dt>Uploaded</dt>
              <dd>
                {formatTime(a.created_at)} by {a.uploaded_by}
              </dd>
              <dt>URL</dt>
              <dd>
                <code>{a.url}</code>
              </dd>
            </dl>
            <form className="editor" onSubmit={submit} key={`${a.alt}|${a.caption}`}>
              <div className="field">
                <label htmlFor="asset-alt">Alt text</label>
                <input id="asset-alt" name="alt" defaultValue={a.alt} maxLength={1000} aria-describedby="asset-alt-help" />
                <span id="asset-alt-help" className="muted">
                  What the image shows, for people who cannot see it.
                </span>
              </div>
              <div className="field">
                <label htmlFor="asset-caption">Caption</label>
                <input id="asset-caption" name="caption" defaultValue={a.caption} maxLength={1000} />
              </div>
              <div className="actions">
                <button type="submit" className="primary" disabled={describe.isPending}>
                  Save
                </button>
              </div>
              <p role="status" className="notice">
                {notice}
              </p>
              {describe.error && <p role="alert" className="alert">{describe.error.message}</p>}
            </form>
          </div>
        </div>
      )}
      {a && (
        <>
          <h2>Variants</h2>
          {a.variants.length === 0 ? (
            <p className="muted">None{a.kind === 'image' ? ' (yet: they are made in the background)' : ''}.</p>
          ) : (
            <table className="list compact">
              <caption className="sr-only">Variants</caption>
              <thead>
                <tr>
                  <th scope="col">Width</th>
                  <th scope="col">Type</th>
                  <th scope="col">Size</th>
                  <th scope="col">File</th>
                </tr>
              </thead>
              <tbody>
                {a.variants.map((v) => (
                  <tr key={v.key}>
                    <td>{v.width} px</td>
                    <td>{v.content_type}</td>
                    <td>{formatBytes(v.size)}</td>
                    <td>
                      <a href={v.url}>{v.key}</a>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h2>Where it is used</h2>
          {used.length === 0 ? (
            <p className="muted" data-testid="used-by">
              Nothing uses it.
            </p>
          ) : (
            <ul data-testid="used-by">
              {used.map((u) => (
                <li key={`${u.type}-${u.id}`}>
                  {u.type === 'user' ? (
                    `The avatar of user #${u.id}`
                  ) : (
                    <Link to="/content/$type/$id" params={{ type: u.type, id: String(u.id) }}>
                      {u.type} #{u.id}
                    </Link>
                  )}
                </li>
              ))}
            </ul>
          )}
          <h2>Delete</h2>
          {used.length > 0 ? (
            <p>
              It cannot be deleted while {used.length === 1 ? 'a document uses' : `${used.length} documents use`} it: remove it from
              them first.
            </p>
          ) : (
            <ConfirmButton label="Delete this asset" title={`Delete “${a.filename}”?`} confirmLabel="Delete" onConfirm={() => remove.mutate()}>
              The file and its variants are removed from storage. Links to it stop working.
            </ConfirmButton>
          )}
          {remove.error && <p role="alert" className="alert">{remove.error.message}</p>}
        </>
      )}
    </>
  );
}
