/**
 * Precise shapes for the admin API routes the app uses most. The admin OpenAPI document (openapi/admin.json, taken
 * from the running server's /admin/v1 listener at /openapi.json) now has every route, and src/api/admin.d.ts is
 * generated from it (`npm run api:types`). But the document lists the content routes once per type, not as
 * /content/{type}, and it describes some payloads only as objects. The entries here stay until those schemas name
 * every field; delete an entry once the generated `paths` types it as precisely.
 */
import type { components } from './admin';

export type ApiError = components['schemas']['Error'];

export interface Envelope<T> {
  success: true;
  data: T;
  message?: string;
  meta?: { pagination?: Pagination };
}

export interface Pagination {
  page: number;
  pageSize: number;
  total: number;
  pageCount: number;
  totalExact?: boolean;
}

export interface FieldDescriptor {
  name: string;
  type: string;
  label: string;
  required?: boolean;
  min?: number;
  max?: number;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  values?: string[];
  default?: unknown;
  to?: string;
  many?: boolean;
  filterable?: boolean;
  sortable?: boolean;
  searchable?: boolean;
  private?: boolean;
  staffOnly?: boolean;
  /** layout hints: help under the input, the form section it sits in, half the form's width */
  description?: string;
  group?: string;
  width?: 'half';
}

export interface TypeDescriptor {
  name: string;
  label: string;
  description: string;
  kind: 'collection' | 'single' | 'submission';
  access: { read: string; create: string; review: string[] };
  slugFrom?: string;
  fields: FieldDescriptor[];
}

export interface AdminDocument {
  id: number;
  type: string;
  slug: string | null;
  status: 'draft' | 'published' | 'archived';
  version: number;
  data: Record<string, unknown>;
  created_at: string;
  updated_at: string;
  published_at: string | null;
  publish_at?: string | null;
  unpublish_at?: string | null;
}

/** One entry of a document's version history (the list leaves out `data`). */
export interface VersionEntry {
  version: number;
  action: string;
  slug: string | null;
  author: string;
  created_at: string;
  data?: Record<string, unknown>;
}

/** One event in a document's timeline (GET .../timeline), newest first. */
export interface TimelineEntry {
  at: string;
  kind: 'version' | 'publish' | 'unpublish' | 'schedule' | 'webhook' | 'mail' | 'audit';
  summary: string;
  actor: string | null;
  detail: Record<string, unknown>;
}

export interface SessionInfo {
  user: { id: number; email: string; full_name: string; role: string };
  role: string;
  permissions: string[];
  /** The plugins' admin routes the role may call, as `METHOD /path` (plugins name roles, not permissions). */
  routes?: string[];
}

export interface OpenedSession extends SessionInfo {
  access_token: string;
  expires_in: number;
}

export interface StaffUser {
  id: number;
  email: string;
  full_name: string;
  role: string;
  is_active: boolean;
}

export interface Op<Res, Body = never, Query = never> {
  parameters: { query?: Query; path?: Record<string, string | number> };
  requestBody?: [Body] extends [never] ? never : { content: { 'application/json': Body } };
  responses: {
    200: { content: { 'application/json': Envelope<Res> } };
    201: { content: { 'application/json': Envelope<Res> } };
    default: { content: { 'application/json': ApiError } };
  };
}

export type ListQuery = Record<string, string | number | undefined>;

export interface MissingPaths {
  '/admin/v1/session': {
    get: Op<SessionInfo>;
    post: Op<OpenedSession, { email: string; password: string }>;
    delete: Op<Record<string, never>>;
  };
  '/admin/v1/session/refresh': { post: Op<OpenedSession> };
  '/admin/v1/types': { get: Op<TypeDescriptor[]> };
  '/admin/v1/content/{type}': {
    get: Op<AdminDocument[], never, ListQuery>;
    post: Op<AdminDocument, { data: Record<string, unknown>; slug?: string }>;
  };
  '/admin/v1/content/{type}/{id}': {
    get: Op<AdminDocument>;
    put: Op<AdminDocument, { data: Record<string, unknown>; version?: number; slug?: string | null }>;
    delete: Op<{ id: number }>;
  };
  '/admin/v1/content/{type}/{id}/publish': { post: Op<AdminDocument> };
  '/admin/v1/content/{type}/{id}/unpublish': { post: Op<AdminDocument> };
  '/admin/v1/content/{type}/{id}/versions': { get: Op<VersionEntry[]> };
  '/admin/v1/content/{type}/{id}/versions/{version}': { get: Op<VersionEntry> };
  '/admin/v1/content/{type}/{id}/timeline': { get: Op<TimelineEntry[]> };
  '/admin/v1/content/{type}/{id}/rollback': { post: Op<AdminDocument, { version: number }> };
  '/admin/v1/content/{type}/{id}/schedule': {
    put: Op<AdminDocument, { publish_at: string | null; unpublish_at: string | null }>;
  };
  '/admin/v1/users': { get: Op<StaffUser[], never, ListQuery> };
}
