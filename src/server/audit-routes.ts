/**
 * The audit chain over HTTP. Public: the signed checkpoints and the platform's public keys, so anyone can keep them and
 * hold the platform to them later. With `audit:read`: the verification report and the action log with link hashes,
 * scoped to the caller's jurisdiction (`auditScope`): below the province, only actions whose actor belongs to the
 * caller's region subtree (docs/security.md, "The audit log's scope").
 */
import {
  Type,
  Strict,
  StringEnum,
  Page,
  PageQuery,
  errorResponses,
  decodeCursor,
  encodeCursor,
  type App,
  Nullable,
  ctxOf,
} from '../kernel/http.ts';
import type { Ctx } from '../kernel/context.ts';
import { subtreePrefix } from '../kernel/reference/divisions.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { getCheckpoint, listCheckpoints } from '../kernel/audit-checkpoints.ts';
import { verifyAuditChain } from '../kernel/audit-verify.ts';
import { loadPlatformKey, platformJwks } from '../kernel/platform-keys.ts';
import { toRecord } from '../kernel/audit.ts';
import { checkReceipt } from '../kernel/audit-receipts.ts';
import { invalid, notFound } from '../kernel/errors.ts';
import '../kernel/db/kernel-tables.ts';

const tags = ['audit'];
const Hash = Type.String({ description: 'hex digest' });

const HeadSchema = Strict({ chain: Type.Integer(), position: Type.Integer(), hash: Hash });

const CheckpointSchema = Strict(
  {
    id: Type.String(),
    at: Type.String({ description: 'ISO-8601 UTC time the heads were read' }),
    hashAlg: StringEnum(['sha256', 'sm3'] as const),
    heads: Type.Array(HeadSchema, { description: 'Every chain head, chains 0..15 in order' }),
    root: Type.String({ description: 'H(JCS(heads)), hex' }),
    keyId: Type.String({ description: 'kid of the signing key in /.well-known/onewindow-platform-keys.json' }),
    alg: Type.String(),
    signature: Type.String({
      description: 'Compact JWS (EdDSA) over JCS({type:"onewindow.audit.checkpoint.v1", id, at, hashAlg, heads, root})',
    }),
  },
  { $id: 'AuditCheckpoint' },
);

const JwkSchema = Strict({
  kty: Type.String(),
  crv: Type.String(),
  x: Type.String(),
  kid: Type.String(),
  alg: Type.String(),
  use: Type.String(),
});

const ProblemKinds = [
  'edited',
  'deleted',
  'inserted',
  'reordered',
  'head_mismatch',
  'orphan_action',
  'missing_action',
] as const;

const ReportSchema = Strict({
  ok: Type.Boolean(),
  checkedAt: Type.String(),
  links: Type.Integer(),
  chains: Type.Array(
    Strict({ chain: Type.Integer(), length: Type.Integer(), headPosition: Type.Integer(), head: Type.String() }),
  ),
  problems: Type.Array(
    Strict({
      chain: Type.Integer(),
      position: Type.Integer(),
      kind: StringEnum(ProblemKinds),
      actionId: Nullable(Type.String()),
      detail: Type.String(),
      checkpointId: Type.Optional(Type.String()),
    }),
  ),
  checkpoints: Strict({
    count: Type.Integer(),
    signaturesChecked: Type.Boolean(),
    problems: Type.Array(Strict({ checkpointId: Type.String(), at: Type.String(), detail: Type.String() })),
  }),
});

const ActionSchema = Strict({
  id: Type.String(),
  at: Type.String(),
  actorId: Type.String(),
  actorRole: Type.String(),
  onBehalfOf: Nullable(Type.String()),
  action: Type.String(),
  subjectType: Type.String(),
  subjectId: Type.String(),
  reason: Nullable(Type.String()),
  ruleVersion: Nullable(Type.String()),
  beforeDigest: Nullable(Type.String()),
  afterDigest: Nullable(Type.String()),
  requestId: Nullable(Type.String()),
  chain: Type.Integer(),
  position: Type.Integer(),
  link: Nullable(Strict({ prevHash: Hash, hash: Hash, hashAlg: Type.String() })),
});

