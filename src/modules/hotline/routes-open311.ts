/**
 * Open311 GeoReport v2 under /open311/v2/ (JSON, and XML as `….xml` twins) and the API-key routes under
 * /api/v1/hotline/api-keys. The Open311 routes live in a plugin scope of their own: a form-encoded body parser (the
 * spec's POST) and an error handler answering the spec's error shape `[{ code, description }]` (`<errors>` for a
 * `.xml` path) apply to them only. Each declares its permission ('public': intake checks the api_key itself, reads
 * answer public fields unless a key of the ticket's center is given).
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type, Strict, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { AppError } from '../../kernel/errors.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { apiKeyUses, issueApiKey, listApiKeys, revokeApiKey } from './api-keys.ts';
import {
  discovery,
  getRequest,
  getToken,
  listRequests,
  listServices,
  serviceDefinition,
  submitRequest,
  type Open311Body,
} from './open311.ts';
import { toXml } from './open311-xml.ts';

const tags = ['open311'];
const keyTags = ['hotline'];

const ErrorList = Type.Array(Strict({ code: Type.Integer(), description: Type.String() }), {
  description: 'Open311 errors: the HTTP status as code, and a description (field: English (中文))',
});
const open311Errors = { 400: ErrorList, 403: ErrorList, 404: ErrorList, 429: ErrorList };

const Service = Strict({
  service_code: Type.String(),
  service_name: Type.String(),
  description: Type.String(),
  metadata: Type.Boolean(),
  type: Type.String(),
  keywords: Type.String(),
  group: Type.String(),
});
const Attribute = Strict({
  variable: Type.Boolean(),
  code: Type.String(),
  datatype: Type.String(),
  required: Type.Boolean(),
  datatype_description: Type.String(),
  order: Type.Integer(),
  description: Type.String(),
  values: Type.Optional(Type.Array(Strict({ key: Type.String(), name: Type.String() }))),
});
const ServiceRequest = Strict({
  service_request_id: Type.String(),
  status: Type.String({ enum: ['open', 'closed'] }),
  status_notes: Type.String({ description: 'The honest state (closed resolved / explained / unconfirmed / …)' }),
  service_name: Type.String(),
  service_code: Type.String(),
  description: Nullable(Type.String({ description: 'Only to a key of the ticket’s center' })),
  agency_responsible: Nullable(Type.String()),
  service_notice: Nullable(Type.String()),
  requested_datetime: Type.String(),
  updated_datetime: Type.String(),
  expected_datetime: Nullable(Type.String()),
  address: Nullable(Type.String()),
  address_id: Nullable(Type.String()),
  zipcode: Nullable(Type.String()),
  lat: Nullable(Type.Number()),
  long: Nullable(Type.Number()),
  media_url: Nullable(Type.String()),
});
const Locale = Type.Optional(
  Type.String({ enum: ['zh-CN', 'en-US'], description: 'Names in zh-CN (default) or en-US' }),
);
const ReadQuery = Strict({
  api_key: Type.Optional(Type.String({ maxLength: 100 })),
  jurisdiction_id: Type.Optional(Type.String({ maxLength: 16 })),
});

const localeOf = (v: string | undefined) => (v === 'en-US' ? 'en' : 'zh');

/** Any error of these routes in Open311's shape, with our zh/en message and the field at fault. */
function open311Error(error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  let e: AppError;
  const fe = error as FastifyError;
  if (error instanceof AppError) e = error;
  else if (fe.validation || (fe.statusCode && fe.statusCode < 500)) {
    // Schema checks (query strings, path parameters), bad bodies, the address's rate limit: Fastify's own text.
    const status = fe.validation ? 400 : fe.statusCode!;
    const v = fe.validation?.[0];
    const field = v ? `${fe.validationContext ?? ''}${v.instancePath.replace(/\//g, '.')}` : null;
    const zh = status === 429 ? '请求过于频繁，请稍后再试' : '请求不符合要求';
    e = new AppError({ code: fe.code ?? 'BAD_REQUEST', status, field, zh, en: v?.message ?? fe.message });
  } else {
    req.log.error({ err: error, requestId: req.id }, 'unexpected error');
    e = new AppError({
      code: 'INTERNAL',
      status: 500,
      zh: `系统内部错误（${req.id}）`,
      en: `Internal error (${req.id})`,
    });
  }
  const where = e.field ? `${e.field.replace(/^(body|query|querystring|params)\./, '')}: ` : '';
  const errors = [{ code: e.status, description: `${where}${e.messages.en} (${e.messages.zh})` }];
  if (wantsXml(req)) return reply.status(e.status).type(XML).send(toXml('errors', errors));
  return reply.status(e.status).send(errors);
}

const XML = 'text/xml; charset=utf-8';
/** The request names the XML format (`….xml`, the query string aside). */
const wantsXml = (req: FastifyRequest) => /\.xml$/.test(req.url.split('?')[0]);

