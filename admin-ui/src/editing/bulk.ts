/** The outcome of one bulk action over a selection: which ids went through, and why the others did not. */
export interface BulkResult {
  done: number[];
  failed: { id: number; message: string }[];
}

/**
 * Runs one admin call per selected document, a few at a time (the list shows at most 100, so this stays quick and
 * each document keeps its own checks, versions, webhooks and audit entry). Failures do not stop the rest.
 */
export async function runBulk(
  ids: number[],
  call: (id: number) => Promise<unknown>,
  concurrency = 4,
): Promise<BulkResult> {
  const result: BulkResult = { done: [], failed: [] };
  let next = 0;
  const worker = async () => {
    while (next < ids.length) {
      const id = ids[next++]!;
      try {
        await call(id);
        result.done.push(id);
      } catch (e) {
        result.failed.push({ id, message: e instanceof Error ? e.message : String(e) });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, ids.length) }, worker));
  result.done.sort((a, b) => a - b);
  result.failed.sort((a, b) => a.id - b.id);
  return result;
}

/** A one-line report of a bulk result, e.g. "Published 3 of 4. #12: The document changed". */
export function bulkReport(verb: string, total: number, result: BulkResult): string {
  const head = `${verb} ${result.done.length} of ${total}.`;
  return result.failed.length ? `${head} ${result.failed.map((f) => `#${f.id}: ${f.message}`).join('; ')}` : head;
}

/** The list columns in the URL (`cols=a,b`), kept to the type's own fields, in descriptor order. */
export function parseColumns(raw: string | undefined, fieldNames: string[]): string[] | null {
  if (raw === undefined) return null;
  const wanted = new Set(raw.split(',').filter(Boolean));
  return fieldNames.filter((n) => wanted.has(n));
}
