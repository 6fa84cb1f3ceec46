/**
 * `k.audit.record(tx, ctx, …)`: the one way a service writes an action. The actor (id, acting role, and the legal
 * person acted for) and the time come from the request context; the event, if any, is checked against its
 * declaration; then the action row, its chain link and its outbox event are written in the caller's transaction
 * (audit.ts `recordAction`), with the hash algorithm the kernel was configured with.
 *
 * Subject types are named `<module>.<subject>` in snake_case (`registry.enterprise`, `catalog.implementation`,
 * `kernel.webhook`): the name picks the audit-chain partition, so one subject keeps one name for ever.
 */
import type { ActionRecord, HashAlg } from './audit.ts';
import { recordAction } from './audit.ts';
import { actorOf, type Ctx } from './context.ts';
import type { DbAdapter } from './db/adapter.ts';
import type { Executor } from './db/types.ts';
import type { EventRegistry } from './events.ts';

export const SUBJECT_TYPE = /^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/;

export interface RecordInput {
  /** The permission the action was taken under; picks the acting role recorded. */
  permission?: string;
  action: string;
  subjectType: string;
  subjectId: string;
  reason?: string | null;
  /** The rule or item version the action applied (`<code>@<version>`). */
  ruleVersion?: string | null;
  before?: unknown;
  after?: unknown;
  event?: { type: string; payload: Record<string, unknown> };
}

export class AuditLog {
  constructor(
    private readonly adapter: DbAdapter,
    private readonly events: EventRegistry,
    readonly hashAlg: HashAlg,
  ) {}

  /** Writes the action, its chain link and its event inside `tx`; call it in the transaction that makes the change. */
  async record(tx: Executor, ctx: Ctx, input: RecordInput): Promise<ActionRecord> {
    if (!SUBJECT_TYPE.test(input.subjectType))
      throw new Error(`subject type ${input.subjectType} must be named <module>.<subject>`);
    if (input.event) this.events.check(input.event.type, input.event.payload);
    const actor = actorOf(ctx, input.permission ?? '');
    const links = ctx.receiptLinks;
    let linkHash: string | undefined;
    const record = await recordAction(
      tx,
      this.adapter,
      {
        actor,
        at: ctx.now,
        action: input.action,
        subjectType: input.subjectType,
        subjectId: input.subjectId,
        reason: input.reason,
        ruleVersion: input.ruleVersion,
        before: input.before,
        after: input.after,
        requestId: ctx.requestId,
        event: input.event,
      },
      { hashAlg: this.hashAlg, onLink: links ? (hash) => (linkHash = hash) : undefined },
    );
    // The request's receipt names this link (the HTTP layer signs it once the write has committed).
    if (links && linkHash)
      links.push({ chain: record.chain, position: record.position, hash: linkHash, actionId: record.id });
    return record;
  }
}