/** Form fields as the spec sends them: `attribute[code]=value` gathered into `attribute`. */
export function parseForm(text: string): Open311Body {
  const body: Open311Body = {};
  const attribute: Record<string, string> = {};
  for (const [name, value] of new URLSearchParams(text)) {
    const m = /^attribute\[(.+)\]$/.exec(name);
    if (m) attribute[m[1]] = value;
    else body[name] = value;
  }
  if (Object.keys(attribute).length) body.attribute = attribute;
  return body;
}

/** A JSON body may give attributes either way: `attribute: {…}` or flat `attribute[code]` keys. */
function normalizeBody(raw: unknown): Open311Body {
  const body: Open311Body = { ...((raw ?? {}) as Record<string, unknown>) };
  const attribute: Record<string, unknown> = { ...((body.attribute as Record<string, unknown>) ?? {}) };
  for (const name of Object.keys(body)) {
    const m = /^attribute\[(.+)\]$/.exec(name);
    if (m) {
      attribute[m[1]] = body[name];
      delete body[name];
    }
  }
  body.attribute = attribute;
  return body;
}

/** Unknown resources in the spec's shape (XML for a `.xml` path), also where the web UI's catch-all would answer. */
function noSuchResource(req: FastifyRequest, reply: FastifyReply) {
  return open311Error(
    new AppError({
      code: 'ROUTE_NOT_FOUND',
      status: 404,
      zh: '没有该资源',
      en: `No such resource: ${req.url.split('?')[0]}`,
    }),
    req,
    reply,
  );
}

type Handler = (req: any, reply: FastifyReply) => Promise<unknown>;

/**
 * Registers a resource as `….json` and as its `….xml` twin: the same handler, the answer written as the spec's XML
 * under `root` (the XML twin has no response schema: its body is text, the JSON one's schema describes the fields).
 */
function both(scope: App, method: 'get' | 'post', path: string, root: string, opts: any, handler: Handler): void {
  const s = scope as unknown as FastifyInstance;
  s[method](path, opts, handler);
  const { response: _response, ...schema } = opts.schema;
  s[method](
    path.replace(/\.json$/, '.xml'),
    { ...opts, schema: { ...schema, summary: `${schema.summary} (XML)` } },
    async (req: FastifyRequest, reply: FastifyReply) => {
      const body = await handler(req, reply);
      return reply.type(XML).send(toXml(root, body));
    },
  );
}

function registerOpen311(scope: App, k: Kernel): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_req, text, done) =>
    done(null, parseForm(String(text))),
  );
  scope.setErrorHandler(open311Error);
  scope.setNotFoundHandler(noSuchResource);
  const cfg = { permission: 'public', owner: 'hotline' };
  // Unknown resources answer in the spec's shape, also when the web UI's catch-all is served.
  scope.get('/*', { config: cfg, schema: { hide: true } }, async (req, reply) => noSuchResource(req, reply));
  both(
    scope,
    'get',
    '/discovery.json',
    'discovery',
    {
      config: cfg,
      schema: { tags, summary: 'Open311 service discovery', response: { 200: Type.Unknown() } },
    },
    async (req) => discovery(k.config.publicBaseUrl ?? `${req.protocol}://${req.host}`),
  );
  both(
    scope,
    'get',
    '/services.json',
    'services',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Open311 services: the hotline topic taxonomy',
        querystring: Strict({ locale: Locale, jurisdiction_id: Type.Optional(Type.String({ maxLength: 16 })) }),
        response: { 200: Type.Array(Service), ...open311Errors },
      },
    },
    async (req) => listServices(k, localeOf(req.query.locale)),
  );
  both(
    scope,
    'get',
    '/services/:code.json',
    'service_definition',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Open311 service definition: the attributes of a service',
        params: Strict({ code: Type.String({ maxLength: 64 }) }),
        querystring: Strict({ locale: Locale, jurisdiction_id: Type.Optional(Type.String({ maxLength: 16 })) }),
        response: {
          200: Strict({ service_code: Type.String(), attributes: Type.Array(Attribute) }),
          ...open311Errors,
        },
      },
    },
    async (req) => serviceDefinition(k, req.params.code, localeOf(req.query.locale)),
  );
  both(
    scope,
    'post',
    '/requests.json',
    'service_requests',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Open311 POST service request (JSON or form-encoded; requires api_key): files a hotline ticket',
        querystring: Strict({ api_key: Type.Optional(Type.String({ maxLength: 100 })) }),
        response: {
          201: Type.Array(
            Strict({
              service_request_id: Type.String(),
              token: Type.String(),
              service_notice: Type.String(),
              account_id: Type.Null(),
            }),
          ),
          ...open311Errors,
        },
      },
    },
    async (req, reply) => {
      const ctx = ctxOf(req);
      // Some clients send api_key in the query string of the POST; the body's wins.
      const body = normalizeBody(req.body);
      body.api_key ??= req.query.api_key;
      reply.status(201);
      return submitRequest(k, ctx.now, ctx.requestId, body);
    },
  );
  both(
    scope,
    'get',
    '/requests.json',
    'service_requests',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Open311 GET service requests (by ids, or service_code, start_date/end_date ≤ 90 days, status)',
        querystring: Strict({
          ...ReadQuery.properties,
          service_request_id: Type.Optional(Type.String({ maxLength: 2000 })),
          service_code: Type.Optional(Type.String({ maxLength: 1000 })),
          start_date: Type.Optional(Type.String({ maxLength: 40 })),
          end_date: Type.Optional(Type.String({ maxLength: 40 })),
          status: Type.Optional(Type.String({ maxLength: 20 })),
        }),
        response: { 200: Type.Array(ServiceRequest), ...open311Errors },
      },
    },
    async (req) => listRequests(k, ctxOf(req).now, req.query),
  );
  both(
    scope,
    'get',
    '/requests/:id.json',
    'service_requests',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Open311 GET one service request by its id (the ticket number)',
        params: Strict({ id: Type.String({ maxLength: 64 }) }),
        querystring: ReadQuery,
        response: { 200: Type.Array(ServiceRequest), ...open311Errors },
      },
    },
    async (req) => getRequest(k, ctxOf(req).now, req.params.id, req.query.api_key),
  );
  both(
    scope,
    'get',
    '/tokens/:token.json',
    'service_requests',
    {
      config: cfg,
      schema: {
        tags,
        summary: 'Open311 GET the service request id of a token',
        params: Strict({ token: Type.String({ maxLength: 64 }) }),
        querystring: ReadQuery,
        response: {
          200: Type.Array(Strict({ service_request_id: Type.String(), token: Type.String() })),
          ...open311Errors,
        },
      },
    },
    async (req) => getToken(k, req.params.token),
  );
}

