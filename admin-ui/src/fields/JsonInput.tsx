import { useId } from 'react';
import { prettyJson } from '../editing/diff';
import type { InputProps } from './registry';

/** The parse error of a JSON text, or null when it is empty or valid. */
export function jsonProblem(text: string): string | null {
  if (text.trim() === '') return null;
  try {
    JSON.parse(text);
    return null;
  } catch (e) {
    return e instanceof Error ? e.message : 'is not valid JSON';
  }
}

/**
 * JSON in a monospace text area, parsed as it is typed: a problem shows at once (before any save), and Format
 * rewrites valid JSON with sorted keys and indentation. A text area, not a code editor: it costs no bundle.
 */
export function JsonInput({ field, value, onChange, error }: InputProps) {
  const id = useId();
  const text = String(value ?? '');
  const problem = jsonProblem(text);
  const message = error ?? (problem ? `Not valid JSON yet: ${problem}` : undefined);
  return (
    <div className="field">
      <label htmlFor={id}>{field.label}</label>
      <textarea
        id={id}
        name={field.name}
        className="mono"
        rows={8}
        spellCheck={false}
        value={text}
        aria-invalid={!!message || undefined}
        aria-describedby={`${id}-help${message ? ` ${id}-error` : ''}`}
        onChange={(e) => onChange(e.target.value)}
      />
      <div className="inline">
        <span id={`${id}-help`} className="description">
          JSON; checked as you type
        </span>
        <button
          type="button"
          className="secondary small"
          disabled={!!problem || text.trim() === ''}
          onClick={() => onChange(prettyJson(JSON.parse(text)).trimEnd())}
        >
          Format {field.label}
        </button>
      </div>
      {message && (
        <p id={`${id}-error`} className="field-error">
          {message}
        </p>
      )}
    </div>
  );
}
