import { lazy, Suspense, type ReactNode } from 'react';
import {
  Button,
  Checkbox,
  FieldError,
  Input,
  Label,
  ListBox,
  ListBoxItem,
  Popover,
  Select,
  SelectValue,
  Text,
  TextArea,
  TextField,
} from 'react-aria-components';
import type { FieldDescriptor } from '../api/missing-paths';
import {
  BooleanDiff,
  JsonDiff,
  ListDiff,
  RelationDiff,
  RichTextDiff,
  TextDiff,
  ValueDiff,
  type DiffProps,
} from './DiffViews';
import { JsonInput } from './JsonInput';
import { MediaInput } from './MediaInput';
import { RelationInput } from './RelationInput';

/** What every input gets: the descriptor, its state, and the server's (or conversion's) message for it. */
export interface InputProps {
  field: FieldDescriptor;
  value: unknown;
  onChange(value: unknown): void;
  error?: string | undefined;
}

/** One field type's editor, list cell and diff view. Conversions live in conversions.ts (pure, unit-tested). */
export interface FieldKind {
  Input(props: InputProps): ReactNode;
  Cell(props: { field: FieldDescriptor; value: unknown }): ReactNode;
  /** how two API values of the field differ (version history, merge view) */
  Diff(props: DiffProps): ReactNode;
}

// TipTap is heavy: it loads with the first rich-text field, never with the app (see the budget in docs/admin.md)
const LazyRichText = lazy(() => import('./RichTextEditor'));
function RichTextInput(props: InputProps) {
  return (
    <Suspense
      fallback={
        <div className="field">
          <span className="react-aria-Label">{props.field.label}</span>
          <p role="status">Loading the editor…</p>
        </div>
      }
    >
      <LazyRichText {...props} />
    </Suspense>
  );
}

/** The kinds whose input shows the field's help itself (in its description slot); the form shows the others'. */
export const SHOWS_OWN_HELP = new Set(['string', 'email', 'url', 'text', 'integer', 'number', 'datetime', 'date', 'strings']);

function hint(field: FieldDescriptor): string | undefined {
  const parts: string[] = field.description ? [field.description] : [];
  const unit = field.type === 'strings' ? 'items' : 'characters';
  if (field.minLength != null && field.maxLength != null) parts.push(`${field.minLength}–${field.maxLength} ${unit}`);
  else if (field.maxLength != null) parts.push(`at most ${field.maxLength} ${unit}`);
  else if (field.minLength != null) parts.push(`at least ${field.minLength} ${unit}`);
  if (field.min != null && field.max != null) parts.push(`from ${field.min} to ${field.max}`);
  else if (field.min != null) parts.push(`at least ${field.min}`);
  else if (field.max != null) parts.push(`at most ${field.max}`);
  if (field.type === 'strings') parts.push('one per line');
  if (field.type === 'datetime') parts.push('your local time');
  return parts.length ? parts.join(' · ') : undefined;
}

function textInput(type: 'text' | 'email' | 'url' | 'date' | 'datetime-local', inputMode?: 'numeric' | 'decimal') {
  return function TextInput({ field, value, onChange, error }: InputProps) {
    const help = hint(field);
    return (
      <TextField
        className="field"
        name={field.name}
        value={String(value ?? '')}
        onChange={onChange}
        isRequired={field.required ?? false}
        isInvalid={!!error}
        type={type}
        {...(inputMode ? { inputMode } : {})}
      >
        <Label>{field.label}</Label>
        <Input />
        {help && <Text slot="description">{help}</Text>}
        <FieldError>{error}</FieldError>
      </TextField>
    );
  };
}

function areaInput(rows: number, monospace = false) {
  return function AreaInput({ field, value, onChange, error }: InputProps) {
    const help = hint(field);
    return (
      <TextField
        className="field"
        name={field.name}
        value={String(value ?? '')}
        onChange={onChange}
        isRequired={field.required ?? false}
        isInvalid={!!error}
      >
        <Label>{field.label}</Label>
        <TextArea rows={rows} className={monospace ? 'mono' : undefined} />
        {help && <Text slot="description">{help}</Text>}
        <FieldError>{error}</FieldError>
      </TextField>
    );
  };
}

