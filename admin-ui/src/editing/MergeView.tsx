import { useEffect, useRef, useState } from 'react';
import type { AdminDocument, TypeDescriptor } from '../api/missing-paths';
import { kindFor } from '../fields/registry';
import { applyChoices, unresolved, type MergeField, type Side } from './merge';

export interface Conflict {
  /** the document as someone else saved it */
  theirs: AdminDocument;
  /** the version this editor started from */
  baseVersion: number;
  fields: MergeField[];
}

interface Props {
  type: TypeDescriptor;
  conflict: Conflict;
  saving: boolean;
  onSave(data: Record<string, unknown>, version: number): void;
  onCancel(): void;
}

/**
 * Shown when a save was refused with 409 because someone saved in between: per field that either side changed, their
 * change and mine (each as the field's diff against the version both started from), and a choice. A field changed
 * on both sides must be chosen; the others start on the side that changed them. The merge is saved over their version.
 */
export function MergeView({ type, conflict, saving, onSave, onCancel }: Props) {
  const [choices, setChoices] = useState<Record<string, Side>>({});
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  const open = unresolved(conflict.fields, choices);
  const byName = new Map(type.fields.map((f) => [f.name, f]));
  return (
    <section className="merge" aria-labelledby="merge-title">
      <h2 id="merge-title" tabIndex={-1} ref={heading}>
        Someone saved this document while you edited it
      </h2>
      <p>
        Your edits started from version {conflict.baseVersion}; version {conflict.theirs.version} is saved now. Choose,
        for each field below, which change to keep. Fields not listed are the same on both sides.
      </p>
      {conflict.fields.length === 0 && <p>Your edits and theirs are the same: save to keep them.</p>}
      {conflict.fields.map((f) => {
        const field = byName.get(f.name)!;
        const { Diff } = kindFor(field);
        const chosen = choices[f.name] ?? (f.conflict ? undefined : f.proposed);
        return (
          <fieldset key={f.name} className={`merge-field${f.conflict ? ' merge-conflict' : ''}`}>
            <legend>
              {field.label}
              {f.conflict ? ' — changed on both sides: choose one' : ''}
            </legend>
            {(['theirs', 'mine'] as const).map((side) => (
              <label key={side} className={`merge-side${chosen === side ? ' chosen' : ''}`}>
                <input
                  type="radio"
                  name={`merge-${f.name}`}
                  value={side}
                  checked={chosen === side}
                  onChange={() => setChoices((c) => ({ ...c, [f.name]: side }))}
                />
                <span className="merge-side-title">
                  {side === 'theirs' ? `Theirs (version ${conflict.theirs.version})` : 'Mine (not saved)'}
                </span>
                <Diff field={field} before={f.base} after={side === 'theirs' ? f.theirs : f.mine} />
              </label>
            ))}
          </fieldset>
        );
      })}
      {open.length > 0 && (
        <p className="field-error">
          Still to choose: {open.map((name) => byName.get(name)?.label ?? name).join(', ')}
        </p>
      )}
      <div className="actions">
        <button
          type="button"
          className="primary"
          disabled={open.length > 0 || saving}
          onClick={() => onSave(applyChoices(conflict.theirs.data, conflict.fields, choices), conflict.theirs.version)}
        >
          {saving ? 'Saving…' : `Save merged over version ${conflict.theirs.version}`}
        </button>
        <button type="button" className="secondary" onClick={onCancel}>
          Back to my edits
        </button>
      </div>
    </section>
  );
}
