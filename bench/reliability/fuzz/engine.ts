/**
 * The bad-input fuzzer (issue 14): reads the app's own `/openapi.json`, and for every operation × every caller
 * (anonymous and one token per role) sends requests generated with fast-check from the operation's schema, then
 * broken on purpose — wrong types, missing and extra fields, huge strings and arrays, broken Unicode, SQL and script
 * payloads, path traversal, invalid USCC / resident ID / division codes, dates at the calendar's edges, stale
 * versions, replayed Idempotency-Keys with another body, oversized bodies, wrong content types and bad uploads.
 *
 * Every answer is held to: no 5xx; a 4xx carries the documented error shape with a code (or, on a standard's path,
 * that standard's shape); a batch of requests with no 2xx left every chain head and every table's row count as it
 * found them; `/healthz` answers after each operation. Requests run in process through `app.inject`.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { readChainHeads } from '../../../src/kernel/audit-checkpoints.ts';
import type { Kernel } from '../../../src/kernel/kernel.ts';
import type { App } from '../../../src/kernel/http.ts';
import {
  BAD_UPLOADS,
  EDGE_NUMBERS,
  HUGE_STRINGS,
  NASTY_PATH_PARAMS,
  NASTY_STRINGS,
  STALE_VERSIONS,
  specialValuesFor,
} from './payloads.ts';

type Schema = Record<string, any>;

export interface FuzzOptions {
  seed: number;
  /** Requests per operation for a caller the operation admits. */
  casesPerRole: number;
  /** Requests per operation for a caller the permission check turns away (it answers before parsing anything). */
  deniedCases: number;
  /** Auth headers per caller, `anonymous` first. */
  callers: Record<string, Record<string, string>>;
  /** Called for progress lines (one per operation), if given. */
  log?: (line: string) => void;
}

export interface FuzzFailure {
  method: string;
  url: string;
  role: string;
  kind: string;
  body: string;
  status: number;
  response: string;
  problem: string;
}

export interface FuzzResult {
  operations: number;
  requests: number;
  byStatus: Record<string, number>;
  rejectedBatches: number;
  failures: FuzzFailure[];
  /** Requests sent to each operation (all callers together), in operation order. */
  perOperation: number[];
}

interface Operation {
  method: string;
  path: string;
  op: Schema;
}

interface Req {
  kind: string;
  method: string;
  url: string;
  headers: Record<string, string>;
  payload?: string | Buffer;
}

/** Over the 5 MiB body limit; made once. */
const OVERSIZED = `{"a":"${'x'.repeat(6 * 1024 * 1024)}"}`;
const HUGE_ARRAYS: unknown[][] = [Array.from({ length: 20_000 }, (_, i) => i), Array(20_000).fill('x')];