const ApiKeySchema = Strict({
  id: Type.String(),
  center: Strict({ id: Type.String(), name: Type.String(), region: Type.String() }),
  client: Type.String(),
  contact: Nullable(Type.String()),
  prefix: Type.String({ description: 'The key’s first characters, to tell keys apart' }),
  ratePerMinute: Type.Integer(),
  version: Type.Integer(),
  createdAt: Type.String(),
  revokedAt: Nullable(Type.String()),
  revokeReason: Nullable(Type.String()),
  intakes: Type.Integer(),
  lastUsedAt: Nullable(Type.String()),
});
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

function registerApiKeyRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/hotline/api-keys',
    {
      config: { permission: P.keys },
      schema: {
        tags: keyTags,
        summary: 'Open311 API keys of the centers the caller manages (never the secret)',
        response: { 200: Strict({ items: Type.Array(ApiKeySchema) }), ...errorResponses },
      },
    },
    async (req) => ({ items: await listApiKeys(k, ctxOf(req)) }),
  );
  app.post(
    '/api/v1/hotline/api-keys',
    {
      config: { permission: P.keys },
      schema: {
        tags: keyTags,
        summary: 'Issue an Open311 API key to a partner’s application; the secret is answered this once only',
        body: Strict({
          centerId: Type.String({ minLength: 1, maxLength: 64 }),
          client: Type.String({ minLength: 1, maxLength: 100 }),
          contact: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
          ratePerMinute: Type.Optional(Type.Integer({ minimum: 1, maximum: 600 })),
        }),
        response: { 201: Strict({ key: ApiKeySchema, secret: Type.String() }), ...errorResponses },
      },
    },
    async (req, reply) => {
      reply.header('cache-control', 'no-store');
      return reply.status(201).send(await issueApiKey(k, ctxOf(req), req.body));
    },
  );
  app.post(
    '/api/v1/hotline/api-keys/:id/revoke',
    {
      config: { permission: P.keys },
      schema: {
        tags: keyTags,
        summary: 'Revoke an Open311 API key (final; a reason is required)',
        params: IdParams,
        body: Strict({ version: Type.Integer({ minimum: 1 }), reason: Type.String({ minLength: 1, maxLength: 500 }) }),
        response: { 200: ApiKeySchema, ...errorResponses },
      },
    },
    async (req) => revokeApiKey(k, ctxOf(req), req.params.id, req.body),
  );
  app.get(
    '/api/v1/hotline/api-keys/:id/uses',
    {
      config: { permission: P.keys },
      schema: {
        tags: keyTags,
        summary: 'The latest uses of a key: intakes, refusals, reads of private fields',
        params: IdParams,
        response: {
          200: Strict({
            items: Type.Array(
              Strict({
                at: Type.String(),
                action: Type.String({ enum: ['intake', 'rate_limited', 'revoked_refused', 'read'] }),
                ticketNumber: Nullable(Type.String()),
              }),
            ),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => ({ items: await apiKeyUses(k, ctxOf(req), req.params.id) }),
  );
}

export function registerOpen311Routes(app: App, k: Kernel): void {
  registerApiKeyRoutes(app, k);
  app.register(async (scope: FastifyInstance) => registerOpen311(scope as unknown as App, k), {
    prefix: '/open311/v2',
  });
}
