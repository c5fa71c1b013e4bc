/**
 * The local draft journal: unsaved form state kept per user and document in localStorage, so a closed tab or a
 * crash loses nothing. Only field values go in, never tokens or session data. A save clears the entry.
 */
export interface DraftEntry {
  /** the form state, field name to input state */
  state: Record<string, unknown>;
  /** the document version the edits started from (0 for a new document) */
  baseVersion: number;
  /** when it was written, ms since the epoch */
  savedAt: number;
}

const PREFIX = 'bw-draft:';

/** Journal entries older than this are dropped when read. */
export const MAX_AGE_MS = 30 * 24 * 3600_000;

export function journalKey(user: number | string, type: string, id: number | string | undefined): string {
  return `${PREFIX}${user}:${type}:${id ?? 'new'}`;
}

export function writeDraft(key: string, state: Record<string, unknown>, baseVersion: number, now = Date.now()): void {
  try {
    localStorage.setItem(key, JSON.stringify({ state, baseVersion, savedAt: now } satisfies DraftEntry));
  } catch {
    // storage full or disabled: the unsaved-changes guard still asks before leaving
  }
}

export function readDraft(key: string, now = Date.now()): DraftEntry | null {
  let raw: string | null;
  try {
    raw = localStorage.getItem(key);
  } catch {
    return null;
  }
  if (!raw) return null;
  try {
    const entry = JSON.parse(raw) as Partial<DraftEntry>;
    if (!entry || typeof entry.state !== 'object' || entry.state === null || typeof entry.savedAt !== 'number') {
      clearDraft(key);
      return null;
    }
    if (now - entry.savedAt > MAX_AGE_MS) {
      clearDraft(key);
      return null;
    }
    return { state: entry.state, baseVersion: entry.baseVersion ?? 0, savedAt: entry.savedAt };
  } catch {
    clearDraft(key);
    return null;
  }
}

export function clearDraft(key: string): void {
  try {
    localStorage.removeItem(key);
  } catch {
    // nothing kept, nothing to clear
  }
}
