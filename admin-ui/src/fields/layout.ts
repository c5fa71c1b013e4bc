import type { FieldDescriptor } from '../api/missing-paths';

/** A run of fields the form shows together: under a titled section when they share a `group`. */
export interface Section {
  group?: string;
  fields: FieldDescriptor[];
}

/**
 * The descriptor's fields in its order, cut into sections: consecutive fields with the same group share one, and
 * fields without a group stand alone between them. A group named again further down starts a new section there: the
 * descriptor's order is what the form shows.
 */
export function sections(fields: FieldDescriptor[]): Section[] {
  const out: Section[] = [];
  for (const field of fields) {
    const last = out[out.length - 1];
    if (last && last.group === field.group) last.fields.push(field);
    else out.push(field.group ? { group: field.group, fields: [field] } : { fields: [field] });
  }
  return out;
}