/** Paths that answer in another standard's error shape (W3C VC-API, Open311), not ours. */
const STANDARD_PATHS = [/^\/credentials\//, /^\/\.well-known\//, /^\/open311\/v2\//];

export async function runFuzz(app: App, k: Kernel, opts: FuzzOptions): Promise<FuzzResult> {
  const docRes = await app.inject({ method: 'GET', url: '/openapi.json' });
  if (docRes.statusCode !== 200) throw new Error(`/openapi.json answered ${docRes.statusCode}`);
  const doc = docRes.json() as Schema;
  const resolve = (s: Schema | undefined): Schema | undefined => {
    let cur = s;
    for (let i = 0; cur && typeof cur.$ref === 'string' && i < 20; i++)
      cur = doc.components?.schemas?.[cur.$ref.replace('#/components/schemas/', '')];
    return cur;
  };
  const deref = (s: Schema | undefined, depth = 0): Schema => {
    const r = resolve(s) ?? {};
    if (depth > 8 || typeof r !== 'object') return r;
    const out: Schema = { ...r };
    if (r.properties)
      out.properties = Object.fromEntries(
        Object.entries(r.properties as Schema).map(([k2, v]) => [k2, deref(v as Schema, depth + 1)]),
      );
    if (r.items) out.items = deref(r.items, depth + 1);
    for (const key of ['anyOf', 'oneOf', 'allOf'])
      if (Array.isArray(r[key])) out[key] = r[key].map((x: Schema) => deref(x, depth + 1));
    return out;
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths as Record<string, Schema>))
    for (const [method, op] of Object.entries(item))
      if (['get', 'post', 'put', 'patch', 'delete'].includes(method))
        operations.push({ method: method.toUpperCase(), path, op: op as Schema });
  // Logging out revokes the caller's token: last, as the route-matrix test does.
  const isLogout = (o: Operation) => o.method === 'DELETE' && o.path === '/api/v1/session';
  operations.sort((a, b) => Number(isLogout(a)) - Number(isLogout(b)));

  const ids = await harvestIds(app, operations, opts.callers);
  const tables = await tableNames(k);
  const snapshot = async () => {
    const heads = JSON.stringify(await readChainHeads(k.db, k.adapter));
    const counts = await rowCounts(k, tables);
    return { heads, counts };
  };

  const result: FuzzResult = {
    operations: 0,
    requests: 0,
    byStatus: {},
    rejectedBatches: 0,
    failures: [],
    perOperation: [],
  };
  const fail = (req: Req, role: string, status: number, response: string, problem: string) =>
    result.failures.push({
      method: req.method,
      url: req.url.length > 200 ? `${req.url.slice(0, 200)}…` : req.url,
      role,
      kind: req.kind,
      body: excerpt(req.payload),
      status,
      response: response.slice(0, 300),
      problem,
    });

  let opIndex = 0;
  let lastSnapshot: Awaited<ReturnType<typeof snapshot>> | null = null;
  for (const o of operations) {
    opIndex++;
    const t0 = Date.now();
    const gen = requestArbitrary(o, deref, ids);
    let sent = 0;
    for (const [role, auth] of Object.entries(opts.callers)) {
      const seed = (opts.seed + hash(`${o.method} ${o.path} ${role}`)) | 0;
      // The first few cases first: a caller the permission check turns away gets no more (generating is not free).
      const first = Math.min(opts.deniedCases, opts.casesPerRole);
      let cases = fc.sample(gen, { seed, numRuns: first });
      // The state a rejected batch must leave as it found: the last batch's own check, when nothing succeeded since.
      const before = lastSnapshot ?? (await snapshot());
      let succeeded = false;
      let denied = false;
      let n = 0;
      for (let ci = 0; ci < cases.length; ci++) {
        const c = cases[ci];
        if (denied && n >= opts.deniedCases) break;
        const reqs = c.map((r) => ({ ...r, headers: { ...r.headers, ...auth } }));
        for (const req of reqs) {
          n++;
          result.requests++;
          let res: { statusCode: number; body: string; headers: Record<string, unknown> };
          try {
            res = await app.inject({
              method: req.method as 'GET',
              url: req.url,
              headers: req.headers,
              payload: req.payload,
            });
          } catch (e) {
            fail(req, role, 0, String((e as Error).stack ?? e), 'inject threw');
            continue;
          }
          const bucket = `${Math.floor(res.statusCode / 100)}xx`;
          result.byStatus[bucket] = (result.byStatus[bucket] ?? 0) + 1;
          if (res.statusCode >= 200 && res.statusCode < 300) succeeded = true;
          const problem = checkAnswer(o.path, res);
          if (problem) fail(req, role, res.statusCode, res.body, problem);
          if (n === 1 && isPermissionDenial(res)) denied = true;
        }
        // The same seed draws the same first cases, so the rest continue the sequence.
        if (ci === first - 1 && !denied && opts.casesPerRole > first)
          cases = fc.sample(gen, { seed, numRuns: opts.casesPerRole });
      }
      sent += n;
      lastSnapshot = null;
      if (!succeeded) {
        result.rejectedBatches++;
        const after = await snapshot();
        lastSnapshot = after;
        const diff = compareSnapshots(before, after);
        if (diff)
          result.failures.push({
            method: o.method,
            url: o.path,
            role,
            kind: 'state',
            body: '',
            status: 0,
            response: diff,
            problem: 'a batch of rejected requests changed stored state',
          });
      }
    }
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    if (health.statusCode !== 200)
      result.failures.push({
        method: 'GET',
        url: '/healthz',
        role: 'anonymous',
        kind: 'health',
        body: '',
        status: health.statusCode,
        response: health.body.slice(0, 300),
        problem: `not responsive after ${o.method} ${o.path}`,
      });
    result.operations++;
    result.perOperation.push(sent);
    opts.log?.(`[${opIndex}/${operations.length}] ${o.method} ${o.path}: ${sent} requests, ${Date.now() - t0} ms`);
  }
  return result;
}

