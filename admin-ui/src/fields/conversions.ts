import type { FieldDescriptor } from '../api/missing-paths';

/** A form value converted back to the API's value, or the reason it cannot be. */
export type Parsed = { ok: true; value: unknown } | { ok: false; error: string };

const ok = (value: unknown): Parsed => ({ ok: true, value });
const bad = (error: string): Parsed => ({ ok: false, error });

/** How one field type moves between the API's JSON value and the state of its form input. */
export interface Conversion {
  /** The API value (or null when absent) as the input's state. */
  toForm(value: unknown, field: FieldDescriptor): unknown;
  /** The input's state as the API value; empty inputs become null. */
  fromForm(state: unknown, field: FieldDescriptor): Parsed;
}

const text: Conversion = {
  toForm: (v) => (typeof v === 'string' ? v : v == null ? '' : String(v)),
  fromForm: (s) => ok(typeof s === 'string' && s !== '' ? s : null),
};

const pad = (n: number) => String(n).padStart(2, '0');

/** An instant as the value of a datetime-local input, in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const conversions: Record<string, Conversion> = {
  string: text,
  text,
  richtext: text,
  email: text,
  url: text,
  media: text,
  enum: text,
  date: text,
  integer: {
    toForm: (v) => (typeof v === 'number' ? String(v) : ''),
    fromForm: (s) => {
      const t = String(s ?? '').trim();
      if (t === '') return ok(null);
      return /^[-+]?\d+$/.test(t) && Number.isSafeInteger(Number(t)) ? ok(Number(t)) : bad('must be a whole number');
    },
  },
  number: {
    toForm: (v) => (typeof v === 'number' ? String(v) : ''),
    fromForm: (s) => {
      const t = String(s ?? '').trim();
      if (t === '') return ok(null);
      const n = Number(t);
      return Number.isFinite(n) ? ok(n) : bad('must be a number');
    },
  },
  boolean: {
    toForm: (v) => v === true,
    fromForm: (s) => ok(s === true),
  },
  datetime: {
    toForm: (v) => (typeof v === 'string' ? toLocalInput(v) : ''),
    fromForm: (s) => {
      const t = String(s ?? '');
      if (t === '') return ok(null);
      const d = new Date(t); // a datetime-local value is read in the browser's time zone
      return Number.isNaN(d.getTime()) ? bad('must be a date and time') : ok(d.toISOString());
    },
  },
  json: {
    toForm: (v) => (v == null ? '' : JSON.stringify(v, null, 2)),
    fromForm: (s) => {
      const t = String(s ?? '').trim();
      if (t === '') return ok(null);
      try {
        return ok(JSON.parse(t));
      } catch {
        return bad('is not valid JSON');
      }
    },
  },
  strings: {
    toForm: (v) => (Array.isArray(v) ? v.join('\n') : ''),
    fromForm: (s) => {
      const items = String(s ?? '')
        .split('\n')
        .map((line) => line.trim())
        .filter((line) => line !== '');
      return ok(items.length ? items : null);
    },
  },
  relation: {
    toForm: (v, field) =>
      field.many ? (Array.isArray(v) ? v.map(String) : []) : typeof v === 'number' ? String(v) : '',
    fromForm: (s, field) => {
      if (field.many) {
        const ids = Array.isArray(s) ? s.map(Number) : [];
        return ok(ids.length ? ids : null);
      }
      return ok(s === '' || s == null ? null : Number(s));
    },
  },
};

/** Builds the API's `data` from the form state; every field that cannot convert is named. */
export function formToData(
  fields: FieldDescriptor[],
  state: Record<string, unknown>,
): { data: Record<string, unknown>; errors: Record<string, string> } {
  const data: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of fields) {
    const parsed = conversionFor(field).fromForm(state[field.name], field);
    if (parsed.ok) data[field.name] = parsed.value;
    else errors[field.name] = parsed.error;
  }
  return { data, errors };
}

/** The form state for a document's data (a new document starts from the descriptor's defaults). */
export function dataToForm(fields: FieldDescriptor[], data: Record<string, unknown> | null): Record<string, unknown> {
  const state: Record<string, unknown> = {};
  for (const field of fields) {
    const value = data ? data[field.name] : field.default;
    state[field.name] = conversionFor(field).toForm(value ?? null, field);
  }
  return state;
}

export function conversionFor(field: FieldDescriptor): Conversion {
  return conversions[field.type] ?? conversions.json!;
}
