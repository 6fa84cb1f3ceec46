/**
 * Conflicts of interest (利益冲突申报): staff declare their relations to persons and enterprises; later modules ask
 * `conflictsOf` before assigning a reviewer or an inspector and recuse (回避) whoever has one. A relation to a person
 * also counts against the enterprises that person legally represents.
 */
import { sql, type Kysely } from 'kysely';
import type { DbAdapter } from '../../kernel/db/adapter.ts';
import type { MigrationDef } from '../../kernel/db/migrate.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import * as repo from './repository.ts';

export const RELATION_KINDS = [
  'kinship',
  'shareholder',
  'employment',
  'former_employment',
  'business_partner',
  'other',
] as const;
export type RelationKind = (typeof RELATION_KINDS)[number];

export interface RelationTable {
  id: string;
  staff_id: string;
  subject_type: string;
  subject_id: string;
  relation: string;
  note: string | null;
  declared_at: string;
  withdrawn_at: string | null;
  withdraw_reason: string | null;
}

export interface PersonAccountTable {
  account_id: string;
  person_id: string;
  linked_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    registry_staff_relations: RelationTable;
    registry_person_accounts: PersonAccountTable;
  }
}

export const relationMigrations: MigrationDef[] = [
  {
    name: '0101_registry_staff_relations',
    async up(db: Kysely<any>, _a: DbAdapter) {
      await db.schema
        .createTable('registry_staff_relations')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('staff_id', 'text', (c) => c.notNull())
        .addColumn('subject_type', 'text', (c) => c.notNull())
        .addColumn('subject_id', 'text', (c) => c.notNull())
        .addColumn('relation', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('declared_at', 'text', (c) => c.notNull())
        .addColumn('withdrawn_at', 'text')
        .addColumn('withdraw_reason', 'text')
        .execute();
      await db.schema
        .createIndex('registry_relations_subject_ix')
        .on('registry_staff_relations')
        .columns(['subject_type', 'subject_id'])
        .execute();
      await db.schema
        .createIndex('registry_relations_staff_ix')
        .on('registry_staff_relations')
        .columns(['staff_id'])
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('registry_staff_relations').execute();
    },
  },
  {
    // Which natural person an applicant account is, so they can see their own record and who read it.
    name: '0102_registry_person_accounts',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('registry_person_accounts')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('person_id', 'text', (c) => c.notNull().references('registry_persons.id'))
        .addColumn('linked_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('registry_person_accounts').execute();
    },
  },
];

export interface Relation {
  id: string;
  staffId: string;
  subjectType: 'person' | 'enterprise';
  subjectId: string;
  relation: RelationKind;
  note: string | null;
  declaredAt: string;
  withdrawnAt: string | null;
  withdrawReason: string | null;
}

const toRelation = (r: RelationTable): Relation => ({
  id: r.id,
  staffId: r.staff_id,
  subjectType: r.subject_type as Relation['subjectType'],
  subjectId: r.subject_id,
  relation: r.relation as RelationKind,
  note: r.note,
  declaredAt: r.declared_at,
  withdrawnAt: r.withdrawn_at,
  withdrawReason: r.withdraw_reason,
});

/** A staff member declares one of their own relations. */
export async function declareRelation(
  k: Kernel,
  ctx: Ctx,
  input: { subjectType: 'person' | 'enterprise'; subjectId: string; relation: RelationKind; note?: string | null },
  tx?: Executor,
): Promise<Relation> {
  requirePermission(ctx, 'registry:declare_relation');
  return inTx(k, tx, async (t) => {
    const exists =
      input.subjectType === 'person'
        ? await repo.findPersonById(t, input.subjectId)
        : await repo.findEnterpriseById(t, input.subjectId);
    if (!exists)
      throw notFound(
        input.subjectType === 'person' ? '自然人 person' : '企业 enterprise',
        input.subjectId,
        'subjectId',
      );
    const row: RelationTable = {
      id: newId(ctx.now.getTime()),
      staff_id: ctx.principal.id,
      subject_type: input.subjectType,
      subject_id: input.subjectId,
      relation: input.relation,
      note: input.note?.trim() || null,
      declared_at: ctx.now.toISOString(),
      withdrawn_at: null,
      withdraw_reason: null,
    };
    await t.insertInto('registry_staff_relations').values(row).execute();
    await k.audit.record(t, ctx, {
      permission: 'registry:declare_relation',
      action: 'declare',
      subjectType: 'registry.staff_relation',
      subjectId: row.id,
      after: toRelation(row),
      event: {
        type: 'registry.relation.declared',
        payload: { id: row.id, staffId: row.staff_id, subjectType: row.subject_type, subjectId: row.subject_id },
      },
    });
    return toRelation(row);
  });
}

/** Withdraws one's own declaration (it stays on record, marked withdrawn, with the reason). */
export async function withdrawRelation(k: Kernel, ctx: Ctx, id: string, reason: string): Promise<Relation> {
  requirePermission(ctx, 'registry:declare_relation');
  if (!reason.trim())
    throw invalid('reason', 'REASON_REQUIRED', '撤回申报须说明理由', 'Withdrawing a declaration needs a reason');
  return inTx(k, undefined, async (t) => {
    const r = await t.selectFrom('registry_staff_relations').selectAll().where('id', '=', id).executeTakeFirst();
    if (!r || r.staff_id !== ctx.principal.id) throw notFound('申报 relation', id);
    if (r.withdrawn_at) {
      throw new AppError({
        code: 'RELATION_ALREADY_WITHDRAWN',
        status: 409,
        field: 'id',
        zh: '该申报已撤回',
        en: 'This declaration was already withdrawn',
      });
    }
    const changes = { withdrawn_at: ctx.now.toISOString(), withdraw_reason: reason.trim() };
    await t.updateTable('registry_staff_relations').set(changes).where('id', '=', id).execute();
    const after = toRelation({ ...r, ...changes });
    await k.audit.record(t, ctx, {
      permission: 'registry:declare_relation',
      action: 'withdraw',
      subjectType: 'registry.staff_relation',
      subjectId: id,
      reason: changes.withdraw_reason,
      before: toRelation(r),
      after,
      event: { type: 'registry.relation.withdrawn', payload: { id, staffId: r.staff_id } },
    });
    return after;
  });
}

export async function listRelations(k: Kernel, ctx: Ctx, staffId: string | null): Promise<Relation[]> {
  if (staffId === null || staffId === ctx.principal.id) requirePermission(ctx, 'registry:declare_relation');
  else requirePermission(ctx, 'registry:relations_read');
  const who = staffId ?? ctx.principal.id;
  const rows = await k.db
    .selectFrom('registry_staff_relations')
    .selectAll()
    .where('staff_id', '=', who)
    .orderBy('declared_at', 'desc')
    .execute();
  return rows.map(toRelation);
}

/**
 * The active declared relations that conflict with acting on `subject`, for each of `staffIds`. For an enterprise,
 * relations to the enterprise itself and to its legal representative (matched through the ID blind index) count.
 * Later modules call this inside their own transaction when assigning reviewers or inspectors.
 */
export async function conflictsOf(
  db: Executor,
  staffIds: string[],
  subject: { type: 'person' | 'enterprise'; id: string },
): Promise<Relation[]> {
  if (staffIds.length === 0) return [];
  const targets: Array<{ type: string; id: string }> = [subject];
  if (subject.type === 'enterprise') {
    const e = await repo.findEnterpriseById(db, subject.id);
    if (e?.legal_rep_id_index) {
      const rep = await repo.findPersonByIdIndex(db, e.legal_rep_id_index);
      if (rep) targets.push({ type: 'person', id: rep.id });
    }
  }
  const rows = await db
    .selectFrom('registry_staff_relations')
    .selectAll()
    .where('staff_id', 'in', staffIds)
    .where('withdrawn_at', 'is', null)
    .where((eb) => eb.or(targets.map((t) => eb.and([eb('subject_type', '=', t.type), eb('subject_id', '=', t.id)]))))
    .execute();
  void sql;
  return rows.map(toRelation);
}

const IN_CHUNK = 500; // values per `in (…)` list, well inside both databases' parameter limits

/**
 * `conflictsOf` for every enterprise at once: each active relation declared by one of `staffIds` that conflicts with
 * acting on an enterprise — a relation to the enterprise itself, or to the person who legally represents it (matched
 * through the ID blind index) — with that enterprise's id. A few queries for a whole pool instead of three per
 * enterprise (the inspections module's freeze asks it once for all its inspectors). Reads only; no caller context.
 */
export async function enterpriseConflictsOf(
  db: Executor,
  staffIds: string[],
): Promise<Array<{ enterpriseId: string; relation: Relation }>> {
  const ids = [...new Set(staffIds)];
  const rows: RelationTable[] = [];
  for (let i = 0; i < ids.length; i += IN_CHUNK)
    rows.push(
      ...(await db
        .selectFrom('registry_staff_relations')
        .selectAll()
        .where('staff_id', 'in', ids.slice(i, i + IN_CHUNK))
        .where('withdrawn_at', 'is', null)
        .execute()),
    );
  const out: Array<{ enterpriseId: string; relation: Relation }> = [];
  const toPerson = new Map<string, RelationTable[]>();
  for (const r of rows.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0)))
    if (r.subject_type === 'enterprise') out.push({ enterpriseId: r.subject_id, relation: toRelation(r) });
    else if (r.subject_type === 'person') toPerson.set(r.subject_id, [...(toPerson.get(r.subject_id) ?? []), r]);
  const personIds = [...toPerson.keys()];
  const byIndex = new Map<string, string>(); // resident ID blind index → person id
  for (let i = 0; i < personIds.length; i += IN_CHUNK)
    for (const p of await db
      .selectFrom('registry_persons')
      .select(['id', 'resident_id_index'])
      .where('id', 'in', personIds.slice(i, i + IN_CHUNK))
      .execute())
      byIndex.set(p.resident_id_index, p.id);
  const indexes = [...byIndex.keys()];
  for (let i = 0; i < indexes.length; i += IN_CHUNK)
    for (const e of await db
      .selectFrom('registry_enterprises')
      .select(['id', 'legal_rep_id_index'])
      .where('legal_rep_id_index', 'in', indexes.slice(i, i + IN_CHUNK))
      .execute())
      for (const r of toPerson.get(byIndex.get(e.legal_rep_id_index!)!) ?? [])
        out.push({ enterpriseId: e.id, relation: toRelation(r) });
  return out;
}
