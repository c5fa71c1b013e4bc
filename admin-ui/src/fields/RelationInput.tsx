import { useQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import { Button, Input, Label, SearchField } from 'react-aria-components';
import { api, unwrap } from '../api/client';
import { documentTitle, searchField, useTypes } from '../api/queries';
import type { InputProps } from './registry';

/** Without a filterable text field on the target, the newest documents are fetched and searched in the page. */
const UNFILTERED_PAGE = 100;

/**
 * Picks related documents with a server-side search from the first keystroke (a `contains` filter on the target's
 * filterable text field; for a target without one, a search within its newest documents). State: the chosen ids as
 * strings (one for a single relation, a list for `many`).
 */
export function RelationInput({ field, value, onChange, error }: InputProps) {
  const types = useTypes();
  const target = types.data?.find((t) => t.name === field.to);
  const [query, setQuery] = useState('');
  const search = target && searchField(target);
  const serverQuery = search ? query : '';
  const fetched = useQuery({
    queryKey: ['relation-options', field.to, serverQuery],
    enabled: !!target,
    queryFn: async () =>
      unwrap(
        await api.GET('/admin/v1/content/{type}', {
          params: {
            path: { type: field.to! },
            query: search
              ? { pageSize: 10, ...(query ? { [`filter[${search.name}][contains]`]: query } : {}) }
              : { pageSize: UNFILTERED_PAGE, sort: '-updated_at' },
          },
        }),
      ),
  });
  const needle = query.trim().toLowerCase();
  const results = {
    data: search
      ? fetched.data
      : fetched.data
          ?.filter((d) => !needle || documentTitle(target, d).toLowerCase().includes(needle))
          .slice(0, 10),
  };
  const chosen: string[] = field.many ? ((value as string[] | undefined) ?? []) : value ? [String(value)] : [];
  const choose = (id: string) => onChange(field.many ? [...chosen.filter((c) => c !== id), id] : id);
  const remove = (id: string) => onChange(field.many ? chosen.filter((c) => c !== id) : '');
  const errorId = useId();
  const labelId = useId();
  const titles = new Map(fetched.data?.map((d) => [String(d.id), documentTitle(target, d)]));

  return (
    <fieldset className="field relation" aria-describedby={error ? errorId : undefined} aria-invalid={!!error}>
      <legend id={labelId}>
        {field.label}
        {field.required ? ' *' : ''}
      </legend>
      <ul className="chips" aria-label={`Chosen ${field.label}`}>
        {chosen.length === 0 && <li className="muted">None chosen</li>}
        {chosen.map((id) => (
          <li key={id} className="chip">
            {titles.get(id) ?? `#${id}`}
            <Button className="chip-remove" aria-label={`Remove ${titles.get(id) ?? `#${id}`}`} onPress={() => remove(id)}>
              ×
            </Button>
          </li>
        ))}
      </ul>
      <SearchField value={query} onChange={setQuery} aria-label={`Search ${target?.label ?? field.to}`}>
        <Label className="sr-only">Search {target?.label ?? field.to}</Label>
        <Input placeholder={search ? `Search by ${search.label}…` : `Search the newest ${UNFILTERED_PAGE}…`} />
      </SearchField>
      <ul className="options" aria-label={`${target?.label ?? field.to} results`}>
        {results.data?.map((doc) => (
          <li key={doc.id}>
            <Button className="option" onPress={() => choose(String(doc.id))} isDisabled={chosen.includes(String(doc.id))}>
              {documentTitle(target, doc)} <span className="muted">#{doc.id}</span>
            </Button>
          </li>
        ))}
        {results.data?.length === 0 && <li className="muted">No matches</li>}
      </ul>
      {error && (
        <p id={errorId} className="field-error">
          {error}
        </p>
      )}
    </fieldset>
  );
}
