/** Structural equality of API values (JSON): key order does not matter, `undefined` counts as `null`. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === undefined) a = null;
  if (b === undefined) b = null;
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => sameValue(x, b[i]));
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = new Set([...Object.keys(ao), ...Object.keys(bo)]);
  for (const key of keys) if (!sameValue(ao[key], bo[key])) return false;
  return true;
}

/**
 * A media value names an asset by its library path (`/media/<key>`): versions store that path, while the document's
 * current data may show it as a URL under the media base (a CDN, PUBLIC_URL). Both name the same asset.
 */
function mediaPath(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const at = v.indexOf('/media/');
  return at >= 0 ? v.slice(at) : v;
}

/** Equality of one field's values, as its type means them. */
export function sameFieldValue(field: { type?: string }, a: unknown, b: unknown): boolean {
  return field.type === 'media' ? sameValue(mediaPath(a), mediaPath(b)) : sameValue(a, b);
}

/** The names of the fields whose values differ between two documents' data, in descriptor order. */
export function changedFields(
  fields: { name: string; type?: string }[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return fields.filter((f) => !sameFieldValue(f, before[f.name], after[f.name])).map((f) => f.name);
}