const ReceiptCheckSchema = Strict({
  ok: Type.Boolean({ description: 'signature valid and every link present with the receipted hash' }),
  signatureValid: Type.Boolean(),
  at: Nullable(Type.String({ description: 'when the receipt was signed' })),
  keyId: Nullable(Type.String()),
  links: Type.Array(
    Strict({
      chain: Type.Integer(),
      position: Type.Integer(),
      hash: Hash,
      actionId: Type.String(),
      status: StringEnum(['present', 'missing', 'different'] as const),
    }),
  ),
  problems: Type.Array(
    Strict({
      kind: StringEnum(['signature', 'deleted', 'edited'] as const),
      chain: Type.Optional(Type.Integer()),
      position: Type.Optional(Type.Integer()),
      actionId: Type.Optional(Type.String()),
      detail: Type.String(),
    }),
  ),
});

function cursorValue<T extends string | number>(cursor: string | undefined, type: 'string' | 'number'): T | null {
  const c = decodeCursor(cursor);
  if (!c) return null;
  if (typeof c[0] !== type)
    throw invalid('query.cursor', 'CURSOR_INVALID', '分页游标无效', 'The page cursor is not valid');
  return c[0] as T;
}

/**
 * The division-code prefix whose actors' actions the caller may read, or null for all. The province (a region-less
 * or province-level account) sees every action, the system's and anonymous callers' included; anyone below sees the
 * actions of accounts in their region's subtree — an action names its subject, and the subject's id and what was
 * done to it are the other city's business. Actions have no region of their own, so the actor's region stands in.
 */
export function auditScope(ctx: Ctx): string | null {
  const p = ctx.principal;
  if (p.kind === 'system' || p.region === null || p.region.endsWith('0000')) return null;
  return subtreePrefix(p.region);
}

