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
  provisional: boolean;
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
  /** 'sha256' or 'sm3' (migration 0003; rows written before it read 'sha256'). */
  hash_alg: Generated<string>;
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

/** A webhook subscription (see src/kernel/outbox.ts). `secret` is ciphertext; `event_types` a JSON array of patterns. */
export interface WebhookTable {
  id: string;
  url: string;
  description: string | null;
  secret: string;
  event_types: unknown;
  active: boolean;
  created_at: string;
  created_by: string;
  deleted_at: string | null;
}

/** That a subscriber handled an event (its handler's changes committed with this row). */
export interface SubscriberReceiptTable {
  subscriber: string;
  event_id: string;
  handled_at: string;
}

/**
 * One outbox event for one target — a webhook (its id) or an in-process subscriber (`subscriber:<name>`):
 * pending → delivered, or dead after the last retry.
 */
export interface EventDeliveryTable {
  event_id: string;
  webhook_id: string;
  status: string;
  attempts: number;
  next_attempt_at: string;
  last_status: number | null;
  last_error: string | null;
  delivered_at: string | null;
  created_at: string;
  updated_at: string;
}

/** The job queue (see src/kernel/jobs.ts). */
export interface JobTable {
  id: string;
  kind: string;
  payload: unknown;
  due_at: string;
  status: string;
  attempts: number;
  max_attempts: number;
  lease_owner: string | null;
  lease_until: string | null;
  last_error: string | null;
  unique_key: string | null;
  created_at: string;
  updated_at: string;
}

export interface OfficeHoursTable {
  region: string;
  periods: unknown;
  updated_at: string;
}

declare module './types.ts' {
  interface Database {
    kernel_office_hours: OfficeHoursTable;
    kernel_idempotency: IdempotencyTable;
    kernel_calendar_years: CalendarYearTable;
    kernel_deadlines: DeadlineTable;
    kernel_actions: ActionTable;
    kernel_chain_heads: ChainHeadTable;
    kernel_audit_links: AuditLinkTable;
    kernel_outbox: OutboxTable;
    kernel_webhooks: WebhookTable;
    kernel_event_deliveries: EventDeliveryTable;
    kernel_subscriber_receipts: SubscriberReceiptTable;
    kernel_jobs: JobTable;
  }
}

export type { Generated };