/** The answer's problem, or null: a 5xx, or a 4xx without the error shape of its path. */
function checkAnswer(path: string, res: { statusCode: number; body: string; headers: Record<string, unknown> }) {
  if (res.statusCode >= 500) return `server error ${res.statusCode}`;
  if (res.statusCode < 400) return null;
  if (STANDARD_PATHS.some((p) => p.test(path)) && isStandardXmlError(res)) return null;
  let body: any;
  try {
    body = JSON.parse(res.body);
  } catch {
    return 'a 4xx whose body is not JSON';
  }
  if (!String(res.headers['content-type'] ?? '').startsWith('application/json')) return 'a 4xx not typed JSON';
  if (isOurError(body, res.statusCode)) return null;
  if (STANDARD_PATHS.some((p) => p.test(path)) && isStandardError(body)) return null;
  return 'a 4xx without the error shape { error: { code, status, field, message: { zh, en }, requestId } }';
}

function isOurError(body: any, status: number): boolean {
  const e = body?.error;
  return (
    !!e &&
    typeof e.code === 'string' &&
    /^[A-Z][A-Z0-9_]*$/.test(e.code) &&
    e.status === status &&
    (e.field === null || typeof e.field === 'string') &&
    typeof e.message?.zh === 'string' &&
    e.message.zh.length > 0 &&
    typeof e.message?.en === 'string' &&
    e.message.en.length > 0 &&
    typeof e.requestId === 'string'
  );
}

/** RFC 9457 problem details (the VC-API's errors) or Open311's `[{ code, description }]`. */
function isStandardError(body: any): boolean {
  if (Array.isArray(body)) return body.length > 0 && body.every((x) => x && 'code' in x && 'description' in x);
  return typeof body?.type === 'string' && typeof body?.title === 'string';
}

/** Open311's XML errors (a `.xml` resource): `<errors><error><code>…</code><description>…</description></error></errors>`. */
function isStandardXmlError(res: { statusCode: number; body: string; headers: Record<string, unknown> }): boolean {
  return (
    String(res.headers['content-type'] ?? '').startsWith('text/xml') &&
    new RegExp(`<errors><error><code>${res.statusCode}</code><description>[^<]+</description></error></errors>$`).test(
      res.body,
    )
  );
}

function isPermissionDenial(res: { statusCode: number; body: string }): boolean {
  if (res.statusCode !== 401 && res.statusCode !== 403) return false;
  try {
    const code = JSON.parse(res.body)?.error?.code;
    return code === 'UNAUTHENTICATED' || code === 'FORBIDDEN';
  } catch {
    return false;
  }
}

// ---- state ----

async function tableNames(k: Kernel): Promise<string[]> {
  const rows =
    k.adapter.dialect === 'postgres'
      ? await sql<{
          name: string;
        }>`select tablename as name from pg_tables where schemaname = current_schema() order by 1`.execute(k.db)
      : await sql<{
          name: string;
        }>`select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by 1`.execute(k.db);
  return rows.rows.map((r) => r.name);
}

/** Every table's row count in one statement. */
async function rowCounts(k: Kernel, tables: string[]): Promise<Record<string, number>> {
  const parts = tables.map((t) => `select '${t}' as t, count(*) as n from "${t}"`);
  const rows = await sql<{ t: string; n: number | string }>`${sql.raw(parts.join(' union all '))}`.execute(k.db);
  return Object.fromEntries(rows.rows.map((r) => [r.t, Number(r.n)]));
}

function compareSnapshots(
  a: { heads: string; counts: Record<string, number> },
  b: { heads: string; counts: Record<string, number> },
): string | null {
  const diffs: string[] = [];
  if (a.heads !== b.heads) diffs.push(`chain heads moved: ${a.heads} → ${b.heads}`);
  for (const t of Object.keys(b.counts))
    if (a.counts[t] !== b.counts[t]) diffs.push(`${t}: ${a.counts[t]} → ${b.counts[t]} rows`);
  return diffs.length ? diffs.join('; ') : null;
}

