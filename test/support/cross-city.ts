/**
 * The cross-city sweep (issue 14, access control): records of one city (郑州, 4101) are seeded through every module,
 * then staff of the same roles in a second city (洛阳, 4103 — the second-city demo accounts) call every route of the
 * app against them. The routes come from the app's route table and their bodies from the OpenAPI document, so a new
 * route is swept without a line here.
 *
 * - A route that takes a record (a path parameter): the call with the other city's record must answer exactly as the
 *   same call with an absent id of the same shape (status, code, field, message with the id echoed), unless anonymous
 *   callers get the same answer (published data). Anything else is a leak: a disclosure, or an act on the record.
 * - A route that lists, searches or exports (GET without a path parameter, also with `region` and `q` filters): no
 *   identifier of a secret record (id, number, USCC) in the answer, unless anonymous callers see it too.
 * - Every answer of the sweep is scanned for password hashes.
 *
 * "Secret" records are found in the database, not listed here: every row of a module table whose `region` lies in
 * 4101, and every row that points (`<x>_id`) at one — except the tables whose rows all staff may read by design
 * (`SHARED_TABLES`, with the reason).
 */
import type { Kernel } from '../../src/kernel/kernel.ts';
import type { TestApp } from '../../src/server/testing.ts';
import { MODULES } from '../../src/modules/index.ts';
import type { Role } from '../../src/kernel/auth/roles.ts';
import { generateResidentId } from '../../src/kernel/validators/resident-id.ts';
import { generateUscc } from '../../src/kernel/validators/uscc.ts';
import { certificateItem, grantedCase } from '../../src/modules/certificates/test-fixtures.ts';
import { enterprises, inspectionCatalogItem, staff } from '../../src/modules/inspections/test-helpers.ts';

/** City A, whose records are attacked, and the second-city accounts that attack them (one per staff role). */
export const CITY_A = '4101';
export const ATTACKERS: Array<{ role: Role; username: string }> = [
  { role: 'window_clerk', username: 'clerk.jianxi' },
  { role: 'reviewer', username: 'reviewer.luoyang' },
  { role: 'approver', username: 'approver.luoyang' },
  { role: 'department_lead', username: 'lead.luoyang' },
  { role: 'inspector', username: 'inspector.luoyang' },
  { role: 'hotline_operator', username: 'hotline.luoyang' },
  { role: 'supervisor', username: 'supervisor.luoyang' },
  { role: 'discipline_inspector', username: 'discipline.luoyang' },
];

/** Module tables whose rows any staff member may read, whatever their region: not secrets. */
export const SHARED_TABLES: Record<string, string> = {
  registry_departments: 'the department directory is public reference data',
  catalog_:
    'the service catalog (items, implementations, centers, bundles) is readable by all staff; drafts are held by the catalog’s own tests',
  hotline_centers: 'the 12345 centers are a directory',
  hotline_routing_rules: 'routing rules are configuration every operator reads (the dispatch explanation names them)',
  hotline_knowledge: 'the 12345 knowledge base is shared province-wide',
  certificates_types: 'certificate types are a directory',
};

/** The modules whose records the sweep attacks (the kernel's routes are swept too, for lists and the audit log). */
export const SWEPT_MODULES = ['registry', 'catalog', 'cases', 'certificates', 'hotline', 'inspections', 'ratings'];

/**
 * Routes that take a record but whose record the seed does not create, each with the reason; every other route with a
 * path parameter in a swept module must be tried with a real record of city A (the test holds this list exact).
 */
