/** Registry routes: thin — validate by schema, call one service function, return. */
import { normalizeIdentifier } from '../../kernel/validators/identifiers.ts';
import {
  Type,
  Strict,
  StringEnum,
  Page,
  PageQuery,
  errorResponses,
  ctxOf,
  decodeCursor,
  encodeCursor,
  type App,
  Nullable,
} from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { idempotent, replyIdempotent } from '../../kernel/idempotency.ts';
import * as svc from './service.ts';
import * as rel from './relations.ts';
import * as agents from './agents.ts';
import { notFound } from '../../kernel/errors.ts';

const lit = StringEnum;
const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
const Region = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one answers 409' });
const Reason = Type.String({ minLength: 1, maxLength: 500 });

const EnterpriseSchema = Strict(
  {
    id: Type.String(),
    uscc: Type.String(),
    name: Type.String(),
    orgType: lit(svc.ORG_TYPES),
    entityType: Type.String(),
    region: Type.String(),
    regionName: Type.String(),
    address: Type.String(),
    industry: Type.String(),
    industryName: Type.String(),
    legalRepresentative: Strict({ name: Type.String(), residentIdMasked: Nullable(Type.String()) }),
    status: lit(svc.ENTERPRISE_STATUSES),
    establishedOn: Nullable(Type.String()),
    licences: Type.Array(Type.Unknown()),
    synthetic: Type.Boolean({ description: 'Synthetic demo data (示例数据), not a real enterprise' }),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Enterprise' },
);

const PersonSchema = Strict(
  {
    id: Type.String(),
    name: Type.String(),
    residentIdMasked: Type.String(),
    phoneMasked: Nullable(Type.String()),
    region: Type.String(),
    regionName: Type.String(),
    synthetic: Type.Boolean(),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Person' },
);

const LegalRep = Strict({
  name: Type.String({ minLength: 1, maxLength: 60 }),
  residentId: Type.Optional(Nullable(Type.String({ maxLength: 18 }))),
});

const EnterpriseBody = Strict({
  uscc: Type.String({ minLength: 1, maxLength: 18 }),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  orgType: lit(svc.ORG_TYPES),
  entityType: Type.String({
    minLength: 1,
    maxLength: 60,
    description: '企业类型, e.g. 有限责任公司（自然人投资或控股）',
  }),
  region: Region,
  address: Type.String({ minLength: 1, maxLength: 300 }),
  industry: Type.String({
    minLength: 1,
    maxLength: 2,
    description: 'GB/T 4754-2017 section letter or 2-digit division',
  }),
  legalRepresentative: LegalRep,
  status: Type.Optional(lit(svc.ENTERPRISE_STATUSES)),
  establishedOn: Type.Optional(Nullable(DateStr)),
});

const EnterprisePatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  orgType: Type.Optional(lit(svc.ORG_TYPES)),
  entityType: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  region: Type.Optional(Region),
  address: Type.Optional(Type.String({ minLength: 1, maxLength: 300 })),
  industry: Type.Optional(Type.String({ minLength: 1, maxLength: 2 })),
  legalRepresentative: Type.Optional(LegalRep),
  status: Type.Optional(lit(svc.ENTERPRISE_STATUSES)),
  establishedOn: Type.Optional(Nullable(DateStr)),
});

const PersonBody = Strict({
  residentId: Type.String({ minLength: 1, maxLength: 18 }),
  name: Type.String({ minLength: 1, maxLength: 60 }),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  region: Region,
});

const PersonPatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 20 }))),
  region: Type.Optional(Region),
});

const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const tags = ['registry'];
const idemHeader = Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 200 })) });

function page<T extends { id: string }>(rows: T[], limit: number) {
  return { items: rows, nextCursor: rows.length === limit ? encodeCursor([rows[rows.length - 1].id]) : null };
}

function afterOf(cursor: string | undefined): string | null {
  const c = decodeCursor(cursor);
  return c && typeof c[0] === 'string' ? c[0] : null;
}

