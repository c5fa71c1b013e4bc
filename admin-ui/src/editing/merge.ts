import { sameFieldValue } from './values';

/** Whose value a merged field takes. */
export type Side = 'mine' | 'theirs';

/** One field that either side changed since the version both started from. */
export interface MergeField {
  name: string;
  base: unknown;
  mine: unknown;
  theirs: unknown;
  /** both changed it, to different values: the editor must choose */
  conflict: boolean;
  /** the side taken when nobody chooses: the only side that changed it (theirs for a conflict, until chosen) */
  proposed: Side;
}

/**
 * A three-way comparison of the data a save started from (base), the data the editor wants (mine) and the data
 * saved meanwhile by someone else (theirs). Fields nobody changed, or both changed the same way, are left out.
 */
export function mergeFields(
  fields: { name: string; type?: string }[],
  base: Record<string, unknown>,
  mine: Record<string, unknown>,
  theirs: Record<string, unknown>,
): MergeField[] {
  const result: MergeField[] = [];
  for (const field of fields) {
    const { name } = field;
    const mineChanged = !sameFieldValue(field, base[name], mine[name]);
    const theirsChanged = !sameFieldValue(field, base[name], theirs[name]);
    if (!mineChanged && !theirsChanged) continue;
    if (sameFieldValue(field, mine[name], theirs[name])) continue;
    const conflict = mineChanged && theirsChanged;
    result.push({
      name,
      base: base[name] ?? null,
      mine: mine[name] ?? null,
      theirs: theirs[name] ?? null,
      conflict,
      proposed: mineChanged && !theirsChanged ? 'mine' : 'theirs',
    });
  }
  return result;
}

/** The data to save over theirs: their document with each merge field taken from the chosen side. */
export function applyChoices(
  theirs: Record<string, unknown>,
  fields: MergeField[],
  choices: Record<string, Side>,
): Record<string, unknown> {
  const merged: Record<string, unknown> = { ...theirs };
  for (const f of fields) merged[f.name] = (choices[f.name] ?? f.proposed) === 'mine' ? f.mine : f.theirs;
  return merged;
}

/** Conflicting fields nobody chose yet (a merge cannot be saved while there is one). */
export function unresolved(fields: MergeField[], choices: Record<string, Side>): string[] {
  return fields.filter((f) => f.conflict && !choices[f.name]).map((f) => f.name);
}