export const NOT_SEEDED: Record<string, string> = {
  'POST /api/v1/registry/relations/:id/withdraw':
    'a declaration of interest belongs to the staff member who made it, not to a region (registry tests)',
  'POST /api/v1/cases/notifications/:id/read': 'a notification belongs to its recipient, not to a region',
  'GET /api/v1/catalog/delegations/:id': 'the demo delegation is the province’s; delegations have no city rows yet',
  'POST /api/v1/catalog/delegations/:id/rollback':
    'the demo delegation is the province’s; delegations have no city rows yet',
  'GET /credentials/status/:id': 'status lists are public by design (W3C Bitstring Status List)',
  'GET /api/v1/certificates/verify/:id':
    'public by design: anyone verifies a certificate by its credential id (the QR code’s #id= fallback); the answer holds what the credential does, the holder’s ID masked',
  'POST /api/v1/hotline/suggestions/:id/confirmation': 'no classifier suggestion in the seed (needs a trained model)',
  'GET /api/v1/inspections/visits/:id': 'no inspection visit in the seed yet (needs a drawn task)',
  'POST /api/v1/inspections/visits/:id/results': 'no inspection visit in the seed yet (needs a drawn task)',
  'POST /api/v1/inspections/visits/:id/publish': 'no inspection visit in the seed yet (needs a drawn task)',
  'POST /api/v1/inspections/visits/:id/evidence':
    'no inspection visit in the seed yet (needs a drawn task); evidence.test.ts holds another region to the absent answer',
  'GET /api/v1/inspections/visits/:id/evidence/:fileId':
    'no inspection visit in the seed yet (needs a drawn task); evidence.test.ts holds another region to the absent answer',
  'GET /api/v1/hotline/api-keys/:id/uses':
    'no Open311 API key in the seed (keys are issued per partner); open311.test.ts keeps one center’s key from another',
  'POST /api/v1/hotline/api-keys/:id/revoke':
    'no Open311 API key in the seed (keys are issued per partner); open311.test.ts keeps one center’s key from another',
  'GET /open311/v2/requests/:id.json':
    'public by design (Open311 GeoReport v2): never the caller, private fields only for a key of the ticket’s center (open311.test.ts)',
  'GET /open311/v2/tokens/:token.json': 'public by design (Open311 GeoReport v2), as requests/:id.json',
  'GET /open311/v2/requests/:id.xml': 'public by design (Open311 GeoReport v2): the XML form of requests/:id.json',
  'GET /open311/v2/tokens/:token.xml': 'public by design (Open311 GeoReport v2): the XML form of tokens/:token.json',
  'GET /api/v1/hotline/public/reports/:month':
    'public by design: the monthly report holds aggregates only, no record of a region (features.test.ts checks it holds no caller data)',
  'GET /api/v1/certificates/granted/:id':
    'no 用证授权 grant in the seed; grants.test.ts holds every other department’s staff to the absent answer',
  'POST /api/v1/certificates/grants/:id/revoke':
    'no 用证授权 grant in the seed; only the holder may revoke (grants.test.ts)',
};

const ok = async (r: { statusCode: number; body: string; json(): any }, status = 200) => {
  if (r.statusCode !== status) throw new Error(`seed: expected ${status}, got ${r.statusCode} ${r.body.slice(0, 300)}`);
  return r.json();
};

/**
 * City A's records in every module: the modules' demo data (cases, tickets, ratings in 郑州), plus a person and an
 * enterprise, a certificate, and an inspection task with its directories — all in 4101.
 */
export async function seedCityA(t: TestApp): Promise<void> {
  for (const m of MODULES) await m.seedDemo?.(t.k, { enterprises: 0, persons: 0 });
  const clerk = await t.login('clerk.jinshui');
  await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/persons',
      headers: clerk,
      payload: {
        residentId: generateResidentId({ region: '410105', birthDate: '1979-03-03', seq: 321 }),
        name: '跨市测试人',
        phone: '13903710321',
        region: '410105',
      },
    }),
    201,
  );
  await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/registry/enterprises',
      headers: clerk,
      payload: {
        uscc: generateUscc({ division: '410105', seq: 770_001 }),
        name: '跨市测试有限公司',
        orgType: 'enterprise',
        entityType: '有限责任公司',
        region: '410105',
        address: '金水路 1 号',
        industry: '62',
        legalRepresentative: {
          name: '法人',
          residentId: generateResidentId({ region: '410105', birthDate: '1970-01-01', seq: 322 }),
        },
      },
    }),
    201,
  );

  const itemId = await certificateItem(t);
  await grantedCase(t, itemId);

  const lead = await t.login('lead.zhengzhou');
  await enterprises(t, 3, 500);
  await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/targets/sync',
      headers: lead,
      payload: { region: '410100' },
    }),
  );
  const catalogItem = await inspectionCatalogItem(t, '410T6000000091');
  const item = await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/items',
      headers: lead,
      payload: { catalogItemId: catalogItem.id, subjectType: 'enterprise', method: 'on_site' },
    }),
    201,
  );
  await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/plans',
      headers: lead,
      payload: { year: 2026, title: '跨市测试抽查计划', itemIds: [item.id] },
    }),
    201,
  );
  for (const n of [1, 2]) {
    const p = await staff(t, `insp.crosscity.${n}`, '410100-SCJG');
    await ok(
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/inspections/inspectors',
        headers: lead,
        payload: { accountId: p.id, certificateNo: `豫执跨${n}`, fields: ['市场监管'], status: 'active' },
      }),
    );
  }
  await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/inspections/tasks',
      headers: lead,
      payload: {
        title: '跨市测试抽查任务',
        itemIds: [item.id],
        filter: { region: '410100' },
        windowStart: '2026-12-01',
        windowEnd: '2026-12-31',
      },
    }),
    201,
  );
}