export function registerRegistryRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/registry/enterprises',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags,
        summary: 'Search enterprises by name within your jurisdiction',
        querystring: Strict({
          q: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
          region: Type.Optional(Region),
          status: Type.Optional(lit(svc.ENTERPRISE_STATUSES)),
          ...PageQuery,
        }),
        response: { 200: Page(EnterpriseSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const rows = await svc.listEnterprises(k, ctxOf(req), {
        q: req.query.q,
        region: req.query.region,
        status: req.query.status,
        after: afterOf(req.query.cursor),
        limit,
      });
      return page(rows, limit);
    },
  );

  app.post(
    '/api/v1/registry/enterprises',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        summary: 'Register an enterprise or other organization',
        headers: idemHeader,
        body: EnterpriseBody,
        response: { 201: EnterpriseSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => svc.registerEnterprise(k, ctxOf(req), req.body, tx));
    },
  );

  app.get(
    '/api/v1/registry/enterprises/by-uscc/:uscc',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags,
        summary: 'Look up an enterprise by USCC',
        params: Strict({ uscc: Type.String({ minLength: 1, maxLength: 18 }) }),
        response: { 200: EnterpriseSchema, ...errorResponses },
      },
    },
    async (req) => {
      const e = await svc.findEnterpriseByUscc(k, ctxOf(req), req.params.uscc);
      if (!e) throw notFound('企业 enterprise', normalizeIdentifier(req.params.uscc), 'params.uscc');
      return e;
    },
  );

  app.get(
    '/api/v1/registry/enterprises/:id',
    {
      config: { permission: 'registry:read' },
      schema: { tags, params: IdParams, response: { 200: EnterpriseSchema, ...errorResponses } },
    },
    async (req) => svc.getEnterprise(k, ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/registry/enterprises/:id',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        summary: 'Change registered facts; needs the current version',
        params: IdParams,
        body: EnterprisePatchBody,
        response: { 200: EnterpriseSchema, ...errorResponses },
      },
    },
    async (req) => svc.updateEnterprise(k, ctxOf(req), req.params.id, req.body),
  );

  app.get(
    '/api/v1/registry/persons',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags,
        summary: 'Search natural persons by name (or exact phone) within your jurisdiction',
        querystring: Strict({ name: Type.Optional(Type.String({ minLength: 1, maxLength: 60 })), ...PageQuery }),
        response: { 200: Page(PersonSchema), ...errorResponses },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      return page(
        await svc.listPersons(k, ctxOf(req), { name: req.query.name, after: afterOf(req.query.cursor), limit }),
        limit,
      );
    },
  );

  app.post(
    '/api/v1/registry/persons',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        summary: 'Register a natural person',
        headers: idemHeader,
        body: PersonBody,
        response: { 201: PersonSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      return replyIdempotent(k, req, reply, 201, (tx) => svc.registerPerson(k, ctxOf(req), req.body, tx));
    },
  );

  // Lookups by ID number or phone are POSTs so the numbers never appear in URLs or access logs.
  app.post(
    '/api/v1/registry/persons/lookup',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags,
        summary: 'Look up a person by resident ID (kept out of the URL)',
        body: Strict({ residentId: Type.String({ minLength: 1, maxLength: 18 }) }),
        response: { 200: PersonSchema, ...errorResponses },
      },
    },
    async (req) => {
      const p = await svc.findPersonByResidentId(k, ctxOf(req), req.body.residentId);
      if (!p) throw notFound('自然人 person', 'residentId', 'body.residentId');
      return p;
    },
  );

  app.post(
    '/api/v1/registry/persons/search-by-phone',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags,
        summary: 'Find persons by exact mobile number (blind index)',
        body: Strict({ phone: Type.String({ minLength: 1, maxLength: 20 }) }),
        response: { 200: Page(PersonSchema), ...errorResponses },
      },
    },
    async (req) => page(await svc.listPersons(k, ctxOf(req), { phone: req.body.phone, limit: 50 }), 50),
  );

  app.get(
    '/api/v1/registry/persons/:id',
    {
      config: { permission: 'registry:read' },
      schema: { tags, params: IdParams, response: { 200: PersonSchema, ...errorResponses } },
    },
    async (req) => svc.getPerson(k, ctxOf(req), req.params.id),
  );

  app.patch(
    '/api/v1/registry/persons/:id',
    {
      config: { permission: 'registry:write' },
      schema: { tags, params: IdParams, body: PersonPatchBody, response: { 200: PersonSchema, ...errorResponses } },
    },
    async (req) => svc.updatePerson(k, ctxOf(req), req.params.id, req.body),
  );

  app.post(
    '/api/v1/registry/persons/:id/reveal',
    {
      config: { permission: 'registry:read_personal' },
      schema: {
        tags,
        summary: 'Read the full ID number and phone (logged with your reason, visible to the person)',
        params: IdParams,
        body: Strict({ reason: Reason }),
        response: { 200: Strict({ residentId: Type.String(), phone: Nullable(Type.String()) }), ...errorResponses },
      },
    },
    async (req) => svc.revealPersonalData(k, ctxOf(req), req.params.id, req.body.reason),
  );

  app.get(
    '/api/v1/registry/persons/:id/personal-data-reads',
    {
      config: { permission: 'registry:personal_reads' },
      schema: {
        tags,
        summary: 'Who read this person’s full personal data, when and why',
        params: IdParams,
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                at: Type.String(),
                readerId: Type.String(),
                readerRole: Type.String(),
                fields: Type.Array(Type.String()),
                reason: Type.String(),
              }),
            ),
            nextCursor: Type.Null(),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await svc.personalDataReads(k, ctxOf(req), req.params.id), nextCursor: null }),
  );
}

