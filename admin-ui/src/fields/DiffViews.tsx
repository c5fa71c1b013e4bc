import { Fragment, type ReactNode } from 'react';
import type { FieldDescriptor } from '../api/missing-paths';
import { jsonDiff, listDiff, wordDiff, type DiffPart } from '../editing/diff';

/** What a field's diff view gets: the API values before and after (either may be null). */
export interface DiffProps {
  field: FieldDescriptor;
  before: unknown;
  after: unknown;
}

/** Removed runs struck through, added runs underlined; each also named for screen readers. */
function Parts({ parts, block = false }: { parts: DiffPart[]; block?: boolean }) {
  const Tag = block ? 'pre' : 'p';
  return (
    <Tag className="diff">
      {parts.map((p, i) =>
        p.kind === 'same' ? (
          <span key={i}>{p.text}</span>
        ) : p.kind === 'removed' ? (
          <del key={i}>
            <span className="sr-only">removed: </span>
            {p.text}
          </del>
        ) : (
          <Fragment key={i}>
            {parts[i - 1]?.kind === 'removed' && !block ? ' ' : null /* a replaced word reads "old new", not "oldnew" */}
            <ins>
              <span className="sr-only">added: </span>
              {p.text}
            </ins>
          </Fragment>
        ),
      )}
    </Tag>
  );
}

const show = (v: unknown): string => (v == null || v === '' ? '(empty)' : typeof v === 'string' ? v : JSON.stringify(v));

/** Scalars (numbers, booleans, dates, enums, media, single relations): the old value, then the new one. */
export function ValueDiff({ before, after }: DiffProps): ReactNode {
  return (
    <p className="diff">
      <del>
        <span className="sr-only">before: </span>
        {show(before)}
      </del>{' '}
      <span aria-hidden="true">→</span>{' '}
      <ins>
        <span className="sr-only">after: </span>
        {show(after)}
      </ins>
    </p>
  );
}

export const TextDiff = ({ before, after }: DiffProps) => <Parts parts={wordDiff(before, after)} />;
export const RichTextDiff = ({ before, after }: DiffProps) => <Parts parts={wordDiff(before, after, true)} block />;
export const JsonDiff = ({ before, after }: DiffProps) => <Parts parts={jsonDiff(before, after)} block />;

export function ListDiff({ before, after }: DiffProps): ReactNode {
  return (
    <ul className="diff diff-list">
      {listDiff(before, after).map((p, i) => (
        <li key={i}>
          {p.kind === 'same' ? p.text : p.kind === 'removed' ? <del><span className="sr-only">removed: </span>{p.text}</del> : <ins><span className="sr-only">added: </span>{p.text}</ins>}
        </li>
      ))}
    </ul>
  );
}

export function BooleanDiff({ before, after }: DiffProps): ReactNode {
  const yn = (v: unknown) => (v === true ? 'Yes' : v === false ? 'No' : '(empty)');
  return <ValueDiff field={{ name: '', type: 'boolean', label: '' }} before={yn(before)} after={yn(after)} />;
}

export function RelationDiff(props: DiffProps): ReactNode {
  const ids = (v: unknown) => (Array.isArray(v) ? v.map((x) => `#${x}`) : v == null ? null : `#${v}`);
  return props.field.many ? (
    <ListDiff {...props} before={ids(props.before)} after={ids(props.after)} />
  ) : (
    <ValueDiff {...props} before={ids(props.before)} after={ids(props.after)} />
  );
}