/** Lists too slow to call as every role in the reduced form (CI), with the reason; the full run calls them all. */
export const HEAVY_LISTS: Record<string, string> = {
  '/api/v1/catalog/export': 'the whole catalog as a workbook (shared by design), seconds per call',
};

export interface SecretRow {
  table: string;
  /** A row of a SHARED_TABLES table: other cities' staff may read it, but not act on it. */
  shared: boolean;
  /** Values that identify the row in a URL or an answer: id, number, USCC. */
  keys: string[];
}

const isShared = (table: string) =>
  Object.keys(SHARED_TABLES).some((p) => table === p || (p.endsWith('_') && table.startsWith(p)));

/** Every module row of city A (region in 4101, or pointing at such a row), found in the database. */
export async function findSecrets(k: Kernel): Promise<SecretRow[]> {
  const tables = (await k.db.introspection.getTables()).filter(
    (tb) => SWEPT_MODULES.some((m) => tb.name.startsWith(`${m}_`)) && !tb.name.includes('_fts'),
  );
  const out: SecretRow[] = [];
  const secretIds = new Map<string, Set<string>>(); // table → ids
  const keysOf = (row: Record<string, unknown>) =>
    ['id', 'number', 'uscc'].map((c) => row[c]).filter((v): v is string => typeof v === 'string' && v.length >= 6);
  const db = k.db as unknown as Kernel['db'] & { selectFrom(t: string): any };
  for (const tb of tables.filter((x) => x.columns.some((c) => c.name === 'region'))) {
    const rows: Array<Record<string, unknown>> = await db
      .selectFrom(tb.name)
      .selectAll()
      .where('region', 'like', `${CITY_A}%`)
      .execute();
    for (const r of rows) out.push({ table: tb.name, shared: isShared(tb.name), keys: keysOf(r) });
    secretIds.set(tb.name, new Set(rows.map((r) => String(r.id))));
  }
  // Rows without a region that point at a secret row: `case_id` → cases_cases, `ticket_id` → hotline_tickets, ….
  for (const tb of tables.filter((x) => !x.columns.some((c) => c.name === 'region'))) {
    for (const col of tb.columns.filter((c) => c.name.endsWith('_id'))) {
      const stem = col.name.slice(0, -3);
      const parent = [...secretIds.keys()].find((p) => p.endsWith(`_${stem}s`) || p.endsWith(`_${stem}`));
      const ids = parent ? [...secretIds.get(parent)!] : [];
      if (!ids.length) continue;
      const rows: Array<Record<string, unknown>> = await db
        .selectFrom(tb.name)
        .selectAll()
        .where(col.name, 'in', ids)
        .execute();
      for (const r of rows)
        out.push({ table: tb.name, shared: isShared(parent!) || isShared(tb.name), keys: keysOf(r) });
      if (rows.length)
        secretIds.set(tb.name, new Set([...(secretIds.get(tb.name) ?? []), ...rows.map((r) => String(r.id))]));
      break;
    }
  }
  return out.filter((r) => r.keys.length > 0);
}