// ---- known ids, so path parameters reach real records ----

/** Ids from every list the callers may read, keyed by the list's path (`/api/v1/cases` → case ids). */
async function harvestIds(
  app: App,
  operations: Operation[],
  callers: Record<string, Record<string, string>>,
): Promise<Map<string, string[]>> {
  const ids = new Map<string, Set<string>>();
  const add = (path: string, v: string) => {
    if (!ids.has(path)) ids.set(path, new Set());
    ids.get(path)!.add(v);
  };
  for (const o of operations) {
    if (o.method !== 'GET' || o.path.includes('{') || o.path === '/api/v1/session') continue;
    for (const auth of Object.values(callers)) {
      const res = await app.inject({ method: 'GET', url: o.path, headers: auth });
      if (res.statusCode !== 200 || !String(res.headers['content-type']).includes('json')) continue;
      collectIds(res.json(), (v) => add(o.path, v), 0);
    }
  }
  return new Map([...ids].map(([k2, v]) => [k2, [...v].slice(0, 20)]));
}

function collectIds(v: unknown, add: (id: string) => void, depth: number): void {
  if (depth > 4 || !v || typeof v !== 'object') return;
  if (Array.isArray(v)) {
    for (const x of v.slice(0, 20)) collectIds(x, add, depth + 1);
    return;
  }
  for (const [key, x] of Object.entries(v)) {
    if ((key === 'id' || key === 'uscc' || key === 'code') && typeof x === 'string') add(x);
    else collectIds(x, add, depth + 1);
  }
}

// ---- generation ----

const KINDS = [
  'schema',
  'schema',
  'wrong-type',
  'missing-field',
  'extra-field',
  'huge-string',
  'huge-array',
  'nasty-string',
  'special-value',
  'nasty-path',
  'nasty-query',
  'invalid-utf8',
  'wrong-content-type',
  'oversized',
  'not-an-object',
  'stale-version',
  'idempotency-replay',
  'bad-upload',
] as const;

