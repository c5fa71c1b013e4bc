import type { FieldDescriptor } from '../api/missing-paths';

/** A server refusal laid out for the form: messages at fields, and what belongs to no field. */
export interface FormErrors {
  fields: Record<string, string>;
  general: string[];
}

/**
 * Maps a 422's details onto the form. Keys name a field (`title`), a nested part of one (`links[2]`, `data.title`)
 * or something outside the fields (`slug`, `version`, `body`), which goes to the summary only.
 */
export function mapValidationErrors(details: Record<string, string>, fields: FieldDescriptor[]): FormErrors {
  const names = new Set(fields.map((f) => f.name));
  const result: FormErrors = { fields: {}, general: [] };
  for (const [key, message] of Object.entries(details)) {
    const path = key.startsWith('data.') ? key.slice('data.'.length) : key;
    const name = path.split(/[.[]/, 1)[0] ?? path;
    if (names.has(name)) {
      const prefix = path === name ? '' : `${path.slice(name.length)}: `;
      const text = prefix + message;
      result.fields[name] = result.fields[name] ? `${result.fields[name]}; ${text}` : text;
    } else {
      result.general.push(`${key} ${message}`);
    }
  }
  return result;
}
