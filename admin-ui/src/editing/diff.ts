import { diffArrays, diffLines, diffWords } from 'diff';

/** One run of a diff: kept, removed (only before) or added (only after). */
export interface DiffPart {
  kind: 'same' | 'removed' | 'added';
  text: string;
}

function parts(changes: { value: string | string[]; added?: boolean; removed?: boolean }[], join = ''): DiffPart[] {
  return changes.map((c) => ({
    kind: c.added ? 'added' : c.removed ? 'removed' : 'same',
    text: Array.isArray(c.value) ? c.value.join(join) : c.value,
  }));
}

/** Rich text compared as the words a reader sees: tags do not count, block ends become line breaks. */
export function htmlToText(html: string): string {
  return html
    .replace(/<\/(p|h[1-6]|li|blockquote|pre|tr)>|<br\s*\/?>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&nbsp;/g, ' ')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{2,}/g, '\n')
    .trim();
}

const asText = (v: unknown) => (v == null ? '' : typeof v === 'string' ? v : String(v));

/** Word by word: text, rich text (as text) and one-line values. */
export function wordDiff(before: unknown, after: unknown, html = false): DiffPart[] {
  const a = html ? htmlToText(asText(before)) : asText(before);
  const b = html ? htmlToText(asText(after)) : asText(after);
  return parts(diffWords(a, b));
}

/** Line by line, for JSON values (pretty-printed with sorted keys, so key order is no change). */
export function jsonDiff(before: unknown, after: unknown): DiffPart[] {
  return parts(diffLines(prettyJson(before), prettyJson(after)));
}

export function prettyJson(value: unknown): string {
  if (value == null) return '';
  const sorted = (v: unknown): unknown =>
    Array.isArray(v)
      ? v.map(sorted)
      : v && typeof v === 'object'
        ? Object.fromEntries(
            Object.keys(v as object)
              .sort()
              .map((k) => [k, sorted((v as Record<string, unknown>)[k])]),
          )
        : v;
  return `${JSON.stringify(sorted(value), null, 2)}\n`;
}

/** Item by item, for lists of strings and many-relations. */
export function listDiff(before: unknown, after: unknown): DiffPart[] {
  const a = Array.isArray(before) ? before.map(String) : [];
  const b = Array.isArray(after) ? after.map(String) : [];
  return diffArrays(a, b).flatMap((c) =>
    c.value.map((item) => ({ kind: c.added ? 'added' : c.removed ? 'removed' : 'same', text: item }) as DiffPart),
  );
}