function BooleanInput({ field, value, onChange, error }: InputProps) {
  return (
    <div className="field">
      <Checkbox name={field.name} isSelected={value === true} onChange={onChange} isInvalid={!!error}>
        <span className="checkbox-box" aria-hidden="true" />
        {field.label}
      </Checkbox>
      {error && <p className="field-error">{error}</p>}
    </div>
  );
}

const NONE = '__none__';

function EnumInput({ field, value, onChange, error }: InputProps) {
  const options = field.required ? (field.values ?? []) : [NONE, ...(field.values ?? [])];
  return (
    <Select
      className="field"
      name={field.name}
      selectedKey={value === '' || value == null ? (field.required ? null : NONE) : String(value)}
      onSelectionChange={(key) => onChange(key === NONE || key == null ? '' : String(key))}
      isRequired={field.required ?? false}
      isInvalid={!!error}
      placeholder="Choose…"
    >
      <Label>{field.label}</Label>
      <Button className="select-button">
        <SelectValue />
        <span aria-hidden="true">▾</span>
      </Button>
      <FieldError>{error}</FieldError>
      <Popover>
        <ListBox>
          {options.map((option) => (
            <ListBoxItem key={option} id={option}>
              {option === NONE ? '(none)' : option}
            </ListBoxItem>
          ))}
        </ListBox>
      </Popover>
    </Select>
  );
}

const dateTimeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

function truncate(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

const TextCell = ({ value }: { value: unknown }) => <>{value == null ? '' : truncate(String(value))}</>;
const HtmlCell = ({ value }: { value: unknown }) => (
  <>{typeof value === 'string' ? truncate(value.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ').trim()) : ''}</>
);

/** The one registry: each descriptor field type to its input, list cell and diff view. */
export const fieldRegistry: Record<string, FieldKind> = {
  string: { Input: textInput('text'), Cell: TextCell, Diff: TextDiff },
  email: { Input: textInput('email'), Cell: TextCell, Diff: ValueDiff },
  url: { Input: textInput('url'), Cell: TextCell, Diff: ValueDiff },
  text: { Input: areaInput(5), Cell: TextCell, Diff: TextDiff },
  richtext: { Input: RichTextInput, Cell: HtmlCell, Diff: RichTextDiff },
  integer: { Input: textInput('text', 'numeric'), Cell: TextCell, Diff: ValueDiff },
  number: { Input: textInput('text', 'decimal'), Cell: TextCell, Diff: ValueDiff },
  boolean: {
    Input: BooleanInput,
    Cell: ({ value }) => <>{value === true ? 'Yes' : value === false ? 'No' : ''}</>,
    Diff: BooleanDiff,
  },
  datetime: {
    Input: textInput('datetime-local'),
    Cell: ({ value }) => <>{typeof value === 'string' ? dateTimeFormat.format(new Date(value)) : ''}</>,
    Diff: ({ field, before, after }) => {
      const local = (v: unknown) => (typeof v === 'string' ? dateTimeFormat.format(new Date(v)) : v);
      return <ValueDiff field={field} before={local(before)} after={local(after)} />;
    },
  },
  date: { Input: textInput('date'), Cell: TextCell, Diff: ValueDiff },
  enum: {
    Input: EnumInput,
    Cell: ({ value }) => (value == null ? null : <span className="badge">{String(value)}</span>),
    Diff: ValueDiff,
  },
  json: {
    Input: JsonInput,
    Cell: ({ value }) => <code>{value == null ? '' : truncate(JSON.stringify(value), 40)}</code>,
    Diff: JsonDiff,
  },
  strings: {
    Input: areaInput(4),
    Cell: ({ value }) => <>{Array.isArray(value) ? truncate(value.join(', ')) : ''}</>,
    Diff: ListDiff,
  },
  media: {
    Input: MediaInput,
    Cell: ({ value }) => <>{typeof value === 'string' ? truncate(value.split('/').pop() ?? value, 40) : ''}</>,
    Diff: ValueDiff,
  },
  relation: {
    Input: RelationInput,
    Cell: ({ value }) => (
      <>{Array.isArray(value) ? `${value.length} linked` : typeof value === 'number' ? `#${value}` : ''}</>
    ),
    Diff: RelationDiff,
  },
};

/** The field types the registry knows; unknown ones fall back to the JSON editor. */
export function kindFor(field: FieldDescriptor): FieldKind {
  return fieldRegistry[field.type] ?? fieldRegistry.json!;
}