export function registerAuditRoutes(app: App, k: Kernel): void {
  // Load (in development: generate) the signing key now, so production without ONEWINDOW_PLATFORM_KEY fails at start.
  loadPlatformKey(k.config);

  app.get(
    '/.well-known/onewindow-platform-keys.json',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'The platform’s public signing keys (JWKS): verify audit checkpoints with them',
        response: { 200: Strict({ keys: Type.Array(JwkSchema) }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', 'public, max-age=300');
      return platformJwks(k.config);
    },
  );

  app.get(
    '/api/v1/audit/checkpoints',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Signed audit-chain checkpoints, newest first',
        querystring: Strict({ ...PageQuery }),
        response: { 200: Page(CheckpointSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listCheckpoints(k.db, k.adapter, {
        before: cursorValue<string>(req.query.cursor, 'string'),
        limit,
      });
      return { items, nextCursor: items.length === limit ? encodeCursor([items[items.length - 1].id]) : null };
    },
  );

  app.get(
    '/api/v1/audit/checkpoints/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'One signed checkpoint',
        params: Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: CheckpointSchema, ...errorResponses },
      },
    },
    async (req) => {
      const cp = await getCheckpoint(k.db, k.adapter, req.params.id);
      if (!cp) throw notFound('审计检查点 audit checkpoint', req.params.id, 'params.id');
      return cp;
    },
  );

  app.post(
    '/api/v1/audit/receipts/verify',
    {
      // Anyone holding a receipt may check it; each check reads the log, so the budget is a tenth of the public one.
      config: {
        permission: 'public',
        rateLimit: { max: Math.max(1, Math.floor(k.config.publicRateLimit / 10)), timeWindow: 60_000 },
      },
      schema: {
        tags,
        summary: 'Check a write receipt (OneWindow-Receipt): signed by the platform, and its links still in the log',
        body: Strict({ receipt: Type.String({ minLength: 1, maxLength: 8000, description: 'the compact JWS' }) }),
        response: { 200: ReceiptCheckSchema, ...errorResponses },
      },
    },
    async (req) => {
      const c = await checkReceipt(k.db, req.body.receipt, platformJwks(k.config).keys);
      return {
        ok: c.ok,
        signatureValid: c.signatureValid,
        at: c.receipt?.at ?? null,
        keyId: c.keyId,
        links: c.links,
        problems: c.problems,
      };
    },
  );

  app.get(
    '/api/v1/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary:
          'Recompute every chain and cross-check actions, heads and signed checkpoints (below the province, problems are listed for actions of the caller’s jurisdiction only)',
        response: { 200: ReportSchema, ...errorResponses },
      },
    },
    async (req) => {
      const report = await verifyAuditChain(k.db, k.adapter, { keys: platformJwks(k.config).keys, now: k.clock.now() });
      const scope = auditScope(ctxOf(req));
      if (scope === null) return report;
      // Below the province: whether the chains hold (ok, heads, checkpoints) is everyone's fact, but a problem's detail
      // names actions and positions, so only problems on actions of the caller's jurisdiction are listed.
      const ids = report.problems.map((p) => p.actionId).filter((id): id is string => id !== null);
      const mine = new Set(
        ids.length === 0
          ? []
          : (
              await k.db
                .selectFrom('kernel_actions as a')
                .innerJoin('kernel_accounts as acc', 'acc.id', 'a.actor_id')
                .select('a.id')
                .where('a.id', 'in', ids)
                .where('acc.region', 'like', `${scope}%`)
                .execute()
            ).map((r) => r.id),
      );
      return { ...report, problems: report.problems.filter((p) => p.actionId !== null && mine.has(p.actionId)) };
    },
  );

  app.get(
    '/api/v1/audit/actions',
    {
      config: { permission: 'audit:read' },
      schema: {
        tags,
        summary:
          'The action log with chain links: one subject’s actions oldest first, or (no subject) all actions newest first; below the province, only the actions of accounts in the caller’s region',
        querystring: Strict({
          subjectType: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
          subjectId: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
          ...PageQuery,
        }),
        response: { 200: Page(ActionSchema), ...errorResponses },
      },
    },
    async (req) => {
      const { subjectType, subjectId } = req.query;
      if ((subjectType === undefined) !== (subjectId === undefined)) {
        throw invalid(
          subjectType === undefined ? 'query.subjectType' : 'query.subjectId',
          'SUBJECT_INCOMPLETE',
          'subjectType 与 subjectId 须同时给出',
          'Give both subjectType and subjectId, or neither',
        );
      }
      const limit = req.query.limit ?? 20;
      const scope = auditScope(ctxOf(req));
      let q = k.db
        .selectFrom('kernel_actions as a')
        .leftJoin('kernel_audit_links as l', (j) =>
          j.onRef('l.chain', '=', 'a.chain').onRef('l.position', '=', 'a.position').onRef('l.action_id', '=', 'a.id'),
        )
        .selectAll('a')
        .select(['l.prev_hash as link_prev_hash', 'l.hash as link_hash', 'l.hash_alg as link_hash_alg'])
        .limit(limit);
      // Out of scope is filtered in the query, so one subject's actions outside the jurisdiction read as none.
      if (scope !== null)
        q = q.where((eb) =>
          eb.exists(
            eb
              .selectFrom('kernel_accounts as acc')
              .select('acc.id')
              .whereRef('acc.id', '=', 'a.actor_id')
              .where('acc.region', 'like', `${scope}%`),
          ),
        );
      let next: (r: { id: string; position: number }) => unknown[];
      if (subjectType !== undefined && subjectId !== undefined) {
        const after = cursorValue<number>(req.query.cursor, 'number');
        q = q.where('a.subject_type', '=', subjectType).where('a.subject_id', '=', subjectId).orderBy('a.position');
        if (after !== null) q = q.where('a.position', '>', after);
        next = (r) => [Number(r.position)];
      } else {
        const before = cursorValue<string>(req.query.cursor, 'string');
        q = q.orderBy('a.id', 'desc');
        if (before !== null) q = q.where('a.id', '<', before);
        next = (r) => [r.id];
      }
      const rows = await q.execute();
      const items = rows.map((r) => ({
        ...toRecord(r),
        requestId: r.request_id,
        link:
          r.link_hash === null || r.link_hash === undefined
            ? null
            : { prevHash: r.link_prev_hash as string, hash: r.link_hash, hashAlg: r.link_hash_alg as string },
      }));
      return { items, nextCursor: rows.length === limit ? encodeCursor(next(rows[rows.length - 1])) : null };
    },
  );
}