const RelationSchema = Strict({
  id: Type.String(),
  staffId: Type.String(),
  subjectType: StringEnum(['person', 'enterprise'] as const),
  subjectId: Type.String(),
  relation: StringEnum(rel.RELATION_KINDS),
  note: Nullable(Type.String()),
  declaredAt: Type.String(),
  withdrawnAt: Nullable(Type.String()),
  withdrawReason: Nullable(Type.String()),
});

/** The data subject's own view. */
export function registerSelfRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/registry/me',
    {
      config: { permission: 'registry:self' },
      schema: {
        tags: ['registry'],
        summary: 'Your own registry record (masked) and every full read of your ID or phone: who, when, why',
        response: {
          200: Strict({
            person: PersonSchema,
            reads: Type.Array(
              Strict({
                at: Type.String(),
                readerId: Type.String(),
                readerRole: Type.String(),
                fields: Type.Array(Type.String()),
                reason: Type.String(),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => svc.myPersonalData(k, ctxOf(req)),
  );
}

/** Conflicts of interest: declarations by staff, and the check later modules (and leads) use to recuse. */
export function registerRelationRoutes(app: App, k: Kernel): void {
  const tags = ['registry: conflicts of interest'];
  app.post(
    '/api/v1/registry/relations',
    {
      config: { permission: 'registry:declare_relation' },
      schema: {
        tags,
        summary: 'Declare one of your relations to a person or enterprise (利益关系申报)',
        headers: idemHeader,
        body: Strict({
          subjectType: StringEnum(['person', 'enterprise'] as const),
          subjectId: Type.String({ minLength: 1, maxLength: 64 }),
          relation: StringEnum(rel.RELATION_KINDS),
          note: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 201: RelationSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await idempotent(k, req, 201, (tx) => rel.declareRelation(k, ctxOf(req), req.body, tx));
      return reply.status(r.status).send(r.body);
    },
  );
  app.get(
    '/api/v1/registry/relations',
    {
      config: { permission: 'registry:declare_relation' },
      schema: {
        tags,
        summary: 'Your declarations, or (supervision roles) a staff member’s',
        querystring: Strict({ staffId: Type.Optional(Type.String({ maxLength: 64 })) }),
        response: { 200: Strict({ items: Type.Array(RelationSchema), nextCursor: Type.Null() }), ...errorResponses },
      },
    },
    async (req) => ({ items: await rel.listRelations(k, ctxOf(req), req.query.staffId ?? null), nextCursor: null }),
  );
  app.post(
    '/api/v1/registry/relations/:id/withdraw',
    {
      config: { permission: 'registry:declare_relation' },
      schema: {
        tags,
        params: IdParams,
        body: Strict({ reason: Reason }),
        response: { 200: RelationSchema, ...errorResponses },
      },
    },
    async (req) => rel.withdrawRelation(k, ctxOf(req), req.params.id, req.body.reason),
  );
  app.post(
    '/api/v1/registry/conflicts/check',
    {
      config: { permission: 'registry:relations_read' },
      schema: {
        tags,
        summary: 'Which of these staff have a declared relation to the subject (and must be recused)',
        body: Strict({
          staffIds: Type.Array(Type.String({ maxLength: 64 }), { minItems: 1, maxItems: 100 }),
          subjectType: StringEnum(['person', 'enterprise'] as const),
          subjectId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        response: { 200: Strict({ items: Type.Array(RelationSchema), nextCursor: Type.Null() }), ...errorResponses },
      },
    },
    async (req) => ({
      items: await rel.conflictsOf(k.db, req.body.staffIds, { type: req.body.subjectType, id: req.body.subjectId }),
      nextCursor: null,
    }),
  );
}

const AgentSchema = Strict({
  id: Type.String(),
  enterpriseId: Type.String(),
  accountId: Type.String(),
  grantedAt: Type.String(),
  grantedBy: Type.String(),
  validUntil: Nullable(Type.String()),
  revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
});

/** Agents of legal persons: who may act for an enterprise (sent as `OneWindow-On-Behalf-Of: <USCC>`). */
export function registerAgentRoutes(app: App, k: Kernel): void {
  const tags = ['registry'];
  app.post(
    '/api/v1/registry/enterprises/:id/agents',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        summary: 'Authorize a person account to act for the enterprise (经办人授权)',
        params: IdParams,
        headers: idemHeader,
        body: Strict({
          username: Type.String({ minLength: 3, maxLength: 40 }),
          validUntil: Type.Optional(Nullable(DateStr)),
        }),
        response: { 201: AgentSchema, ...errorResponses },
      },
    },
    async (req, reply) => {
      const r = await idempotent(k, req, 201, (tx) => agents.grantAgent(k, ctxOf(req), req.params.id, req.body, tx));
      return reply.status(r.status).send(r.body);
    },
  );
  app.get(
    '/api/v1/registry/enterprises/:id/agents',
    {
      config: { permission: 'registry:read' },
      schema: {
        tags,
        params: IdParams,
        response: { 200: Strict({ items: Type.Array(AgentSchema), nextCursor: Type.Null() }), ...errorResponses },
      },
    },
    async (req) => ({ items: await agents.listAgents(k, ctxOf(req), req.params.id), nextCursor: null }),
  );
  app.post(
    '/api/v1/registry/enterprises/:id/agents/:agentId/revoke',
    {
      config: { permission: 'registry:write' },
      schema: {
        tags,
        params: Strict({
          id: Type.String({ minLength: 1, maxLength: 64 }),
          agentId: Type.String({ minLength: 1, maxLength: 64 }),
        }),
        body: Strict({ reason: Reason }),
        response: { 200: AgentSchema, ...errorResponses },
      },
    },
    async (req) => agents.revokeAgent(k, ctxOf(req), req.params.id, req.params.agentId, req.body.reason),
  );
}
