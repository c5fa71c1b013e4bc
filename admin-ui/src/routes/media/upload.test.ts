import { afterEach, describe, expect, it, vi } from 'vitest';
import { setAccessToken } from '../../session/tokens';
import { outcome, percent, uploadFile } from './upload';

/** A stand-in for XMLHttpRequest that answers with a scripted status and reports upload progress first. */
function fakeXhr(answers: { status: number; body: unknown }[], seen: { headers: Record<string, string>; sent: unknown[] }) {
  return () => {
    const answer = answers.shift()!;
    const request = {
      upload: { onprogress: null as ((e: { lengthComputable: boolean; loaded: number }) => void) | null },
      onload: null as (() => void) | null,
      onerror: null as (() => void) | null,
      status: 0,
      response: null as unknown,
      responseType: '',
      open: vi.fn(),
      setRequestHeader: (name: string, value: string) => {
        seen.headers[name] = value;
      },
      send(body: unknown) {
        seen.sent.push(body);
        request.upload.onprogress?.({ lengthComputable: true, loaded: 5 });
        request.upload.onprogress?.({ lengthComputable: true, loaded: 10 });
        request.status = answer.status;
        request.response = answer.body;
        request.onload?.();
      },
    };
    return request as unknown as XMLHttpRequest;
  };
}

afterEach(() => {
  setAccessToken(null);
  vi.unstubAllGlobals();
});

describe('uploadFile', () => {
  it('sends the file as multipart with the access token and reports progress', async () => {
    setAccessToken('abc');
    const seen = { headers: {} as Record<string, string>, sent: [] as unknown[] };
    const progress: number[] = [];
    const file = new File(['0123456789'], 'logo.png', { type: 'image/png' });
    const state = await uploadFile(file, (sent) => progress.push(sent), fakeXhr([{ status: 201, body: { data: { id: 7 } } }], seen));
    expect(state).toEqual({ status: 'done', name: 'logo.png', size: 10, id: 7, duplicate: false });
    expect(progress).toEqual([5, 10]);
    expect(seen.headers.Authorization).toBe('Bearer abc');
    expect((seen.sent[0] as FormData).get('file')).toBeInstanceOf(File);
  });

  it('refreshes an expired session once and sends again', async () => {
    setAccessToken('old');
    vi.stubGlobal(
      'fetch',
      vi.fn(async () => new Response(JSON.stringify({ data: { access_token: 'new' } }), { status: 200 })),
    );
    const seen = { headers: {} as Record<string, string>, sent: [] as unknown[] };
    const file = new File(['x'], 'a.pdf');
    const state = await uploadFile(file, () => {}, fakeXhr([{ status: 401, body: null }, { status: 200, body: { data: { id: 3 } } }], seen));
    expect(seen.sent).toHaveLength(2);
    expect(seen.headers.Authorization).toBe('Bearer new');
    expect(state).toMatchObject({ status: 'done', id: 3, duplicate: true });
  });
});

describe('outcome', () => {
  it('names the refusal with every detail', () => {
    const state = outcome(
      { name: 'x.exe', size: 3 },
      { status: 422, body: { error: { message: 'Invalid upload', details: { file: 'is not an accepted type' } } } },
    );
    expect(state).toEqual({ status: 'failed', name: 'x.exe', size: 3, message: 'Invalid upload: file is not an accepted type' });
  });

  it('says when the server cannot be reached', () => {
    expect(outcome({ name: 'a', size: 1 }, { status: 0, body: null })).toMatchObject({ message: 'The server cannot be reached' });
  });
});

describe('percent', () => {
  it('follows the bytes sent and is full when done', () => {
    expect(percent({ status: 'uploading', name: 'a', size: 200, sent: 50 })).toBe(25);
    expect(percent({ status: 'uploading', name: 'a', size: 0, sent: 0 })).toBe(0);
    expect(percent({ status: 'done', name: 'a', size: 1, id: 1, duplicate: false })).toBe(100);
    expect(percent({ status: 'failed', name: 'a', size: 1, message: 'no' })).toBe(0);
  });
});
