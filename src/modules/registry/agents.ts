/**
 * Agents of legal persons (企业经办人授权): an enterprise acts through named natural persons. A window clerk
 * records an authorization after checking the enterprise's letter of authorization; the person may then act for the
 * enterprise by sending its USCC in `OneWindow-On-Behalf-Of`, and every audit action records it (`onBehalfOf`).
 */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import { requireVisible, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import * as repo from './repository.ts';
import { findAccountByUsername } from '../../kernel/auth/accounts.ts';

export interface AgentTable {
  id: string;
  enterprise_id: string;
  account_id: string;
  granted_at: string;
  granted_by: string;
  valid_until: string | null;
  revoked_at: string | null;
  revoke_reason: string | null;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    registry_enterprise_agents: AgentTable;
  }
}

export const agentMigrations: MigrationDef[] = [
  {
    name: '0103_registry_enterprise_agents',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('registry_enterprise_agents')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('enterprise_id', 'text', (c) => c.notNull().references('registry_enterprises.id'))
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('granted_at', 'text', (c) => c.notNull())
        .addColumn('granted_by', 'text', (c) => c.notNull())
        .addColumn('valid_until', 'text')
        .addColumn('revoked_at', 'text')
        .addColumn('revoke_reason', 'text')
        .execute();
      await db.schema
        .createIndex('registry_agents_account_ix')
        .on('registry_enterprise_agents')
        .columns(['account_id', 'enterprise_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('registry_enterprise_agents').execute();
    },
  },
];

export interface Agent {
  id: string;
  enterpriseId: string;
  accountId: string;
  grantedAt: string;
  grantedBy: string;
  validUntil: string | null;
  revokedAt: string | null;
  revokeReason: string | null;
}

const toAgent = (r: AgentTable): Agent => ({
  id: r.id,
  enterpriseId: r.enterprise_id,
  accountId: r.account_id,
  grantedAt: r.granted_at,
  grantedBy: r.granted_by,
  validUntil: r.valid_until,
  revokedAt: r.revoked_at,
  revokeReason: r.revoke_reason,
});

/** Records that an applicant account may act for an enterprise (until `validUntil`, if given). */
export async function grantAgent(
  k: Kernel,
  ctx: Ctx,
  enterpriseId: string,
  input: { username: string; validUntil?: string | null },
  tx?: Executor,
): Promise<Agent> {
  requirePermission(ctx, 'registry:write');
  return inTx(k, tx, async (t) => {
    const e = await repo.findEnterpriseById(t, enterpriseId);
    const absent = () => notFound('企业 enterprise', enterpriseId);
    if (!e) throw absent();
    requireVisible(ctx, e.region, absent);
    if (e.status !== 'active') {
      throw new AppError({
        code: 'ENTERPRISE_NOT_ACTIVE',
        status: 409,
        field: 'enterpriseId',
        zh: '企业不在存续状态，不能授权经办人',
        en: 'The enterprise is not active; agents cannot be authorized',
      });
    }
    const account = await findAccountByUsername(t, input.username);
    if (!account || account.kind !== 'person') {
      throw invalid(
        'username',
        'AGENT_ACCOUNT_INVALID',
        '经办人须为已注册的自然人账号',
        'The agent must be a registered natural-person account',
      );
    }
    if (input.validUntil && !/^\d{4}-\d{2}-\d{2}$/.test(input.validUntil))
      throw invalid('validUntil', 'DATE_INVALID', '有效期须为 YYYY-MM-DD', 'validUntil must be YYYY-MM-DD');
    const row: AgentTable = {
      id: newId(ctx.now.getTime()),
      enterprise_id: enterpriseId,
      account_id: account.id,
      granted_at: ctx.now.toISOString(),
      granted_by: ctx.principal.id,
      valid_until: input.validUntil ?? null,
      revoked_at: null,
      revoke_reason: null,
    };
    await t.insertInto('registry_enterprise_agents').values(row).execute();
    await k.audit.record(t, ctx, {
      permission: 'registry:write',
      action: 'grant_agent',
      subjectType: 'registry.enterprise',
      subjectId: enterpriseId,
      after: toAgent(row),
      event: { type: 'registry.agent.granted', payload: { id: row.id, enterpriseId, accountId: account.id } },
    });
    return toAgent(row);
  });
}

export async function revokeAgent(
  k: Kernel,
  ctx: Ctx,
  enterpriseId: string,
  agentId: string,
  reason: string,
): Promise<Agent> {
  requirePermission(ctx, 'registry:write');
  if (!reason.trim())
    throw invalid('reason', 'REASON_REQUIRED', '撤销授权须说明理由', 'Revoking an authorization needs a reason');
  return inTx(k, undefined, async (t) => {
    const e = await repo.findEnterpriseById(t, enterpriseId);
    const absent = () => notFound('企业 enterprise', enterpriseId);
    if (!e) throw absent();
    requireVisible(ctx, e.region, absent);
    const r = await t
      .selectFrom('registry_enterprise_agents')
      .selectAll()
      .where('id', '=', agentId)
      .where('enterprise_id', '=', enterpriseId)
      .executeTakeFirst();
    if (!r) throw notFound('授权 agent', agentId);
    if (r.revoked_at)
      throw new AppError({
        code: 'AGENT_ALREADY_REVOKED',
        status: 409,
        field: 'agentId',
        zh: '该授权已撤销',
        en: 'This authorization was already revoked',
      });
    const changes = { revoked_at: ctx.now.toISOString(), revoke_reason: reason.trim() };
    await t.updateTable('registry_enterprise_agents').set(changes).where('id', '=', agentId).execute();
    await k.audit.record(t, ctx, {
      permission: 'registry:write',
      action: 'revoke_agent',
      subjectType: 'registry.enterprise',
      subjectId: enterpriseId,
      reason: changes.revoke_reason,
      before: toAgent(r),
      after: toAgent({ ...r, ...changes }),
      event: { type: 'registry.agent.revoked', payload: { id: agentId, enterpriseId } },
    });
    return toAgent({ ...r, ...changes });
  });
}

export async function listAgents(k: Kernel, ctx: Ctx, enterpriseId: string): Promise<Agent[]> {
  requirePermission(ctx, 'registry:read');
  const e = await repo.findEnterpriseById(k.db, enterpriseId);
  const absent = () => notFound('企业 enterprise', enterpriseId);
  if (!e) throw absent();
  requireVisible(ctx, e.region, absent);
  const rows = await k.db
    .selectFrom('registry_enterprise_agents')
    .selectAll()
    .where('enterprise_id', '=', enterpriseId)
    .orderBy('granted_at', 'desc')
    .execute();
  return rows.map(toAgent);
}

/** The enterprise id `accountId` may act for under `uscc` today, or null. */
export async function agentFor(k: Kernel, accountId: string, uscc: string): Promise<string | null> {
  const e = await repo.findEnterpriseByUscc(k.db, uscc);
  if (!e || e.status !== 'active') return null;
  const today = k.clock.now().toISOString().slice(0, 10);
  const rows = await k.db
    .selectFrom('registry_enterprise_agents')
    .select(['valid_until'])
    .where('enterprise_id', '=', e.id)
    .where('account_id', '=', accountId)
    .where('revoked_at', 'is', null)
    .execute();
  return rows.some((r) => !r.valid_until || r.valid_until >= today) ? e.id : null;
}