type Schema = Record<string, any>;

const FIXED_VERSION = '1';
/** Path segments that do not name their table. */
const SEGMENT_TABLES: Record<string, string> = { mine: 'certificates' };
const FIXED_CHILD = '00000000-0000-7000-8000-00000000c41d';

/** A minimal body a schema accepts (required properties only), so that an act is tried, not refused as malformed. */
export function sampleBody(schema: Schema | undefined, doc: Schema, depth = 0): unknown {
  if (!schema || depth > 6) return {};
  if (schema.$ref) return sampleBody(doc.components?.schemas?.[schema.$ref.split('/').pop()], doc, depth + 1);
  if ('const' in schema) return schema.const;
  if (schema.enum) return schema.enum[0];
  if (schema.anyOf || schema.oneOf) return sampleBody((schema.anyOf ?? schema.oneOf)[0], doc, depth + 1);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: Schema) => sampleBody(s, doc, depth + 1)));
  const type = Array.isArray(schema.type) ? schema.type.find((x: string) => x !== 'null') : schema.type;
  switch (type) {
    case 'integer':
    case 'number':
      return Math.max(1, schema.minimum ?? 1);
    case 'boolean':
      return false;
    case 'array':
      return Array.from({ length: schema.minItems ?? 0 }, () => sampleBody(schema.items, doc, depth + 1));
    case 'string': {
      if (schema.format === 'date') return '2026-12-15';
      if (schema.format === 'date-time') return '2026-12-15T02:00:00Z';
      const n = Math.max(schema.minLength ?? 0, 4);
      return '跨市测试理由'.repeat(Math.ceil(n / 6)).slice(0, Math.min(n, schema.maxLength ?? n));
    }
    case 'object':
    default: {
      const out: Record<string, unknown> = {};
      for (const key of schema.required ?? []) out[key] = sampleBody(schema.properties?.[key], doc, depth + 1);
      return out;
    }
  }
}

/** An absent key of the same shape as `key`: a UUID keeps its form, a USCC stays valid, anything else one char off. */
export function twinOf(key: string): string {
  if (/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/.test(key))
    return key.slice(0, 24) + (key.endsWith('0000abcdef01') ? '0000abcdef02' : '0000abcdef01');
  if (/^[0-9A-HJ-NPQRTUWXY]{18}$/.test(key) && /^9/.test(key))
    return generateUscc({ division: '410105', seq: 999_991 });
  const last = key.at(-1)!;
  return key.slice(0, -1) + (last === '7' ? '8' : /\d/.test(last) ? '7' : last === 'x' ? 'y' : 'x');
}

export interface SweepResult {
  /** `METHOD path` of every route tried with a real record of city A. */
  recordRoutes: string[];
  /** Swept-module routes with a path parameter the sweep had no record for. */
  unseededRoutes: string[];
  /** `METHOD path` of every list, search or export route scanned. */
  listRoutes: string[];
  roles: string[];
  /** Calls with a record (each beside its absent twin) and list calls. */
  recordChecks: number;
  listChecks: number;
  /** Record calls answered exactly as absent (refused without disclosure). */
  denials: number;
  /** Record calls whose answer anonymous callers get too (published data). */
  publicAnswers: number;
  /** Reads of a SHARED_TABLES row (the catalog, directories): allowed by design. */
  sharedReads: number;
  leaks: string[];
  passwordHashLeaks: string[];
  /** Every JSON answer of the sweep scanned for password hashes. */
  answersScanned: number;
}

/** Status, code, field and message of an answer, with the key it was asked for replaced by a placeholder. */
function shapeOf(r: { statusCode: number; body: string }, keys: string[]): string {
  let body = r.body;
  for (const k of keys) body = body.split(k).join('<key>');
  try {
    const j = JSON.parse(body);
    if (j?.error) return JSON.stringify([r.statusCode, j.error.code, j.error.field ?? null, j.error.message ?? null]);
    return JSON.stringify([r.statusCode, j]);
  } catch {
    return JSON.stringify([r.statusCode, body.slice(0, 500)]);
  }
}