/** An arbitrary of request sequences (one request, or two for a replayed Idempotency-Key) for an operation. */
function requestArbitrary(
  o: Operation,
  deref: (s: Schema | undefined) => Schema,
  ids: Map<string, string[]>,
): fc.Arbitrary<Req[]> {
  const params = ((o.op.parameters ?? []) as Schema[]).map((p): Schema => ({ ...p, schema: deref(p.schema) }));
  const pathParams = params.filter((p) => p.in === 'path');
  const queryParams = params.filter((p) => p.in === 'query');
  const hasIdemKey = params.some((p) => p.in === 'header' && p.name === 'idempotency-key');
  const content = o.op.requestBody?.content as Schema | undefined;
  const bodySchema = content ? deref(content['application/json']?.schema) : undefined;
  const isUpload = !!bodySchema && !bodySchema.type && !bodySchema.properties && /file/i.test(o.op.description ?? '');
  const prefix = o.path.split('/{')[0];
  const known = [...(ids.get(prefix) ?? []), ...[...ids.values()].flat().slice(0, 5)];

  const pathValue = (p: Schema) =>
    fc.oneof(
      { weight: 5, arbitrary: known.length ? fc.constantFrom(...known) : fc.constant('x-not-an-id') },
      { weight: 2, arbitrary: valueArb(p.schema, p.name, 0).map((v) => encodeURIComponent(String(v))) },
      { weight: 1, arbitrary: fc.constant('x-not-an-id') },
    );
  const pathArb = fc.tuple(...pathParams.map((p) => pathValue(p)));
  const queryArb = fc.tuple(
    ...queryParams.map((p) => fc.option(valueArb(p.schema, p.name, 0), { nil: undefined, freq: p.required ? 10 : 2 })),
  );
  const bodyArb = bodySchema && !isUpload ? valueArb(bodySchema, 'body', 0) : fc.constant(undefined);

  return fc
    .record({
      kind: fc.constantFrom(...KINDS),
      path: pathArb,
      query: queryArb,
      body: bodyArb,
      other: bodyArb,
      nastyPath: fc.constantFrom(...NASTY_PATH_PARAMS),
      nastyPathAt: fc.nat(),
      nasty: fc.constantFrom(...NASTY_STRINGS, ...HUGE_STRINGS),
      wrongType: fc.constantFrom<unknown>(42, -1, true, null, [], {}, 'str', 1e308, [1, 2], { a: 1 }),
      pick: fc.nat(),
      key: fc.string({ minLength: 8, maxLength: 16, unit: fc.constantFrom(...'abcdefghijklmnopqrstuvwxyz0123456789') }),
      upload: fc.constantFrom(...BAD_UPLOADS),
      contentType: fc.constantFrom(
        'text/plain',
        'application/xml',
        'multipart/form-data; boundary=x',
        'application/x-www-form-urlencoded',
        'application/json; charset=latin1',
        'image/png',
      ),
    })
    .map((r) => {
      const pathVals = r.path.map((v) => String(v));
      let queryVals: (unknown | undefined)[] = r.query;
      let body: unknown = r.body;
      let payload: string | Buffer | undefined;
      const headers: Record<string, string> = {};
      const kind = r.kind;
      switch (kind) {
        case 'wrong-type':
          body = mutateAt(body, r.pick, () => r.wrongType);
          break;
        case 'missing-field':
          body = deleteAt(body, r.pick);
          break;
        case 'extra-field':
          body = mutateAt(body, r.pick, (v) =>
            v && typeof v === 'object' && !Array.isArray(v) ? { ...v, ['$where']: '1', isAdmin: true } : v,
          );
          if (body && typeof body === 'object' && !Array.isArray(body)) body = { ...body, unexpected: r.nasty };
          break;
        case 'huge-string':
          body = mutateAt(body, r.pick, () => HUGE_STRINGS[r.pick % HUGE_STRINGS.length]);
          queryVals = queryVals.map((v, i) => (i === r.pick % Math.max(1, queryVals.length) ? 'q'.repeat(5000) : v));
          break;
        case 'huge-array':
          body = mutateAt(body, r.pick, (v) => HUGE_ARRAYS[r.pick % 2].concat(typeof v === 'object' ? [] : [v]));
          break;
        case 'nasty-string':
          body = mutateAt(body, r.pick, () => r.nasty);
          queryVals = queryVals.map((v, i) => (i === r.pick % Math.max(1, queryVals.length) ? r.nasty : v));
          break;
        case 'special-value':
          body = mutateNamed(body, r.pick);
          break;
        case 'nasty-path':
          if (pathVals.length) pathVals[r.nastyPathAt % pathVals.length] = r.nastyPath;
          break;
        case 'nasty-query':
          queryVals = queryVals.map(() => r.nasty);
          break;
        case 'invalid-utf8':
          payload = Buffer.concat([
            Buffer.from('{"name":"'),
            Buffer.from([0xff, 0xfe, 0xc0, 0xaf, 0xed, 0xa0, 0x80]),
            Buffer.from('"}'),
          ]);
          headers['content-type'] = 'application/json';
          break;
        case 'wrong-content-type':
          payload = JSON.stringify(body ?? {});
          headers['content-type'] = r.contentType;
          break;
        case 'oversized':
          payload = OVERSIZED;
          headers['content-type'] = 'application/json';
          break;
        case 'not-an-object':
          body = r.wrongType;
          break;
        case 'stale-version':
          body = mutateNamed(body, r.pick, /version/i, STALE_VERSIONS);
          headers['if-match'] = String(r.pick % 3 === 0 ? '"0"' : r.pick % 3 === 1 ? 'W/"999999"' : '*');
          break;
        case 'bad-upload':
          if (isUpload) {
            payload = r.upload.body;
            headers['content-type'] = r.upload.contentType;
          } else body = mutateAt(body, r.pick, () => r.upload.body.toString('latin1'));
          break;
      }
      let i = 0;
      const url =
        o.path.replace(/\{(\w+)\}/g, () => pathVals[i++] ?? 'x') +
        queryString(
          queryParams.map((p) => p.name as string),
          queryVals,
        );
      const first: Req = { kind, method: o.method, url, headers: { ...headers } };
      if (payload !== undefined) first.payload = payload;
      else if (isUpload) {
        first.payload = r.upload.body;
        first.headers['content-type'] = 'application/octet-stream';
      } else if (bodySchema && body !== undefined) {
        first.payload = JSON.stringify(body);
        first.headers['content-type'] = 'application/json';
      }
      if (kind === 'idempotency-replay' && hasIdemKey) {
        first.headers['idempotency-key'] = r.key;
        const second: Req = {
          ...first,
          kind: 'idempotency-replay (other body)',
          headers: { ...first.headers },
          payload: JSON.stringify(
            r.other === undefined ? { different: true } : mutateAt(r.other, r.pick + 1, () => 'changed'),
          ),
        };
        return [first, second];
      }
      return [first];
    });
}

