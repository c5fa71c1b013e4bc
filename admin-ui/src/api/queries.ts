import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from './client';
import type { AdminDocument, FieldDescriptor, TypeDescriptor } from './missing-paths';

/** The content types in force (descriptors); they change only with a deploy. */
export function useTypes() {
  return useQuery({
    queryKey: ['types'],
    queryFn: async () => unwrap(await api.GET('/admin/v1/types')).map(withLabels),
    staleTime: 5 * 60_000,
  });
}

/** A descriptor without its own label gets its name back as label; editors read "Event type", not "event_type". */
export function humanize(name: string): string {
  const words = name.replace(/_/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function withLabels(type: TypeDescriptor): TypeDescriptor {
  return {
    ...type,
    fields: type.fields.map((f) => (f.label && f.label !== f.name ? f : { ...f, label: humanize(f.name) })),
  };
}

/** The field a document is named by in lists and pickers: the slug source, else the first one-line text field. */
export function titleField(type: TypeDescriptor): FieldDescriptor | undefined {
  return (
    type.fields.find((f) => f.name === type.slugFrom) ??
    type.fields.find((f) => f.type === 'string' || f.type === 'email')
  );
}

/** The field a search box filters with `contains`: a filterable one-line text field. */
export function searchField(type: TypeDescriptor): FieldDescriptor | undefined {
  const title = titleField(type);
  if (title?.filterable) return title;
  return type.fields.find((f) => f.filterable && (f.type === 'string' || f.type === 'email' || f.type === 'text'));
}

export function documentTitle(type: TypeDescriptor | undefined, doc: Pick<AdminDocument, 'id' | 'slug' | 'data'>): string {
  const field = type && titleField(type);
  const value = field ? doc.data[field.name] : undefined;
  return typeof value === 'string' && value !== '' ? value : (doc.slug ?? `#${doc.id}`);
}