/**
 * Calls every route of the app as each second-city role against city A's records (seedCityA first). `perRoute` bounds
 * the records tried per route (the reduced form 1, the full run more).
 */
export async function crossCitySweep(
  t: TestApp,
  opts: { perRoute: number; full?: boolean } = { perRoute: 1 },
): Promise<SweepResult> {
  const doc = (await t.app.inject({ method: 'GET', url: '/openapi.json' })).json() as Schema;
  const secrets = await findSecrets(t.k);
  const secretKeys = [...new Set(secrets.filter((s) => !s.shared).flatMap((s) => s.keys))];
  const sharedKeys = new Set(secrets.filter((s) => s.shared).flatMap((s) => s.keys));
  const hashes = (await t.k.db.selectFrom('kernel_accounts').select('password_hash').execute()).map((r) =>
    String(r.password_hash),
  );
  const hashParts = [...new Set(hashes.flatMap((h) => h.split('$').filter((p) => p.length >= 16)))];
  const headers: Record<string, Record<string, string>> = {};
  for (const a of ATTACKERS) headers[a.role] = await t.login(a.username);
  const res: SweepResult = {
    recordRoutes: [],
    unseededRoutes: [],
    listRoutes: [],
    roles: ATTACKERS.map((a) => a.role),
    recordChecks: 0,
    listChecks: 0,
    denials: 0,
    publicAnswers: 0,
    sharedReads: 0,
    leaks: [],
    passwordHashLeaks: [],
    answersScanned: 0,
  };
  let seq = 0;
  const granted = (role: Role, permission: string) =>
    permission === 'public' || t.k.permissions.grantsOf([role]).has(permission);
  const call = async (method: string, url: string, h: Record<string, string>, payload?: unknown) => {
    const r = await t.app.inject({
      method: method as 'GET',
      url,
      headers: { ...h, ...(method === 'GET' ? {} : { 'idempotency-key': `cross-city-${++seq}` }) },
      ...(payload === undefined ? {} : { payload: payload as object }),
    });
    res.answersScanned++;
    if (/password_?hash/i.test(r.body) || /scrypt\$/.test(r.body) || hashParts.some((p) => r.body.includes(p)))
      res.passwordHashLeaks.push(`${method} ${url}`);
    return r;
  };
  const openapiPath = (url: string) => url.replace(/:(\w+)/g, '{$1}');
  const operation = (method: string, url: string): Schema | undefined =>
    doc.paths?.[openapiPath(url)]?.[method.toLowerCase()];

  const routes = t.app.routeTable.filter(
    (r) =>
      !r.url.startsWith('/docs') &&
      r.url !== '/openapi.json' &&
      !(r.method === 'DELETE' && r.url === '/api/v1/session') &&
      r.method !== 'HEAD',
  );
  const ownerTables = (owner: string) => secrets.filter((s) => s.table.startsWith(`${owner}_`));

  for (const r of routes.filter((x) => x.url.includes(':'))) {
    const params = [...r.url.matchAll(/\/([^/:]+)\/:(\w+)/g)].map((m) => ({ segment: m[1], name: m[2] }));
    if (params.some((p) => ['code', 'region'].includes(p.name))) continue; // division codes: reference data, not records
    if (!SWEPT_MODULES.includes(r.owner)) continue;
    // Each parameter's candidates: rows of the table its segment names (`/tickets/:id` → hotline_tickets), else any.
    // A nested record the seed lacks (a step, a material) is asked for by an absent id in both calls: the parent is
    // what is attacked.
    const candidates = params.map((p, i) => {
      if (p.name === 'version') return [FIXED_VERSION];
      if (p.name === 'uscc')
        return secrets
          .filter((s) => s.table === 'registry_enterprises')
          .flatMap((s) => s.keys.filter((k) => /^9/.test(k)));
      const stem = SEGMENT_TABLES[p.segment] ?? p.segment.replace(/-/g, '_');
      // One row per table first, so that perRoute > 1 tries different tables before more rows of one.
      const named = ownerTables(r.owner)
        .filter((s) => s.table.endsWith(`_${stem}`))
        .map((s) => s.keys[0]);
      return named.length || i === 0 ? named : [FIXED_CHILD];
    });
    const tries: string[][] = [];
    const most = Math.max(...candidates.map((c) => c.length));
    for (let i = 0; i < Math.min(opts.perRoute, most) && candidates.every((c) => c.length > 0); i++)
      tries.push(candidates.map((c) => c[i % c.length]));
    const key = `${r.method} ${r.url}`;
    if (!tries.length) {
      res.unseededRoutes.push(key);
      continue;
    }
    res.recordRoutes.push(key);
    const op = operation(r.method, r.url);
    const bodySchema = op?.requestBody?.content?.['application/json']?.schema;
    const payload = ['POST', 'PATCH', 'PUT'].includes(r.method) ? sampleBody(bodySchema, doc) : undefined;
    for (const values of tries) {
      const twins = values.map((v) => (v === FIXED_VERSION || v === FIXED_CHILD ? v : twinOf(v)));
      const fill = (vs: string[]) => {
        let i = 0;
        return r.url.replace(/:(\w+)/g, () => encodeURIComponent(vs[i++]));
      };
      const anon = await call(r.method, fill(values), {}, payload);
      for (const a of ATTACKERS) {
        // A role without the route's permission is refused before any lookup (the route × role matrix holds that).
        if (!granted(a.role, r.permission)) continue;
        if (sharedKeys.has(values[0])) {
          // Readable by design; an act must still be refused.
          const real = await call(r.method, fill(values), headers[a.role], payload);
          res.recordChecks++;
          if (r.method === 'GET') res.sharedReads++;
          else if (real.statusCode < 300)
            res.leaks.push(`${key} as ${a.role} (${a.username}) acted on ${values.join(',')}: ${real.statusCode}`);
          else res.denials++;
          continue;
        }
        const real = await call(r.method, fill(values), headers[a.role], payload);
        const absent = await call(r.method, fill(twins), headers[a.role], payload);
        res.recordChecks++;
        const keys = [...values, ...twins];
        if (shapeOf(real, keys) === shapeOf(absent, keys)) res.denials++;
        else if (real.statusCode < 300 && anon.statusCode === real.statusCode && anon.body === real.body)
          res.publicAnswers++;
        else
          res.leaks.push(
            `${key} as ${a.role} (${a.username}) with ${values.join(',')}: ${real.statusCode} ${real.body.slice(0, 160)} — absent: ${absent.statusCode} ${absent.body.slice(0, 160)}`,
          );
      }
    }
  }

  // Lists, searches and exports: no secret key in the answer unless anonymous callers see it too.
  const probe = secrets.find((s) => s.table === 'registry_enterprises')?.keys.find((k) => /^9/.test(k)) ?? '410105';
  for (const r of routes.filter((x) => x.method === 'GET' && !x.url.includes(':'))) {
    const op = operation('GET', r.url);
    const names = new Set<string>(
      (op?.parameters ?? []).filter((p: Schema) => p.in === 'query').map((p: Schema) => p.name),
    );
    const urls = [r.url];
    if (names.has('region')) urls.push(`${r.url}?region=410105`, `${r.url}?region=410100`);
    if (names.has('q')) urls.push(`${r.url}?q=${encodeURIComponent(probe)}`);
    res.listRoutes.push(`GET ${r.url}`);
    const roles = ATTACKERS.filter((a) => granted(a.role, r.permission));
    for (const url of urls) {
      const anon = await call('GET', url, {});
      for (const a of !opts.full && r.url in HEAVY_LISTS ? roles.slice(0, 1) : roles) {
        const got = await call('GET', url, headers[a.role]);
        res.listChecks++;
        const seen = secretKeys.filter((k) => got.body.includes(k) && !anon.body.includes(k));
        if (seen.length)
          res.leaks.push(
            `GET ${url} as ${a.role} (${a.username}) lists city ${CITY_A}'s ${seen.slice(0, 3).join(', ')}${seen.length > 3 ? ` and ${seen.length - 3} more` : ''}`,
          );
      }
    }
  }
  return res;
}