function queryString(names: string[], values: unknown[]): string {
  const parts: string[] = [];
  names.forEach((n, i) => {
    const v = values[i];
    if (v === undefined) return;
    parts.push(`${n}=${encode(typeof v === 'string' ? v : JSON.stringify(v))}`);
  });
  return parts.length ? `?${parts.join('&')}` : '';
}

/** encodeURIComponent that keeps a lone surrogate (as the 3 bytes of its WTF-8 form, invalid UTF-8). */
function encode(s: string): string {
  return s.replace(/[\s\S]/gu, (ch) => {
    try {
      return encodeURIComponent(ch);
    } catch {
      return '%ED%A0%80';
    }
  });
}

/** A value for a schema: valid-looking, with boundary lengths and numbers, or a name-chosen special value. */
function valueArb(schema: Schema | undefined, name: string, depth: number): fc.Arbitrary<unknown> {
  const s = schema ?? {};
  const special = specialValuesFor(name);
  const withSpecial = (a: fc.Arbitrary<unknown>) =>
    special ? fc.oneof({ weight: 4, arbitrary: a }, { weight: 1, arbitrary: fc.constantFrom(...special) }) : a;
  if (Array.isArray(s.enum) && s.enum.length) return withSpecial(fc.constantFrom(...s.enum));
  if (s.const !== undefined) return fc.constant(s.const);
  const alts = s.anyOf ?? s.oneOf;
  if (Array.isArray(alts) && alts.length) return fc.oneof(...alts.map((a: Schema) => valueArb(a, name, depth + 1)));
  if (Array.isArray(s.allOf) && s.allOf.length) return valueArb(Object.assign({}, ...s.allOf), name, depth);
  const types: string[] = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (!types.length) {
    if (s.properties) types.push('object');
    else return fc.constantFrom<unknown>('x', 1, null, { a: 1 }, [1]);
  }
  return fc.oneof(...types.map((t) => withSpecial(typedArb(s, t, name, depth))));
}

function typedArb(s: Schema, type: string, name: string, depth: number): fc.Arbitrary<unknown> {
  switch (type) {
    case 'null':
      return fc.constant(null);
    case 'boolean':
      return fc.boolean();
    case 'integer':
    case 'number': {
      const lo = typeof s.minimum === 'number' ? s.minimum : -1000;
      const hi = typeof s.maximum === 'number' ? s.maximum : 1000;
      const edges = [lo, hi, lo - 1, hi + 1, ...EDGE_NUMBERS];
      return fc.oneof(
        type === 'integer'
          ? fc.integer({ min: Math.max(lo, -1e9), max: Math.min(hi, 1e9) })
          : fc.double({ noNaN: true, noDefaultInfinity: true, min: lo, max: hi }),
        fc.constantFrom(...edges),
      );
    }
    case 'string': {
      const min = typeof s.minLength === 'number' ? s.minLength : 0;
      const max = typeof s.maxLength === 'number' ? Math.min(s.maxLength, 300) : 40;
      const arbs: fc.Arbitrary<unknown>[] = [
        fc.string({ minLength: min, maxLength: Math.max(min, max), unit: 'grapheme' }),
        fc.constantFrom('', 'x'.repeat(max + 1), '测'.repeat(Math.max(1, max))),
      ];
      if (typeof s.pattern === 'string') {
        try {
          arbs.push(fc.stringMatching(new RegExp(s.pattern)).filter((v) => v.length <= 500));
        } catch {
          // a pattern fast-check cannot invert: the other strings still cover it
        }
      }
      if (s.format === 'date' || s.format === 'date-time') arbs.push(fc.constantFrom(...specialDates()));
      return fc.oneof(...arbs);
    }
    case 'array': {
      if (depth > 4) return fc.constant([]);
      const items = valueArb(s.items, name, depth + 1);
      return fc.array(items, { maxLength: typeof s.maxItems === 'number' ? Math.min(s.maxItems + 1, 4) : 3 });
    }
    case 'object': {
      if (depth > 4) return fc.constant({});
      const props = (s.properties ?? {}) as Record<string, Schema>;
      const required = new Set<string>(s.required ?? []);
      const model: Record<string, fc.Arbitrary<unknown>> = {};
      for (const [key, ps] of Object.entries(props)) model[key] = valueArb(ps, key, depth + 1);
      if (!Object.keys(model).length) return fc.constantFrom<unknown>({}, { a: 1 });
      return fc.record(model, { requiredKeys: Object.keys(model).filter((k2) => required.has(k2)) });
    }
    default:
      return fc.constant(null);
  }
}

