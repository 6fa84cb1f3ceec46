/**
 * The transactional outbox and its webhook dispatcher. See docs/events-and-jobs.md.
 *
 * Every state change writes its event into `kernel_outbox` in the change's own transaction (`recordAction` in
 * audit.ts), so an event exists exactly when its change committed. The dispatcher then
 *
 *   1. fans out: claims undispatched outbox rows, writes one `kernel_event_deliveries` row per matching active
 *      webhook, and stamps the event `dispatched_at` — one transaction, so no event is lost or fanned out twice;
 *   2. delivers: claims due pending deliveries (pushing `next_attempt_at` forward by a lease and counting the
 *      attempt), POSTs the signed event envelope, and records delivered / retry at the next backoff step / dead.
 *
 * Both claims use `claimTransaction` (jobs.ts): `FOR UPDATE SKIP LOCKED` on PostgreSQL, so several server
 * processes share the work; `BEGIN IMMEDIATE` on SQLite. A result is written only if the attempt counter still
 * matches the claim, so a process that overran its lease cannot overwrite a newer attempt. Delivery is at least
 * once: consumers dedupe on the event id.
 *
 * Signature header (like Stripe's): `OneWindow-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`.
 * Webhook secrets are stored encrypted (k.cipher), shown once at creation and never logged or listed.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { AppError, invalid, notFound } from './errors.ts';
import { requirePermission, type Ctx } from './context.ts';
import type { Kernel } from './kernel.ts';
import type { EventDeliveryTable, OutboxTable, WebhookTable } from './db/kernel-tables.ts';
import { claimTransaction, JobRunner, lockCandidates, PollLoop, workerId, type WorkerLog } from './jobs.ts';
import { newId } from './ids.ts';
import './db/kernel-tables.ts';

/** Delay before retry n after attempt n failed; after the attempt following the last step the delivery is dead. */
export const DELIVERY_BACKOFF_MS: readonly number[] = [30_000, 120_000, 600_000, 3_600_000, 21_600_000];
/** Consumers should reject a signature whose timestamp is further than this from their clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
export const DELIVERY_TIMEOUT_MS = 10_000;

export const DELIVERY_STATUSES = ['pending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What a webhook receives (the JSON body), what a subscriber is handed, and what the feed lists. */
export type { EventEnvelope } from './events.ts';
import type { EventEnvelope } from './events.ts';
import type { Subscriber } from './subscribers.ts';
import type { Executor } from './db/types.ts';

/** Deliveries to an in-process subscriber are kept under this target instead of a webhook id. */
export const SUBSCRIBER_TARGET = 'subscriber:';

/** A subscriber as the dispatcher runs it: its handler already bound to the kernel. */
export interface BoundSubscriber {
  name: string;
  events: readonly string[];
  handle(event: EventEnvelope, tx: Executor): Promise<void>;
}

/** Binds each module's subscribers to the kernel for the dispatcher. */
export function bindSubscribers(k: Kernel, subscribers: readonly Subscriber[]): BoundSubscriber[] {
  return subscribers.map((s) => ({ name: s.name, events: s.events, handle: (event, tx) => s.handle(k, event, tx) }));
}

export interface Webhook {
  id: string;
  url: string;
  description: string | null;
  eventTypes: string[];
  active: boolean;
  createdAt: string;
}

export interface Delivery {
  eventId: string;
  webhookId: string;
  eventType: string | null;
  webhookUrl: string | null;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: string | null;
  lastStatus: number | null;
  lastError: string | null;
  deliveredAt: string | null;
  createdAt: string;
  updatedAt: string;
}

type K = Pick<Kernel, 'db' | 'adapter' | 'clock' | 'cipher' | 'config' | 'audit'>;

// ---------------------------------------------------------------------------------------------------------------
// Signatures and patterns
// ---------------------------------------------------------------------------------------------------------------

