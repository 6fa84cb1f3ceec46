/** Row types of the kernel's own tables (see kernel-migrations.ts). */
import type { Generated } from 'kysely';

export interface IdempotencyTable {
  caller: string;
  key: string;
  route: string;
  request_hash: string;
  response_status: number;
  response_body: unknown;
  created_at: string;
}

export interface CalendarYearTable {
  year: number;
  source: string;
  days: unknown;
  loaded_at: string;
  loaded_by: string;
}

export interface DeadlineTable {
  id: string;
  subject_type: string;
  subject_id: string;
  purpose: string;
  unit: string;
  amount: number;
  start_at: string;
  pauses: unknown;
  due_date: string | null;
  due_at: string | null;
  provisional: unknown;
  updated_at: string;
}

export interface ActionTable {
  id: string;
  at: string;
  actor_id: string;
  actor_role: string;
  on_behalf_of: string | null;
  action: string;
  subject_type: string;
  subject_id: string;
  reason: string | null;
  rule_version: string | null;
  before_digest: string | null;
  after_digest: string | null;
  request_id: string | null;
  chain: number;
  position: number;
}

export interface ChainHeadTable {
  chain: number;
  position: number;
  hash: string;
}

export interface AuditLinkTable {
  chain: number;
  position: number;
  action_id: string;
  prev_hash: string;
  hash: string;
}

export interface OutboxTable {
  id: string;
  type: string;
  action_id: string | null;
  subject_type: string;
  subject_id: string;
  payload: unknown;
  created_at: string;
  dispatched_at: string | null;
}

declare module './types.ts' {
  interface Database {
    kernel_idempotency: IdempotencyTable;
    kernel_calendar_years: CalendarYearTable;
    kernel_deadlines: DeadlineTable;
    kernel_actions: ActionTable;
    kernel_chain_heads: ChainHeadTable;
    kernel_audit_links: AuditLinkTable;
    kernel_outbox: OutboxTable;
  }
}

export type { Generated };
