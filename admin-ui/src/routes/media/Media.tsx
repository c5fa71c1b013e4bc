import { keepPreviousData, useQuery, useQueryClient } from '@tanstack/react-query';
import { Link, getRouteApi } from '@tanstack/react-router';
import { useRef, useState, type DragEvent, type FormEvent } from 'react';
import { api } from '../../api/client';
import { useSession } from '../../session/SessionContext';
import { Forbidden } from '../Forbidden';
import { usePageTitle } from '../usePageTitle';
import { Pager } from '../common/Pager';
import { formatBytes, textOf } from '../common/format';
import { paged } from '../common/paged';
import { MEDIA_KINDS } from '../common/searches';
import { percent, uploadFile, type UploadState } from './upload';

const route = getRouteApi('/media');

export interface Asset {
  id: number;
  key: string;
  url: string;
  filename: string;
  content_type: string;
  kind: string;
  size: number;
  width: number | null;
  height: number | null;
  alt: string;
  caption: string;
  variants: { key: string; url: string; size: number; width: number; content_type: string }[];
  uploaded_by: string;
  created_at: string;
  used_by?: { type: string; id: number }[];
}

/** The smallest variant wide enough for a grid tile, else the file itself. */
export function thumbnail(asset: Asset): string {
  const fitting = [...asset.variants].sort((a, b) => a.width - b.width).find((v) => v.width >= 240);
  return fitting?.url ?? asset.url;
}

/** The media library: a grid with search and a type filter, and uploads by drag and drop (or choosing files) with progress. */
export function Media() {
  usePageTitle('Media');
  const session = useSession();
  const search = route.useSearch();
  const navigate = route.useNavigate();
  const queryClient = useQueryClient();
  const input = useRef<HTMLInputElement>(null);
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<UploadState[]>([]);
  const assets = useQuery({
    queryKey: ['media', search],
    enabled: session.can('media'),
    placeholderData: keepPreviousData,
    queryFn: async () =>
      paged<Asset>(await api.GET('/admin/v1/media', { params: { query: { q: search.q, kind: search.kind, page: search.page, pageSize: 24 } } })),
  });
  if (!session.can('media')) return <Forbidden />;

  const upload = async (files: File[]) => {
    const start = uploads.length;
    setUploads((prev) => [...prev, ...files.map((f): UploadState => ({ status: 'waiting', name: f.name, size: f.size }))]);
    const set = (index: number, state: UploadState) => setUploads((prev) => prev.map((u, i) => (i === start + index ? state : u)));
    for (const [index, file] of files.entries()) {
      set(index, { status: 'uploading', name: file.name, size: file.size, sent: 0 });
      set(index, await uploadFile(file, (sent) => set(index, { status: 'uploading', name: file.name, size: file.size, sent })));
    }
    void queryClient.invalidateQueries({ queryKey: ['media'] });
  };
  const drop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setOver(false);
    void upload([...event.dataTransfer.files]);
  };
  const submitSearch = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    void navigate({ search: (prev) => ({ ...prev, page: 1, q: textOf(new FormData(event.currentTarget).get('q')) }) });
  };

  return (
    <>
      <h1>Media</h1>
      <div
        className={`dropzone${over ? ' over' : ''}`}
        data-testid="dropzone"
        onDragOver={(e) => {
          e.preventDefault();
          setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
      >
        <p>Drop files here to upload them, or</p>
        <label className="button secondary" htmlFor="media-files">
          Choose files
        </label>
        <input
          id="media-files"
          ref={input}
          type="file"
          multiple
          className="sr-only"
          onChange={(e) => {
            void upload([...(e.target.files ?? [])]);
            e.target.value = '';
          }}
        />
      </div>
      {uploads.length > 0 && (
        <ul className="uploads" aria-label="Uploads">
          {uploads.map((u, i) => (
            <li key={i} data-testid={`upload-${u.name}`}>
              <span>{u.name}</span>
              <progress max={100} value={percent(u)} aria-label={`Upload of ${u.name}`} />
              <span role="status">
                {u.status === 'waiting' && 'waiting'}
                {u.status === 'uploading' && `${percent(u)} %`}
                {u.status === 'done' && (
                  <Link to="/media/$id" params={{ id: String(u.id) }}>
                    {u.duplicate ? 'already in the library' : 'uploaded'}
                  </Link>
                )}
                {u.status === 'failed' && <span className="alert">{u.message}</span>}
              </span>
            </li>
          ))}
        </ul>
      )}
      <form className="toolbar" role="search" onSubmit={submitSearch} key={search.q ?? ''}>
        <div className="field">
          <label htmlFor="media-q">Search</label>
          <input id="media-q" name="q" type="search" defaultValue={search.q ?? ''} placeholder="name, alt text or caption" />
        </div>
        <button type="submit" className="primary">
          Search
        </button>
        <label className="inline">
          Type
          <select
            value={search.kind ?? ''}
            onChange={(e) =>
              void navigate({ search: (prev) => ({ ...prev, page: 1, kind: (e.target.value || undefined) as (typeof MEDIA_KINDS)[number] | undefined }) })
            }
          >
            <option value="">all</option>
            {MEDIA_KINDS.map((k) => (
              <option key={k} value={k}>
                {k}
              </option>
            ))}
          </select>
        </label>
      </form>
      {assets.error && <p role="alert" className="alert">{assets.error.message}</p>}
      <ul className="media-grid" aria-label="Assets">
        {(assets.data?.items ?? []).map((a) => (
          <li key={a.id}>
            <Link to="/media/$id" params={{ id: String(a.id) }} className="media-card">
              {a.kind === 'image' ? (
                <img src={thumbnail(a)} alt="" loading="lazy" width={240} height={160} />
              ) : (
                <span className="media-placeholder" aria-hidden="true">
                  {a.kind}
                </span>
              )}
              <span className="media-name">{a.filename}</span>
            </Link>
            <span className="muted">
              {a.kind} · {formatBytes(a.size)}
              {a.width ? ` · ${a.width}×${a.height}` : ''}
            </span>
          </li>
        ))}
      </ul>
      {assets.data?.items.length === 0 && <p className="muted">Nothing matches.</p>}
      <Pager pagination={assets.data?.pagination} noun="assets" onPage={(page) => void navigate({ search: (prev) => ({ ...prev, page }) })} />
    </>
  );
}
