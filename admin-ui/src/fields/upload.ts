import { accessToken, refreshSession } from '../session/tokens';

/** An asset of the media library, as the admin API answers it. */
export interface Asset {
  id: number;
  key: string;
  url: string;
  filename: string;
  content_type: string;
  kind: string;
  size: number;
  alt?: string;
}

/** A refused upload, with the server's message. */
export class UploadProblem extends Error {}

function send(file: File, alt: string, onProgress: (fraction: number) => void): Promise<XMLHttpRequest> {
  // XMLHttpRequest, not fetch: only it reports upload progress
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    xhr.open('POST', '/admin/v1/media');
    const token = accessToken();
    if (token) xhr.setRequestHeader('Authorization', `Bearer ${token}`);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => resolve(xhr);
    xhr.onerror = () => reject(new UploadProblem('The upload failed: the server could not be reached'));
    const body = new FormData();
    body.append('alt', alt);
    body.append('file', file, file.name);
    xhr.send(body);
  });
}

/** Uploads one file to the media library (POST /admin/v1/media, multipart), reporting progress from 0 to 1. */
export async function uploadMedia(file: File, alt: string, onProgress: (fraction: number) => void): Promise<Asset> {
  let xhr = await send(file, alt, onProgress);
  if (xhr.status === 401 && (await refreshSession())) xhr = await send(file, alt, onProgress);
  let body: { data?: Asset; error?: { message?: string; details?: Record<string, string> } } = {};
  try {
    body = JSON.parse(xhr.responseText);
  } catch {
    // not the envelope: reported below by status
  }
  if (xhr.status >= 200 && xhr.status < 300 && body.data) return body.data;
  const details = Object.entries(body.error?.details ?? {}).map(([k, v]) => `${k} ${v}`);
  throw new UploadProblem(
    [body.error?.message ?? `The server answered ${xhr.status}`, ...details].join(': '),
  );
}

/** The value a media field stores for an asset: its library path. */
export const mediaValue = (asset: Pick<Asset, 'key'>) => `/media/${asset.key}`;
