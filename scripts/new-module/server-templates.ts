/**
 * The server half of a new module, as `npm run new-module -- <name>` writes it: a minimal, working example of each
 * part — tables and migration, permissions, events, a lifecycle, a service, routes, a subscriber, a demo seed and a
 * test on both databases. `N` is the module's names; every file is meant to be read, then changed.
 */
export interface Names {
  /** snake_case: module, permission, event and table prefix (`field_checks`). */
  snake: string;
  /** camelCase identifier (`fieldChecks`). */
  camel: string;
  /** PascalCase identifier (`FieldChecks`). */
  pascal: string;
  /** URL segment (`field-checks`). */
  kebab: string;
  /** The module's migration block. */
  block: number;
}

export function serverFiles(n: Names): Record<string, string> {
  const b = String(n.block).padStart(2, '0');
  return {
    'index.ts': `/**
 * The ${n.snake} module (scaffolded by npm run new-module): it declares itself here and is listed in src/modules/list.ts.
 * Other modules use the functions exported below, never its tables.
 */
import type { ModuleDef } from '../module.ts';
import { ${n.camel}Migrations } from './tables.ts';
import { ${n.camel}Permissions } from './permissions.ts';
import { ${n.camel}Events } from './events.ts';
import { recordLifecycle } from './lifecycle.ts';
import { register${n.pascal}Routes } from './routes.ts';
import { ${n.camel}Subscribers } from './subscribers.ts';
import { seed${n.pascal}Demo } from './demo.ts';

export const ${n.camel}Module: ModuleDef = {
  name: '${n.snake}',
  migrationBlock: ${n.block},
  migrations: ${n.camel}Migrations,
  permissions: ${n.camel}Permissions,
  events: ${n.camel}Events,
  lifecycles: [recordLifecycle],
  subscribers: ${n.camel}Subscribers,
  registerRoutes: register${n.pascal}Routes,
  seedDemo: seed${n.pascal}Demo,
};

export { createRecord, getRecord, listRecords, type Record${n.pascal} } from './service.ts';
`,
    'tables.ts': `/** The ${n.snake} module's tables and their migrations (block ${n.block}: ${b}00–${b}99). */
import type { Kysely } from 'kysely';
import type { MigrationDef } from '../../kernel/db/migrate.ts';

export interface ${n.pascal}RecordTable {
  id: string;
  title: string;
  region: string;
  status: string;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  closed_at: string | null;
}

/** One row per closing the subscriber noticed (keyed by event id: a redelivered event adds nothing). */
export interface ${n.pascal}ClosureTable {
  event_id: string;
  record_id: string;
  noted_at: string;
}

declare module '../../kernel/db/types.ts' {
  interface Database {
    ${n.snake}_records: ${n.pascal}RecordTable;
    ${n.snake}_closures: ${n.pascal}ClosureTable;
  }
}

export const ${n.camel}Migrations: MigrationDef[] = [
  {
    name: '${b}00_${n.snake}_base',
    async up(db: Kysely<any>) {
      await db.schema
        .createTable('${n.snake}_records')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('region', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('version', 'integer', (c) => c.notNull())
        .addColumn('created_by', 'text', (c) => c.notNull())
        .addColumn('created_at', 'text', (c) => c.notNull())
        .addColumn('updated_at', 'text', (c) => c.notNull())
        .addColumn('closed_at', 'text')
        .execute();
      await db.schema.createIndex('${n.snake}_records_region_ix').on('${n.snake}_records').columns(['region', 'id']).execute();
      await db.schema
        .createTable('${n.snake}_closures')
        .addColumn('event_id', 'text', (c) => c.primaryKey())
        .addColumn('record_id', 'text', (c) => c.notNull())
        .addColumn('noted_at', 'text', (c) => c.notNull())
        .execute();
    },
    async down(db: Kysely<any>) {
      await db.schema.dropTable('${n.snake}_closures').execute();
      await db.schema.dropTable('${n.snake}_records').execute();
    },
  },
];
`,
    'permissions.ts': `/** The ${n.snake} module's permissions and the roles that hold them by default. */
import { definePermissions } from '../../kernel/auth/permissions.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';

export const ${n.camel}Permissions = definePermissions('${n.snake}', {
  read: { zh: '查阅${n.snake}记录', en: 'Read ${n.snake} records', roles: STAFF_ROLES },
  manage: { zh: '登记和办结${n.snake}记录', en: 'Create and close ${n.snake} records', roles: ['department_lead', 'admin'] },
});
`,
    'events.ts': `/** The ${n.snake} module's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { defineEvents } from '../../kernel/events.ts';

const Moved = Type.Object({ id: Type.String(), region: Type.String(), version: Type.Integer(), status: Type.String() });

export const ${n.camel}Events = defineEvents('${n.snake}', {
  '${n.snake}.record.created': { zh: '记录已登记', en: 'Record created', payload: Type.Object({ id: Type.String(), region: Type.String() }) },
  '${n.snake}.record.closed': { zh: '记录已办结', en: 'Record closed', payload: Moved },
  '${n.snake}.record.reopened': { zh: '记录已重新打开', en: 'Record reopened', payload: Moved },
});
`,
    'model.ts': `/** What the ${n.snake} module's services return, and its statuses. */
export const RECORD_STATUSES = ['open', 'closed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const STATUS_LABELS: Record<RecordStatus, { zh: string; en: string }> = {
  open: { zh: '办理中', en: 'Open' },
  closed: { zh: '已办结', en: 'Closed' },
};

export interface Record${n.pascal} {
  id: string;
  title: string;
  region: string;
  status: RecordStatus;
  version: number;
  createdAt: string;
  closedAt: string | null;
}
`,
    'repository.ts': `/** The ${n.snake} module's queries, each usable inside a caller's transaction. */
import type { Executor } from '../../kernel/db/types.ts';
import type { ${n.pascal}RecordTable } from './tables.ts';
import type { Record${n.pascal}, RecordStatus } from './model.ts';

export function toRecord(r: ${n.pascal}RecordTable): Record${n.pascal} {
  return { id: r.id, title: r.title, region: r.region, status: r.status as RecordStatus, version: Number(r.version), createdAt: r.created_at, closedAt: r.closed_at };
}

export async function findRecordRow(db: Executor, id: string): Promise<${n.pascal}RecordTable | undefined> {
  return db.selectFrom('${n.snake}_records').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function insertRecord(db: Executor, row: ${n.pascal}RecordTable): Promise<void> {
  await db.insertInto('${n.snake}_records').values(row).execute();
}
`,
    'service.ts': `/** The ${n.snake} module's service functions: the only place that decides. Each takes the request context first. */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { subtreePrefix } from '../../kernel/reference/divisions.ts';
import { notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { ${n.camel}Permissions } from './permissions.ts';
import { ${n.camel}Events } from './events.ts';
import { findRecordRow, insertRecord, toRecord } from './repository.ts';
import type { Record${n.pascal} } from './model.ts';

export type { Record${n.pascal} } from './model.ts';

/** Creates an open record in the caller's jurisdiction; writes its action and \`${n.snake}.record.created\`. */
export async function createRecord(k: Kernel, ctx: Ctx, input: { title: string; region: string }, tx?: Executor): Promise<Record${n.pascal}> {
  requirePermission(ctx, ${n.camel}Permissions.manage);
  const title = requiredText('title', input.title, 200);
  requireJurisdiction(ctx, input.region);
  return inTx(k, tx, async (t) => {
    const at = ctx.now.toISOString();
    const row = { id: newId(ctx.now.getTime()), title, region: input.region, status: 'open', version: 1, created_by: ctx.principal.id, created_at: at, updated_at: at, closed_at: null };
    await insertRecord(t, row);
    const after = toRecord(row);
    await k.audit.record(t, ctx, {
      permission: ${n.camel}Permissions.manage,
      action: 'create',
      subjectType: '${n.snake}.record',
      subjectId: row.id,
      after,
      event: ${n.camel}Events.make('${n.snake}.record.created', { id: row.id, region: row.region }),
    });
    return after;
  });
}

/** A record; one outside the caller's jurisdiction answers exactly as an absent one (404). */
export async function getRecord(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<Record${n.pascal}> {
  requirePermission(ctx, ${n.camel}Permissions.read);
  const row = await findRecordRow(tx ?? k.db, id);
  if (!row || !inJurisdiction(ctx, row.region)) throw notFound('记录 record', id, 'params.id');
  return toRecord(row);
}

/** The records in the caller's jurisdiction, newest first. */
export async function listRecords(k: Kernel, ctx: Ctx, opts: { limit: number; before?: string | null }): Promise<Record${n.pascal}[]> {
  requirePermission(ctx, ${n.camel}Permissions.read);
  let q = k.db.selectFrom('${n.snake}_records').selectAll().orderBy('id', 'desc').limit(opts.limit);
  if (opts.before) q = q.where('id', '<', opts.before);
  // The query itself keeps to the caller's jurisdiction, so a forgotten check cannot leak other regions' rows.
  if (ctx.principal.kind !== 'system' && ctx.principal.region) q = q.where('region', 'like', subtreePrefix(ctx.principal.region) + '%');
  return (await q.execute()).map(toRecord);
}
`,
    'lifecycle.ts': `/**
 * A record's lifecycle: open → closed (with a reason) → reopened. The kernel's \`defineLifecycle\` runs every move
 * through one pipeline; src/modules/${n.snake}/lifecycles.md draws it (npm run module-docs).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inJurisdiction } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { ${n.camel}Permissions } from './permissions.ts';
import { findRecordRow, toRecord } from './repository.ts';
import { RECORD_STATUSES, STATUS_LABELS, type Record${n.pascal} } from './model.ts';
import type { ${n.pascal}RecordTable } from './tables.ts';

type Patch = Partial<${n.pascal}RecordTable>;

export const recordLifecycle = defineLifecycle({
  subjectType: '${n.snake}.record',
  states: RECORD_STATUSES,
  created: { create: 'open' }, // the action service.ts records when it creates a record
  stateLabels: STATUS_LABELS,
  actions: {
    close: {
      from: ['open'],
      to: 'closed',
      permission: ${n.camel}Permissions.manage,
      needsReason: true,
      label: { zh: '办结', en: 'Close' },
      event: '${n.snake}.record.closed',
      effect: (s: Step<${n.pascal}RecordTable>): Patch => ({ closed_at: s.ctx.now.toISOString() }),
    },
    reopen: {
      from: ['closed'],
      to: 'open',
      permission: ${n.camel}Permissions.manage,
      needsReason: true,
      label: { zh: '重新打开', en: 'Reopen' },
      event: '${n.snake}.record.reopened',
      effect: (): Patch => ({ closed_at: null }),
    },
  },
  store: {
    load: async (k: Kernel, tx, id) => {
      const row = await findRecordRow(tx, id);
      if (!row) throw notFound('记录 record', id, 'params.id');
      return row;
    },
    // Outside the caller's jurisdiction answers exactly as absent.
    authorize: async (_k, ctx, _tx, row) => {
      if (!inJurisdiction(ctx, row.region)) throw notFound('记录 record', row.id, 'params.id');
    },
    // status, version, the optimistic save and the status page (for \`onewindow audit verify\`), from the table
    ...versionedStatusRows<'${n.snake}_records', ${n.pascal}RecordTable>('${n.snake}_records'),
    view: (_k: Kernel, row: ${n.pascal}RecordTable): Record${n.pascal} => toRecord(row),
    eventPayload: (_action, row, after) => ({ id: row.id, region: row.region, version: after.version, status: after.status }),
  },
});
`,
    'subscribers.ts': `/**
 * The ${n.snake} module's reactions to events, delivered by the outbox dispatcher at least once; the kernel stores a
 * receipt with the handler's changes, so each event takes effect once.
 */
import type { Subscriber } from '../../kernel/subscribers.ts';

export const ${n.camel}Subscribers: Subscriber[] = [
  {
    name: '${n.snake}.note_closures',
    events: ['${n.snake}.record.closed'],
    async handle(_k, event, tx) {
      const { id } = event.payload as { id: string };
      await tx.insertInto('${n.snake}_closures').values({ event_id: event.id, record_id: id, noted_at: event.createdAt }).execute();
    },
  },
];
`,
    'routes.ts': `/** The ${n.snake} module's HTTP routes: thin — validate, call one service function, return. */
import { Type, Strict, StringEnum, Nullable, Page, PageQuery, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import { replyIdempotent } from '../../kernel/idempotency.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { ${n.camel}Permissions as P } from './permissions.ts';
import { createRecord, getRecord, listRecords } from './service.ts';
import { recordLifecycle } from './lifecycle.ts';
import { RECORD_STATUSES } from './model.ts';

const tags = ['${n.snake}'];
const RecordSchema = Strict({
  id: Type.String(),
  title: Type.String(),
  region: Type.String(),
  status: StringEnum(RECORD_STATUSES),
  version: Type.Integer(),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
});
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Move = Strict({ version: Type.Integer({ minimum: 1 }), reason: Type.String({ maxLength: 500 }) });

export function register${n.pascal}Routes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/${n.kebab}/records',
    { config: { permission: P.read }, schema: { tags, summary: 'Records in the caller’s jurisdiction, newest first', querystring: Strict({ ...PageQuery }), response: { 200: Page(RecordSchema), ...errorResponses } } },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listRecords(k, ctxOf(req), { limit, before: req.query.cursor ?? null });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].id : null };
    },
  );
  app.post(
    '/api/v1/${n.kebab}/records',
    {
      config: { permission: P.manage },
      schema: { tags, summary: 'Create a record', body: Strict({ title: Type.String({ minLength: 1, maxLength: 200 }), region: Type.String({ pattern: '^\\\\d{6}$' }) }), response: { 201: RecordSchema, ...errorResponses } },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => createRecord(k, ctxOf(req), req.body, tx));
    },
  );
  app.get('/api/v1/${n.kebab}/records/:id', { config: { permission: P.read }, schema: { tags, summary: 'One record', params: IdParams, response: { 200: RecordSchema, ...errorResponses } } }, async (req) =>
    getRecord(k, ctxOf(req), req.params.id),
  );
  for (const action of ['close', 'reopen'] as const) {
    app.post(
      \`/api/v1/${n.kebab}/records/:id/\${action}\`,
      { config: { permission: recordLifecycle.def.actions[action].permission }, schema: { tags, summary: recordLifecycle.def.actions[action].label.en, params: IdParams, body: Move, response: { 200: RecordSchema, ...errorResponses } } },
      async (req) => recordLifecycle.transition(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
}
`,
    'demo.ts': `/** The ${n.snake} module's demo data: one open record in Zhengzhou, added once. */
import type { Kernel } from '../../kernel/kernel.ts';
import { systemCtx } from '../../kernel/context.ts';
import { createRecord } from './service.ts';

export async function seed${n.pascal}Demo(k: Kernel): Promise<void> {
  const have = await k.db.selectFrom('${n.snake}_records').select('id').limit(1).executeTakeFirst();
  if (have) return;
  await createRecord(k, systemCtx(k.clock.now()), { title: '示例记录（${n.snake}）', region: '410100' });
}
`,
    [`${n.kebab}.test.ts`]: `/** The ${n.snake} module through its public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { ${n.camel}Subscribers } from './subscribers.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(\`[\${dialect}] records: create, read, close with a reason, guarded by version and lifecycle; outside jurisdiction is absent\`, async () => {
    const t = await testApp(dialect);
    try {
      const lead = await t.login('lead.zhengzhou'); // department_lead in 410100
      const created = await t.app.inject({ method: 'POST', url: '/api/v1/${n.kebab}/records', headers: lead, payload: { title: '测试记录', region: '410105' } });
      assert.equal(created.statusCode, 201, created.body);
      const rec = created.json();
      assert.equal(rec.status, 'open');

      const clerk = await t.login('clerk.jinshui'); // window_clerk: may read, may not manage
      assert.equal((await t.app.inject({ method: 'GET', url: \`/api/v1/${n.kebab}/records/\${rec.id}\`, headers: clerk })).statusCode, 200);
      assert.equal((await t.app.inject({ method: 'POST', url: '/api/v1/${n.kebab}/records', headers: clerk, payload: { title: 'x', region: '410105' } })).statusCode, 403);

      const inspector = await t.login('inspector.luoyang'); // Luoyang: Zhengzhou's record is absent for them
      const away = await t.app.inject({ method: 'GET', url: \`/api/v1/${n.kebab}/records/\${rec.id}\`, headers: inspector });
      const absent = await t.app.inject({ method: 'GET', url: '/api/v1/${n.kebab}/records/no-such-record', headers: inspector });
      assert.equal(away.statusCode, 404);
      assert.equal(away.json().error.code, absent.json().error.code);

      const noReason = await t.app.inject({ method: 'POST', url: \`/api/v1/${n.kebab}/records/\${rec.id}/close\`, headers: lead, payload: { version: 1, reason: ' ' } });
      assert.equal(noReason.statusCode, 400);
      assert.equal(noReason.json().error.code, 'REASON_REQUIRED');
      const closed = await t.app.inject({ method: 'POST', url: \`/api/v1/${n.kebab}/records/\${rec.id}/close\`, headers: lead, payload: { version: 1, reason: '已办结' } });
      assert.equal(closed.statusCode, 200, closed.body);
      assert.equal(closed.json().status, 'closed');
      const stale = await t.app.inject({ method: 'POST', url: \`/api/v1/${n.kebab}/records/\${rec.id}/reopen\`, headers: lead, payload: { version: 1, reason: '重开' } });
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      const twice = await t.app.inject({ method: 'POST', url: \`/api/v1/${n.kebab}/records/\${rec.id}/close\`, headers: lead, payload: { version: 2, reason: '再次办结' } });
      assert.equal(twice.statusCode, 409);
      assert.equal(twice.json().error.code, 'TRANSITION_NOT_ALLOWED');

      // The subscriber notes the closing once, even when the event is delivered again.
      const dispatcher = new OutboxDispatcher(t.k, { subscribers: bindSubscribers(t.k, ${n.camel}Subscribers), fanOutBatch: 1000, deliveryBatch: 1000 });
      await dispatcher.runOnce();
      await t.k.db.updateTable('kernel_event_deliveries').set({ status: 'pending', next_attempt_at: t.clock.now().toISOString() }).where('webhook_id', '=', 'subscriber:${n.snake}.note_closures').execute();
      await dispatcher.runOnce();
      const noted = await t.k.db.selectFrom('${n.snake}_closures').selectAll().where('record_id', '=', rec.id).execute();
      assert.equal(noted.length, 1);
    } finally {
      await t.close();
    }
  });
}
`,
  };
}
