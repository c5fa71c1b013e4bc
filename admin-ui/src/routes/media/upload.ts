import { accessToken, refreshSession } from '../../session/tokens';

/** One file's way into the library, for the upload list. */
export type UploadState =
  | { status: 'waiting'; name: string; size: number }
  | { status: 'uploading'; name: string; size: number; sent: number }
  | { status: 'done'; name: string; size: number; id: number; duplicate: boolean }
  | { status: 'failed'; name: string; size: number; message: string };

interface Answer {
  status: number;
  body: unknown;
}

/**
 * POSTs one file as multipart to the media library with XMLHttpRequest, the one browser API that reports upload
 * progress (fetch does not). Carries the in-memory access token; a 401 refreshes the session once and sends again.
 */
export async function uploadFile(file: File, onProgress: (sent: number) => void, xhr: () => XMLHttpRequest = () => new XMLHttpRequest()): Promise<UploadState> {
  let answer = await send(file, onProgress, xhr);
  if (answer.status === 401 && (await refreshSession())) answer = await send(file, onProgress, xhr);
  return outcome(file, answer);
}

function send(file: File, onProgress: (sent: number) => void, xhr: () => XMLHttpRequest): Promise<Answer> {
  return new Promise((resolve) => {
    const request = xhr();
    request.open('POST', '/admin/v1/media');
    const token = accessToken();
    if (token) request.setRequestHeader('Authorization', `Bearer ${token}`);
    request.responseType = 'json';
    request.upload.onprogress = (event) => onProgress(event.lengthComputable ? event.loaded : 0);
    request.onload = () => resolve({ status: request.status, body: request.response });
    request.onerror = () => resolve({ status: 0, body: null });
    const form = new FormData();
    form.append('file', file, file.name);
    request.send(form);
  });
}

/** What the server's answer means for the list: stored (new or already there), or refused with its reason. */
export function outcome(file: { name: string; size: number }, answer: Answer): UploadState {
  const body = answer.body as { data?: { id?: number }; error?: { message?: string; details?: Record<string, string> } } | null;
  if ((answer.status === 201 || answer.status === 200) && typeof body?.data?.id === 'number') {
    return { status: 'done', name: file.name, size: file.size, id: body.data.id, duplicate: answer.status === 200 };
  }
  const details = Object.entries(body?.error?.details ?? {}).map(([field, message]) => `${field} ${message}`);
  const message =
    answer.status === 0
      ? 'The server cannot be reached'
      : [body?.error?.message ?? `The server answered ${answer.status}`, ...details].join(': ');
  return { status: 'failed', name: file.name, size: file.size, message };
}

/** Percent of one upload sent, for its progress bar. */
export function percent(state: UploadState): number {
  if (state.status === 'done') return 100;
  if (state.status !== 'uploading' || state.size === 0) return 0;
  return Math.min(100, Math.round((state.sent / state.size) * 100));
}
