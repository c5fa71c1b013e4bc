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

/** The names of the fields whose values differ between two documents' data, in descriptor order. */
export function changedFields(
  fields: { name: string }[],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): string[] {
  return fields.filter((f) => !sameValue(before[f.name], after[f.name])).map((f) => f.name);
}
