/** Bytes as people read them: 812 B, 4.2 KB, 13 MB. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** An ISO timestamp in the browser's locale and time zone; empty for none. */
export function formatTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? iso : date.toLocaleString();
}

/** A page number from the URL: a positive integer, else 1. */
export function pageOf(raw: unknown): number {
  const page = Number(raw);
  return Number.isInteger(page) && page > 0 ? page : 1;
}

/** One of the allowed values from the URL, else undefined. */
export function oneOf<T extends string>(raw: unknown, allowed: readonly T[]): T | undefined {
  return allowed.find((value) => value === raw);
}

/** Non-empty text from the URL, else undefined. */
export function textOf(raw: unknown): string | undefined {
  return typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : undefined;
}