function specialDates(): string[] {
  return ['2027-10-01', '1900-01-01', '9999-12-31', '2027-02-29', '0000-01-01'];
}

// ---- mutation helpers: the `pick`-th node of a JSON value (depth first) ----

function nodes(v: unknown, path: (string | number)[] = [], out: (string | number)[][] = []): (string | number)[][] {
  out.push(path);
  if (v && typeof v === 'object') {
    if (Array.isArray(v)) v.forEach((x, i) => nodes(x, [...path, i], out));
    else for (const [k2, x] of Object.entries(v)) nodes(x, [...path, k2], out);
  }
  return out;
}

function setAt(v: unknown, path: (string | number)[], f: (old: unknown) => unknown | typeof DELETE): unknown {
  if (!path.length) {
    const r = f(v);
    return r === DELETE ? undefined : r;
  }
  const [head, ...rest] = path;
  if (Array.isArray(v)) {
    const copy = [...v];
    const r = setAt(copy[head as number], rest, f);
    if (rest.length === 0 && f === deleter) copy.splice(head as number, 1);
    else copy[head as number] = r;
    return copy;
  }
  const obj = { ...(v as Record<string, unknown>) };
  if (rest.length === 0 && f === deleter) delete obj[head as string];
  else obj[head as string] = setAt(obj[head as string], rest, f);
  return obj;
}

const DELETE = Symbol('delete');
const deleter = () => DELETE;

function mutateAt(v: unknown, pick: number, f: (old: unknown) => unknown): unknown {
  const all = nodes(v);
  const leafish = all.length > 1 ? all.slice(1) : all;
  return setAt(v, leafish[pick % leafish.length], f);
}

function deleteAt(v: unknown, pick: number): unknown {
  const all = nodes(v).slice(1);
  if (!all.length) return undefined;
  return setAt(v, all[pick % all.length], deleter);
}

/** Replaces a field whose name calls for special values (USCC, resident ID, region, date, version …) with one. */
function mutateNamed(v: unknown, pick: number, only?: RegExp, values?: readonly unknown[]): unknown {
  const named = nodes(v).filter((p) => {
    const last = p[p.length - 1];
    return typeof last === 'string' && (only ? only.test(last) : specialValuesFor(last));
  });
  if (!named.length) return values ? { ...(v as object), version: values[pick % values.length] } : v;
  const path = named[pick % named.length];
  const list = values ?? specialValuesFor(String(path[path.length - 1]))!;
  return setAt(v, path, () => list[Math.floor(pick / named.length) % list.length]);
}

function excerpt(p: string | Buffer | undefined): string {
  if (p === undefined) return '';
  const s = Buffer.isBuffer(p) ? `<${p.length} bytes> ${p.subarray(0, 80).toString('latin1')}` : p;
  return s.length > 200 ? `${s.slice(0, 200)}… (${s.length} chars)` : s;
}

function hash(s: string): number {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return h >>> 0;
}

/** The first few failures as report lines. */
export function describeFailures(failures: FuzzFailure[], max = 5): string[] {
  return failures
    .slice(0, max)
    .map(
      (f) =>
        `${f.problem}: ${f.method} ${f.url} as ${f.role} (${f.kind}) body ${JSON.stringify(f.body)} → ${f.status} ${f.response}`,
    );
}