function hmacHex(secret: string, t: number, body: string): string {
  return createHmac('sha256', secret).update(`${t}.${body}`, 'utf8').digest('hex');
}

/** The `OneWindow-Signature` header value for a raw body sent at unix second `t`. */
export function signatureHeader(secret: string, body: string, t: number): string {
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/**
 * What a consumer does (exported for Node consumers and tests): parse `t` and every `v1`, recompute the HMAC over
 * "<t>.<raw body>", compare in constant time, and reject a timestamp more than `toleranceSeconds` from now.
 */
export function verifySignature(
  header: string,
  body: string,
  secret: string,
  nowSeconds: number,
  toleranceSeconds = SIGNATURE_TOLERANCE_SECONDS,
): boolean {
  let t: number | null = null;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const i = part.indexOf('=');
    if (i < 0) continue;
    const key = part.slice(0, i).trim();
    const value = part.slice(i + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1') candidates.push(value);
  }
  if (t === null || Math.abs(nowSeconds - t) > toleranceSeconds) return false;
  const expected = Buffer.from(hmacHex(secret, t, body), 'hex');
  return candidates.some((c) => /^[0-9a-f]{64}$/.test(c) && timingSafeEqual(Buffer.from(c, 'hex'), expected));
}

const PATTERN = /^(\*|[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*(\.\*)?)$/;

/** Event type patterns: `*` (everything), an exact type, or a prefix ending in `.*` (`registry.*`, `registry.enterprise.*`). */
export function matchesEventType(patterns: readonly string[], type: string): boolean {
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

// ---------------------------------------------------------------------------------------------------------------
// Admin: webhooks, dead letters, the feed
// ---------------------------------------------------------------------------------------------------------------

const PERMISSION = 'events:manage';

function toWebhook(k: K, r: WebhookTable): Webhook {
  return {
    id: r.id,
    url: r.url,
    description: r.description,
    eventTypes: r.event_types as string[],
    active: r.active,
    createdAt: r.created_at,
  };
}

function checkUrl(k: K, raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw invalid('body.url', 'WEBHOOK_URL_INVALID', '回调地址不是有效的 URL', 'The webhook URL is not a valid URL');
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:')
    throw invalid('body.url', 'WEBHOOK_URL_INVALID', '回调地址须为 http(s)', 'The webhook URL must be http(s)');
  if (k.config.mode === 'production' && u.protocol !== 'https:')
    throw invalid(
      'body.url',
      'WEBHOOK_URL_INSECURE',
      '生产环境的回调地址须使用 https',
      'In production the webhook URL must use https',
    );
  if (u.username || u.password)
    throw invalid(
      'body.url',
      'WEBHOOK_URL_INVALID',
      '回调地址不能包含用户名或密码',
      'The webhook URL must not contain credentials',
    );
  if (u.hash)
    throw invalid(
      'body.url',
      'WEBHOOK_URL_INVALID',
      '回调地址不能包含 # 片段',
      'The webhook URL must not contain a fragment',
    );
  return u.toString();
}

export interface WebhookInput {
  url: string;
  eventTypes: string[];
  description?: string | null;
}

/** Creates a subscription. The returned `secret` is shown only here; it is stored encrypted. */
export async function createWebhook(k: K, ctx: Ctx, input: WebhookInput): Promise<Webhook & { secret: string }> {
  requirePermission(ctx, PERMISSION);
  const url = checkUrl(k, input.url);
  const eventTypes = [...new Set(input.eventTypes.map((p) => p.trim()))];
  if (eventTypes.length === 0)
    throw invalid(
      'body.eventTypes',
      'EVENT_TYPES_REQUIRED',
      '至少订阅一种事件类型',
      'Subscribe to at least one event type',
    );
  eventTypes.forEach((p, i) => {
    if (!PATTERN.test(p))
      throw invalid(
        `body.eventTypes.${i}`,
        'EVENT_TYPE_PATTERN_INVALID',
        `事件类型模式无效：${p}`,
        `Not a valid event type pattern: ${p} (use *, module.subject.verb, or a prefix ending in .*)`,
      );
  });
  const secret = 'whsec_' + randomBytes(32).toString('base64url');
  const row: WebhookTable = {
    id: newId(ctx.now.getTime()),
    url,
    description: input.description?.trim() || null,
    secret: k.cipher.encrypt(secret),
    event_types: eventTypes,
    active: true,
    created_at: ctx.now.toISOString(),
    created_by: ctx.principal.id,
    deleted_at: null,
  };
  await k.db.transaction().execute(async (tx) => {
    await tx.insertInto('kernel_webhooks').values(row).execute();
    await k.audit.record(tx, ctx, {
      permission: PERMISSION,
      action: 'create_webhook',
      subjectType: 'kernel.webhook',
      subjectId: row.id,
      after: { id: row.id, url, eventTypes, description: row.description },
    });
  });
  return { ...toWebhook(k, row), secret };
}

/** Active subscriptions, oldest first, without their secrets. */
export async function listWebhooks(k: K, ctx: Ctx): Promise<Webhook[]> {
  requirePermission(ctx, PERMISSION);
  const rows = await k.db.selectFrom('kernel_webhooks').selectAll().where('active', '=', true).orderBy('id').execute();
  return rows.map((r) => toWebhook(k, r));
}

/** Deactivates a subscription and discards its undelivered (pending and dead) deliveries. */
export async function deleteWebhook(k: K, ctx: Ctx, id: string): Promise<void> {
  requirePermission(ctx, PERMISSION);
  await k.db.transaction().execute(async (tx) => {
    let q = tx.selectFrom('kernel_webhooks').selectAll().where('id', '=', id).where('active', '=', true);
    if (k.adapter.supportsRowLocks) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('Webhook 订阅 webhook', id, 'params.id');
    await tx
      .updateTable('kernel_webhooks')
      .set({ active: false, deleted_at: ctx.now.toISOString() })
      .where('id', '=', id)
      .execute();
    const discarded = await tx
      .deleteFrom('kernel_event_deliveries')
      .where('webhook_id', '=', id)
      .where('status', '!=', 'delivered')
      .executeTakeFirst();
    const w = toWebhook(k, row);
    await k.audit.record(tx, ctx, {
      permission: PERMISSION,
      action: 'delete_webhook',
      subjectType: 'kernel.webhook',
      subjectId: id,
      reason: `discarded ${Number(discarded.numDeletedRows)} undelivered deliveries`,
      before: { id, url: w.url, eventTypes: w.eventTypes, description: w.description },
    });
  });
}

type DeliveryRow = EventDeliveryTable & { event_type: string | null; webhook_url: string | null };

function toDelivery(r: DeliveryRow): Delivery {
  return {
    eventId: r.event_id,
    webhookId: r.webhook_id,
    eventType: r.event_type,
    webhookUrl: r.webhook_url,
    status: r.status as DeliveryStatus,
    attempts: Number(r.attempts),
    nextAttemptAt: r.status === 'pending' ? r.next_attempt_at : null,
    lastStatus: r.last_status === null ? null : Number(r.last_status),
    lastError: r.last_error,
    deliveredAt: r.delivered_at,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function deliveriesQuery(k: K) {
  return k.db
    .selectFrom('kernel_event_deliveries as d')
    .leftJoin('kernel_outbox as o', 'o.id', 'd.event_id')
    .leftJoin('kernel_webhooks as w', 'w.id', 'd.webhook_id')
    .selectAll('d')
    .select(['o.type as event_type', 'w.url as webhook_url']);
}

/** Dead deliveries, ordered by (event id, webhook id); `after` is the last key of the previous page. */
export async function listDeadLetters(
  k: K,
  ctx: Ctx,
  opts: { after: [string, string] | null; limit: number },
): Promise<Delivery[]> {
  requirePermission(ctx, PERMISSION);
  let q = deliveriesQuery(k).where('d.status', '=', 'dead');
  if (opts.after) {
    const [e, w] = opts.after;
    q = q.where((eb) =>
      eb.or([eb('d.event_id', '>', e), eb.and([eb('d.event_id', '=', e), eb('d.webhook_id', '>', w)])]),
    );
  }
  const rows = await q.orderBy('d.event_id').orderBy('d.webhook_id').limit(opts.limit).execute();
  return rows.map(toDelivery);
}

export async function getDelivery(k: K, eventId: string, webhookId: string): Promise<Delivery | null> {
  const r = await deliveriesQuery(k)
    .where('d.event_id', '=', eventId)
    .where('d.webhook_id', '=', webhookId)
    .executeTakeFirst();
  return r ? toDelivery(r) : null;
}

/** Puts a dead delivery back in the queue with a fresh retry schedule, due now. */
export async function redriveDelivery(k: K, ctx: Ctx, eventId: string, webhookId: string): Promise<Delivery> {
  requirePermission(ctx, PERMISSION);
  await k.db.transaction().execute(async (tx) => {
    let q = tx
      .selectFrom('kernel_event_deliveries')
      .selectAll()
      .where('event_id', '=', eventId)
      .where('webhook_id', '=', webhookId);
    if (k.adapter.supportsRowLocks) q = q.forUpdate();
    const row = await q.executeTakeFirst();
    if (!row) throw notFound('投递记录 delivery', `${eventId}/${webhookId}`, 'params.eventId');
    if (row.status !== 'dead') {
      throw new AppError({
        code: 'DELIVERY_NOT_DEAD',
        status: 409,
        field: 'params.eventId',
        zh: `该投递状态为 ${row.status}，只有死信可以重新投递`,
        en: `The delivery is ${row.status}; only dead deliveries can be redriven`,
      });
    }
    const now = ctx.now.toISOString();
    await tx
      .updateTable('kernel_event_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: now, updated_at: now })
      .where('event_id', '=', eventId)
      .where('webhook_id', '=', webhookId)
      .execute();
    await k.audit.record(tx, ctx, {
      permission: PERMISSION,
      action: 'redrive_delivery',
      subjectType: 'kernel.event_delivery',
      subjectId: `${eventId}:${webhookId}`,
      reason: `after ${Number(row.attempts)} attempts; last error: ${row.last_error ?? 'none'}`.slice(0, 500),
    });
  });
  return (await getDelivery(k, eventId, webhookId))!;
}

export function toEnvelope(k: Pick<K, 'adapter'>, r: OutboxTable): EventEnvelope {
  return {
    id: r.id,
    type: r.type,
    subjectType: r.subject_type,
    subjectId: r.subject_id,
    actionId: r.action_id,
    createdAt: r.created_at,
    payload: r.payload,
  };
}

/**
 * The outbox feed, by event id (UUIDv7, so time order). Ids are taken when the change is made, and changes commit
 * in any order, so an event may appear after one with a later id: pollers should re-read a short window.
 */
export async function listEvents(
  k: K,
  ctx: Ctx,
  opts: { after: string | null; limit: number; type?: string },
): Promise<EventEnvelope[]> {
  requirePermission(ctx, PERMISSION);
  let q = k.db.selectFrom('kernel_outbox').selectAll();
  if (opts.after) q = q.where('id', '>', opts.after);
  if (opts.type) q = q.where('type', '=', opts.type);
  const rows = await q.orderBy('id').limit(opts.limit).execute();
  return rows.map((r) => toEnvelope(k, r));
}

/** Counts for `onewindow events status`. */
export async function eventStats(
  k: Pick<K, 'db'>,
): Promise<{ undispatched: number; deliveries: Record<DeliveryStatus, number>; webhooks: number }> {
  const und = await k.db
    .selectFrom('kernel_outbox')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('dispatched_at', 'is', null)
    .executeTakeFirstOrThrow();
  const rows = await k.db
    .selectFrom('kernel_event_deliveries')
    .select((eb) => ['status', eb.fn.countAll<number>().as('n')])
    .groupBy('status')
    .execute();
  const hooks = await k.db
    .selectFrom('kernel_webhooks')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('deleted_at', 'is', null)
    .executeTakeFirstOrThrow();
  const deliveries = Object.fromEntries(DELIVERY_STATUSES.map((s) => [s, 0])) as Record<DeliveryStatus, number>;
  for (const r of rows) deliveries[r.status as DeliveryStatus] = Number(r.n);
  return { undispatched: Number(und.n), deliveries, webhooks: Number(hooks.n) };
}

// ---------------------------------------------------------------------------------------------------------------
// The dispatcher
// ---------------------------------------------------------------------------------------------------------------

export interface DispatcherOptions {
  /** Outbox events fanned out per round (default 100). */
  fanOutBatch?: number;
  /** Deliveries attempted per round, concurrently (default 20). */
  deliveryBatch?: number;
  /** How long a claimed delivery is held before another process may retry it (default 60 s). */
  leaseMs?: number;
  /** Per-request timeout (default 10 s). */
  timeoutMs?: number;
  /** Retry delays (default DELIVERY_BACKOFF_MS). */
  backoffMs?: readonly number[];
  /** The HTTP client (default global fetch). */
  fetch?: typeof fetch;
  log?: WorkerLog;
  /** In-process subscribers (ModuleDef.subscribers, bound to the kernel): delivered like webhooks, at least once. */
  subscribers?: readonly BoundSubscriber[];
}

export interface DispatchResult {
  fannedOut: number;
  attempted: number;
  delivered: number;
  retrying: number;
  dead: number;
  lost: number;
}

const silentLog: WorkerLog = { info() {}, warn() {}, error() {} };

function describeFetchError(e: unknown, timeoutMs: number): string {
  if (e instanceof Error) {
    if (e.name === 'TimeoutError' || e.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
    const cause = (e as Error & { cause?: { code?: string; message?: string } }).cause;
    return `${e.message}${cause ? `: ${cause.code ?? cause.message ?? ''}` : ''}`.slice(0, 500);
  }
  return String(e).slice(0, 500);
}

export class OutboxDispatcher {
  readonly owner = workerId();
  private readonly fanOutBatch: number;
  private readonly deliveryBatch: number;
  private readonly leaseMs: number;
  private readonly timeoutMs: number;
  private readonly backoff: readonly number[];
  private readonly fetch: typeof fetch;
  private readonly log: WorkerLog;
  private readonly loop: PollLoop;
  private readonly subscribers: Map<string, BoundSubscriber>;

  constructor(
    private readonly k: Pick<Kernel, 'db' | 'adapter' | 'clock' | 'cipher'>,
    opts: DispatcherOptions = {},
  ) {
    this.fanOutBatch = opts.fanOutBatch ?? 100;
    this.deliveryBatch = opts.deliveryBatch ?? 20;
    this.leaseMs = opts.leaseMs ?? 60_000;
    this.timeoutMs = opts.timeoutMs ?? DELIVERY_TIMEOUT_MS;
    this.backoff = opts.backoffMs ?? DELIVERY_BACKOFF_MS;
    this.fetch = opts.fetch ?? ((input, init) => fetch(input, init));
    this.log = opts.log ?? silentLog;
    this.subscribers = new Map((opts.subscribers ?? []).map((s) => [SUBSCRIBER_TARGET + s.name, s]));
    this.loop = new PollLoop(
      async () => {
        const r = await this.runOnce();
        return r.fannedOut > 0 || r.attempted > 0;
      },
      (e) => this.log.error({ err: e instanceof Error ? e.message : String(e) }, 'event dispatcher round failed'),
    );
  }

  /** One round: fan out undispatched events, then attempt the due deliveries. `now` defaults to the clock. */
  async runOnce(now?: Date): Promise<DispatchResult> {
    const at = now ?? this.k.clock.now();
    const fannedOut = await this.fanOut(at);
    return { fannedOut, ...(await this.deliverDue(at, now)) };
  }

  start(intervalMs = 1000): void {
    this.loop.start(intervalMs);
  }

  stop(): Promise<void> {
    return this.loop.stop();
  }

  /** Claims undispatched events and writes a delivery per matching active webhook, in one transaction. */
  async fanOut(at: Date): Promise<number> {
    const { db, adapter } = this.k;
    const iso = at.toISOString();
    return claimTransaction(db, adapter, async (tx) => {
      const events = await lockCandidates(
        adapter,
        tx
          .selectFrom('kernel_outbox')
          .select(['id', 'type'])
          .where('dispatched_at', 'is', null)
          .orderBy('id')
          .limit(this.fanOutBatch),
      ).execute();
      if (events.length === 0) return 0;
      const hooks = await tx
        .selectFrom('kernel_webhooks')
        .select(['id', 'event_types'])
        .where('active', '=', true)
        .execute();
      const patterns = [
        ...hooks.map((h) => ({ id: h.id, types: h.event_types as string[] })),
        ...[...this.subscribers].map(([target, s]) => ({ id: target, types: s.events as string[] })),
      ];
      const rows: EventDeliveryTable[] = [];
      for (const e of events) {
        for (const h of patterns) {
          if (!matchesEventType(h.types, e.type)) continue;
          rows.push({
            event_id: e.id,
            webhook_id: h.id,
            status: 'pending',
            attempts: 0,
            next_attempt_at: iso,
            last_status: null,
            last_error: null,
            delivered_at: null,
            created_at: iso,
            updated_at: iso,
          });
        }
      }
      for (let i = 0; i < rows.length; i += 50) {
        await tx
          .insertInto('kernel_event_deliveries')
          .values(rows.slice(i, i + 50))
          .onConflict((oc) => oc.columns(['event_id', 'webhook_id']).doNothing())
          .execute();
      }
      await tx
        .updateTable('kernel_outbox')
        .set({ dispatched_at: iso })
        .where(
          'id',
          'in',
          events.map((e) => e.id),
        )
        .execute();
      return events.length;
    });
  }

  private async claimDeliveries(at: Date): Promise<EventDeliveryTable[]> {
    const { db, adapter } = this.k;
    const iso = at.toISOString();
    return claimTransaction(db, adapter, async (tx) => {
      const due = await lockCandidates(
        adapter,
        tx
          .selectFrom('kernel_event_deliveries')
          .select(['event_id', 'webhook_id'])
          .where('status', '=', 'pending')
          .where('next_attempt_at', '<=', iso)
          .where((eb) =>
            eb.or([
              eb('webhook_id', 'in', eb.selectFrom('kernel_webhooks').select('id').where('active', '=', true)),
              ...(this.subscribers.size ? [eb('webhook_id', 'in', [...this.subscribers.keys()])] : []),
            ]),
          )
          .orderBy('next_attempt_at')
          .orderBy('event_id')
          .limit(this.deliveryBatch),
      ).execute();
      if (due.length === 0) return [];
      return tx
        .updateTable('kernel_event_deliveries')
        .set((eb) => ({
          attempts: eb('attempts', '+', 1),
          next_attempt_at: new Date(at.getTime() + this.leaseMs).toISOString(),
          updated_at: iso,
        }))
        .where((eb) =>
          eb.or(due.map((d) => eb.and([eb('event_id', '=', d.event_id), eb('webhook_id', '=', d.webhook_id)]))),
        )
        .returningAll()
        .execute();
    });
  }

  private async deliverDue(at: Date, explicitNow: Date | undefined): Promise<Omit<DispatchResult, 'fannedOut'>> {
    const result = { attempted: 0, delivered: 0, retrying: 0, dead: 0, lost: 0 };
    const claimed = await this.claimDeliveries(at);
    if (claimed.length === 0) return result;
    result.attempted = claimed.length;
    const { db } = this.k;
    const events = new Map(
      (
        await db
          .selectFrom('kernel_outbox')
          .selectAll()
          .where('id', 'in', [...new Set(claimed.map((d) => d.event_id))])
          .execute()
      ).map((e) => [e.id, e]),
    );
    const hooks = new Map(
      (
        await db
          .selectFrom('kernel_webhooks')
          .selectAll()
          .where('id', 'in', [...new Set(claimed.map((d) => d.webhook_id))])
          .execute()
      ).map((w) => [w.id, w]),
    );
    const outcomes = await Promise.all(
      claimed.map((d) => {
        const subscriber = this.subscribers.get(d.webhook_id);
        return subscriber
          ? this.attemptSubscriber(d, events.get(d.event_id), subscriber, explicitNow)
          : this.attempt(d, events.get(d.event_id), hooks.get(d.webhook_id), explicitNow);
      }),
    );
    for (const o of outcomes) result[o]++;
    return result;
  }

  /**
   * Runs a subscriber's handler on one event, in a transaction that also stores its receipt: a second delivery of
   * the same event finds the receipt and changes nothing. A throwing handler rolls back and is retried like a webhook.
   */
  private async attemptSubscriber(
    d: EventDeliveryTable,
    event: OutboxTable | undefined,
    s: BoundSubscriber,
    explicitNow: Date | undefined,
  ): Promise<'delivered' | 'retrying' | 'dead' | 'lost'> {
    let error: string | null = null;
    if (!event) error = 'the outbox event no longer exists';
    else {
      try {
        const at = (explicitNow ?? this.k.clock.now()).toISOString();
        await this.k.db.transaction().execute(async (tx) => {
          const r = await tx
            .insertInto('kernel_subscriber_receipts')
            .values({ subscriber: s.name, event_id: event.id, handled_at: at })
            .onConflict((oc) => oc.columns(['subscriber', 'event_id']).doNothing())
            .executeTakeFirst();
          if (Number(r.numInsertedOrUpdatedRows ?? 0) === 0) return; // handled before: at least once, effective once
          await s.handle(toEnvelope(this.k, event), tx);
        });
      } catch (e) {
        error = e instanceof Error ? e.message.slice(0, 500) : String(e).slice(0, 500);
      }
    }
    return this.recordOutcome(d, error, null, explicitNow, !event);
  }

  /** Sends one delivery and records the outcome, if the claim is still ours. */
  private async attempt(
    d: EventDeliveryTable,
    event: OutboxTable | undefined,
    hook: WebhookTable | undefined,
    explicitNow: Date | undefined,
  ): Promise<'delivered' | 'retrying' | 'dead' | 'lost'> {
    let status: number | null = null;
    let error: string | null = null;
    if (!event || !hook) {
      error = !event ? 'the outbox event no longer exists' : 'the webhook no longer exists';
    } else {
      const body = JSON.stringify(toEnvelope(this.k, event));
      const t = Math.floor((explicitNow ?? this.k.clock.now()).getTime() / 1000);
      try {
        const res = await this.fetch(hook.url, {
          method: 'POST',
          headers: {
            'Content-Type': 'application/json',
            'User-Agent': 'OneWindow-Webhooks/1',
            'OneWindow-Event-Id': event.id,
            'OneWindow-Event-Type': event.type,
            'OneWindow-Delivery-Attempt': String(Number(d.attempts)),
            'OneWindow-Signature': signatureHeader(this.k.cipher.decrypt(hook.secret), body, t),
          },
          body,
          redirect: 'manual',
          signal: AbortSignal.timeout(this.timeoutMs),
        });
        status = res.status;
        await res.body?.cancel().catch(() => {});
        if (status < 200 || status > 299) error = `HTTP ${status}`;
      } catch (e) {
        error = describeFetchError(e, this.timeoutMs);
      }
    }

    return this.recordOutcome(d, error, status, explicitNow, !event || !hook);
  }

  /** Records delivered / retry at the next backoff step / dead, if the claim is still ours. */
  private async recordOutcome(
    d: EventDeliveryTable,
    error: string | null,
    status: number | null,
    explicitNow: Date | undefined,
    gone: boolean,
  ): Promise<'delivered' | 'retrying' | 'dead' | 'lost'> {
    const attempts = Number(d.attempts);
    const at = (explicitNow ?? this.k.clock.now()).toISOString();
    let outcome: 'delivered' | 'retrying' | 'dead';
    let set: Partial<EventDeliveryTable>;
    if (error === null) {
      outcome = 'delivered';
      set = {
        status: 'delivered',
        last_status: status,
        last_error: null,
        delivered_at: at,
        next_attempt_at: at,
        updated_at: at,
      };
    } else if (attempts > this.backoff.length || gone) {
      outcome = 'dead';
      set = { status: 'dead', last_status: status, last_error: error, next_attempt_at: at, updated_at: at };
    } else {
      outcome = 'retrying';
      set = {
        status: 'pending',
        last_status: status,
        last_error: error,
        next_attempt_at: new Date(new Date(at).getTime() + this.backoff[attempts - 1]).toISOString(),
        updated_at: at,
      };
    }
    const r = await this.k.db
      .updateTable('kernel_event_deliveries')
      .set(set)
      .where('event_id', '=', d.event_id)
      .where('webhook_id', '=', d.webhook_id)
      .where('status', '=', 'pending')
      .where('attempts', '=', attempts)
      .executeTakeFirst();
    const logFields = { event: d.event_id, webhook: d.webhook_id, attempt: attempts, status, err: error };
    if (Number(r.numUpdatedRows) !== 1) {
      this.log.warn(
        logFields,
        'delivery result not recorded: the delivery changed meanwhile (reclaimed after its lease, or its webhook deleted)',
      );
      return 'lost';
    }
    if (outcome === 'dead') this.log.warn(logFields, 'event delivery dead-lettered');
    else if (outcome === 'retrying')
      this.log.info({ ...logFields, retryAt: set.next_attempt_at }, 'event delivery failed; retry scheduled');
    return outcome;
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Wiring
// ---------------------------------------------------------------------------------------------------------------

export interface Workers {
  runner: JobRunner;
  dispatcher: OutboxDispatcher;
  /** Stops polling and waits for the rounds in progress. */
  stop(): Promise<void>;
}

/**
 * Starts this process's job runner and event dispatcher (config.workers). Register job handlers on `runner`
 * before calling, or pass `register`; a runner without handlers claims nothing.
 */
export function startWorkers(
  k: Kernel,
  register?: (runner: JobRunner) => void,
  subscribers: readonly Subscriber[] = [],
): Workers {
  const log = k.log.child({ component: 'workers' });
  const runner = new JobRunner({ db: k.db, adapter: k.adapter, clock: k.clock, log });
  register?.(runner);
  const dispatcher = new OutboxDispatcher(k, { log, subscribers: bindSubscribers(k, subscribers) });
  runner.start(k.config.workers.jobsIntervalMs);
  dispatcher.start(k.config.workers.dispatchIntervalMs);
  log.info(
    {
      owner: runner.owner,
      jobKinds: runner.kinds,
      jobsIntervalMs: k.config.workers.jobsIntervalMs,
      dispatchIntervalMs: k.config.workers.dispatchIntervalMs,
    },
    'workers started',
  );
  return {
    runner,
    dispatcher,
    async stop() {
      await Promise.all([runner.stop(), dispatcher.stop()]);
      log.info({}, 'workers stopped');
    },
  };
}
