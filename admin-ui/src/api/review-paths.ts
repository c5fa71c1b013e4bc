/**
 * Shapes of the admin routes the review, events and users screens use whose OpenAPI description is only an object:
 * plugin routes (their bodies are the plugin's own) and the workflow definitions. `reviewApi` is the one client,
 * typed with these too.
 */
import type { Client } from 'openapi-fetch';
import { api } from './client';
import type { MissingPaths, Op, StaffUser, TypeDescriptor } from './missing-paths';

export interface WorkflowStepView {
  from: string;
  to: string;
  roles: string[];
  fields: string[];
  required: string[];
}

export interface WorkflowDefinition {
  type: string;
  field: string;
  steps: WorkflowStepView[];
}

export interface HistoryEntry {
  from: string;
  to: string;
  note: string | null;
  actor: string;
  at: string;
}

export interface WorkflowStateView {
  id: number;
  type: string;
  field: string;
  state: string;
  next: WorkflowStepView[];
  history: HistoryEntry[];
}

export interface Score {
  id: number;
  reviewer_id: number;
  innovation: number;
  feasibility: number;
  impact: number;
  team: number;
  note?: string;
  created_at: string;
}

export interface RankingRow {
  rank: number | null;
  id: number;
  team_name: string;
  project_title: string;
  status: string;
  total_score: number | null;
  funding_amount: number | null;
  reviews: number;
}

export interface Registration {
  id: number;
  user_id: number;
  status: 'registered' | 'waitlisted' | 'cancelled' | 'attended';
  registration_date: string;
  email?: string;
  full_name?: string;
}

export interface EventRegistrations {
  event: number;
  attendees_limit: number | null;
  current_attendees: number | null;
  registrations: Registration[];
}

export interface Invitation {
  id: number;
  email: string;
  role: string;
  invited_by: number | null;
  status: 'pending' | 'expired' | 'accepted' | 'revoked';
  user_id: number | null;
  created_at: string;
  sent_at: string | null;
  expires_at: string;
  accepted_at: string | null;
  revoked_at: string | null;
}

export interface RoleView {
  name: string;
  staff: boolean;
}

export interface ReviewPaths {
  '/admin/v1/invitations': {
    get: Op<Invitation[], never, { status?: string }>;
    post: Op<Invitation, { email: string; role: string }>;
  };
  '/admin/v1/invitations/{id}': { delete: Op<Invitation> };
  '/admin/v1/invitations/{id}/resend': { post: Op<Invitation> };
  '/admin/v1/roles': { get: Op<RoleView[]> };
  '/admin/v1/types/{type}': { get: Op<TypeDescriptor> };
  '/admin/v1/users/{id}': {
    patch: Op<StaffUser, { role?: string; is_active?: boolean }>;
    delete: Op<{ id: number }>;
  };
  '/admin/v1/workflows': { get: Op<WorkflowDefinition[]> };
  '/admin/v1/workflows/{type}/{id}': { get: Op<WorkflowStateView> };
  '/admin/v1/workflows/{type}/{id}/transitions': {
    post: Op<WorkflowStateView, { to: string; note?: string; data?: Record<string, unknown> }>;
  };
  '/admin/v1/accelerator/applications/{id}/scores': {
    get: Op<Score[]>;
    post: Op<Score, Record<string, number | string>>;
  };
  '/admin/v1/accelerator/ranking': { get: Op<RankingRow[], never, { status?: string }> };
  '/admin/v1/events/{id}/registrations': { get: Op<EventRegistrations> };
  '/admin/v1/events/{id}/attendance': { post: Op<Registration, { user_id: number; attended: boolean }> };
}

export const reviewApi = api as unknown as Client<ReviewPaths & MissingPaths>;
