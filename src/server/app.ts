/**
 * The composition root of the HTTP app: plugins, security headers, rate limits, the auth hook, the error handler,
 * OpenAPI, system routes, every module's routes and the web UI's static files.
 */
import Fastify, { type FastifyServerOptions, type onSendHookHandler } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import fastifyStatic from '@fastify/static';
import fs from 'node:fs';
import path from 'node:path';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Kernel } from '../kernel/kernel.ts';
import type { ModuleDef } from '../modules/module.ts';
import { handleClientError, handleError, handleFrameworkError } from './error-handler.ts';
import { buildValidator, rejectNulCharacters } from './validation.ts';
import { authenticate, permissionError } from './auth-hook.ts';
import { lazyChildLogger, loggerOptions } from './logging.ts';
import { apiRateLimit, isSignedIn, rateLimitKey } from './rate-limit.ts';
import { setResponseHeaders } from './security-headers.ts';
import { HOME_PAGE } from './web-build.ts';
import { registerSystemRoutes } from './system-routes.ts';
import { registerPageFirstPaints } from './page-routes.ts';
import type { App } from '../kernel/http.ts';
import { newId } from '../kernel/ids.ts';
import { AppError } from '../kernel/errors.ts';
import {
  committedLinks,
  RECEIPT_HEADER,
  RECEIPT_MAX_LINKS,
  signReceipt,
  type ReceiptLink,
} from '../kernel/audit-receipts.ts';
import { rollbacksBegun } from '../kernel/db/connect.ts';
import { requestsInFlight } from './in-flight.ts';

export interface RouteEntry {
  method: string;
  url: string;
  permission: string;
  /** Who declared the route: a module's name, or 'kernel' for the system routes (its route-matrix file). */
  owner: string;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its declared permission (the route × role matrix test reads it). */
    routeTable: RouteEntry[];
  }
}

export interface AppOptions {
  /** Folder of the built web UI; served at / when present. */
  webDist?: string | null;
  /**
   * Fastify's schema compilers; tests share one set between their apps so that each schema compiles once per process.
   * They must validate as `buildValidator` (validation.ts) does.
   */
  compilersFactory?: NonNullable<FastifyServerOptions['schemaController']>['compilersFactory'];
}

/** The Content-Security-Policy of the Swagger UI pages under /docs. */
export const SWAGGER_UI_CSP =
  "default-src 'self'; base-uri 'self'; font-src 'self' data:; frame-ancestors 'self'; img-src 'self' data:; object-src 'none'; " +
  "script-src 'self'; script-src-attr 'none'; style-src 'self' 'unsafe-inline'; connect-src 'self'";

/** Paths whose routes must declare `config.permission` (checked at start-up). */
const GUARDED_PREFIXES = ['/api/', '/credentials/', '/.well-known/', '/open311/'];

/**
 * The `onSend` hook that attaches `OneWindow-Receipt` to a successful answer whose request appended chain links:
 * here, at the one place every module's writes pass, so no route needs code of its own. Only links that committed
 * as recorded are signed (a rolled-back attempt's are not). `config.receipts` off skips it (the bench compares).
 */
function receiptHook(k: Kernel): onSendHookHandler {
  // A callback hook: most answers (reads, errors) append no link and go on synchronously, without the promise and
  // microtask an async hook costs on every request.
  return (req, reply, payload, done) => {
    const links = req.ctx?.receiptLinks;
    if (!links?.length || reply.statusCode >= 400 || !k.config.receipts) return done(null, payload);
    // Signed here, on the event loop (≈ 40 µs): SQLite commits writes in groups (db/group-commit.ts), so a group's
    // answers are ready together, and signing them on the thread pool left the event loop waiting for the signatures
    // while the second core was busy (2 cores: registrations 2 100 → 2 300/s signed here).
    const sign = (committed: ReceiptLink[]) => {
      if (committed.length) reply.header(RECEIPT_HEADER, signReceipt(k.config, committed, k.clock.now()));
      done(null, payload);
    };
    // No rollback anywhere in this process since the request began: every transaction it finished committed, so the
    // links it appended are in the log as recorded (nearly every write). Otherwise read them back.
    if (req.ctx.rollbacksAtStart === rollbacksBegun()) sign(links.slice(-RECEIPT_MAX_LINKS));
    else committedLinks(k.db, links).then(sign, done);
  };
}

export async function buildApp(k: Kernel, modules: ModuleDef[], opts: AppOptions = {}): Promise<App> {
  const app = Fastify({
    logger: loggerOptions(k.config.logLevel),
    childLoggerFactory: lazyChildLogger,
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && /^[\w.-]{8,64}$/.test(given) ? given : newId();
    },
    requestIdHeader: false,
    // Bodies are validated as sent; query strings, params and headers are coerced (src/server/validation.ts).
    schemaController: { compilersFactory: opts.compilersFactory ?? { buildValidator: buildValidator() } },
    frameworkErrors: handleFrameworkError,
    clientErrorHandler: handleClientError,
    bodyLimit: 5 * 1024 * 1024,
    trustProxy: k.config.trustProxy,
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as App;

  // Declared up front so every request object keeps one shape (Fastify's advice: no properties added later).
  app.decorateRequest('ctx', null as never);
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((req, reply) =>
    handleError(
      new AppError({
        code: 'ROUTE_NOT_FOUND',
        status: 404,
        zh: `接口不存在：${req.method} ${req.url.split('?')[0]}`,
        en: `No such route: ${req.method} ${req.url.split('?')[0]}`,
      }),
      req,
      reply,
    ),
  );
  // One synchronous `onRequest` hook (one hook stage, no promise on the common path) for every request: the count of
  // requests in flight (in-flight.ts); the security headers (a strict CSP) and x-request-id from a precomputed set;
  // the caller (auth-hook.ts); the API's rate limit, counted per account for a signed-in caller and per address
  // otherwise (rate-limit.ts); then the route's permission, before the body is even parsed. Registered before
  // Swagger UI so /docs gets the headers.
  const resolvers = modules.flatMap((m) => (m.resolveOnBehalfOf ? [m.resolveOnBehalfOf.bind(m)] : []));
  const authenticated = authenticate(k, resolvers);
  const limit = apiRateLimit({
    anonymousMax: k.config.publicRateLimit,
    signedInMax: k.config.publicRateLimit * 10,
    windowMs: 60_000,
  });
  app.addHook('onRoute', limit.onRoute);
  const inFlight = requestsInFlight();
  app.addHook('onRequest', (req, reply, done) => {
    inFlight.begin(req);
    setResponseHeaders(req, reply);
    authenticated(req, reply, (err?: Error) => done(err ?? limit.check(req, reply) ?? permissionError(req)));
  });

  // Deny by default: every /api route must say which permission it needs.
  const routeTable: RouteEntry[] = [];
  app.decorate('routeTable', routeTable);
  let owner = 'kernel'; // routes register synchronously, so this names the module registering them
  // …except routes a module registers in its own plugin scope (for body parsers of its own), which are added after
  // the loop below: those belong to the module their permission names, or — public ones — their path names.
  const moduleNames = new Set(modules.map((m) => m.name));
  const ownerOf = (permission: string | undefined, url: string, declared: string | undefined) => {
    if (owner !== 'kernel') return owner;
    if (declared && moduleNames.has(declared)) return declared;
    const prefix = permission?.split(':')[0];
    if (prefix && moduleNames.has(prefix)) return prefix;
    const segment = /^\/api\/v1\/([a-z_]+)\//.exec(url)?.[1];
    return segment && moduleNames.has(segment) ? segment : owner;
  };
  app.addHook('onRoute', (route) => {
    // The API and the other machine-facing paths (the VC-API's /credentials/…, /.well-known/…, Open311's /open311/…)
    // declare a permission.
    if (GUARDED_PREFIXES.some((p) => route.url.startsWith(p)) && !route.config?.permission) {
      throw new Error(`route ${route.method} ${route.url} declares no permission`);
    }
    if (route.config?.permission) k.permissions.require(route.config.permission, `route ${route.method} ${route.url}`);
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        routeTable.push({
          method,
          url: route.url,
          permission: route.config?.permission ?? 'public',
          owner: ownerOf(route.config?.permission, route.url, route.config?.owner),
        });
    }
  });

  // Routes with a limit of their own (`config.rateLimit`: the login, public verification) keep @fastify/rate-limit,
  // keyed as the global limit is; its route hook runs after the `onRequest` hook above, so the principal is known.
  await app.register(rateLimit, {
    global: false,
    max: (req) => (isSignedIn(req) ? k.config.publicRateLimit * 10 : k.config.publicRateLimit),
    keyGenerator: rateLimitKey,
    timeWindow: 60_000,
    allowList: (req) =>
      !req.url.startsWith('/api/') && !req.url.startsWith('/credentials/') && !req.url.startsWith('/open311/'),
    // The x-ratelimit-* headers only on a 429 (docs/security.md): on every other answer they cost each request.
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'OneWindow 一网通办 API',
        version: '1',
        description:
          'Government services and regulation platform. Errors: `{ error: { code, status, field, message: { zh, en }, requestId } }`. ' +
          'Identifiers (USCC, resident ID number) are trimmed and upper-cased on input everywhere and answered upper-case. ' +
          'JSON bodies must carry the declared types (no coercion); query strings and path parameters are converted.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } } },
    },
  });
  // Swagger UI sets inline style attributes while it renders, which the default `style-src 'self' https:` blocks;
  // its page gets its own policy: scripts only from here, inline styles allowed (as for the web UI), nothing remote.
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: SWAGGER_UI_CSP, uiConfig: { validatorUrl: null } });

  app.addHook('preValidation', rejectNulCharacters);
  // Every acknowledged write answers with a signed receipt of the chain links it appended (audit-receipts.ts).
  app.addHook('onSend', receiptHook(k));
  // Last of the `onSend` hooks: a request is handled once its answer is past them; closing waits for that (in-flight.ts).
  app.addHook('onSend', inFlight.endHook);
  app.addHook('onClose', () => inFlight.drained());

  registerSystemRoutes(app, k, modules);
  for (const m of modules) {
    owner = m.name;
    m.registerRoutes?.(app, k);
  }
  owner = 'kernel';

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  if (opts.webDist && fs.existsSync(opts.webDist)) {
    // preCompressed: the build's .br/.gz copies go to browsers that accept them (src/server/web-build.ts).
    const webDist = opts.webDist;
    await app.register(fastifyStatic, {
      root: webDist,
      prefix: '/',
      wildcard: false,
      // `/` answers home.html (the shell with the public home's first paint) when the build has one.
      index: [HOME_PAGE, 'index.html'],
      preCompressed: true,
      setHeaders: (reply, file) => reply.header('cache-control', webCacheControl(path.relative(webDist, file))),
    });
    // Public pages whose first paint the server draws (the guide): the shell with the page's content inside.
    registerPageFirstPaints(app, k, modules, webDist);
    // Client-side routes fall back to index.html; API paths keep their JSON 404.
    app.get('/*', { schema: { hide: true } }, async (req, reply) => {
      if (req.url.startsWith('/api/'))
        throw new AppError({ code: 'ROUTE_NOT_FOUND', status: 404, zh: '接口不存在', en: 'No such route' });
      return reply.sendFile('index.html');
    });
  }
  await app.ready();
  return app;
}

/**
 * How long a browser may keep a file of the web build: Vite names everything under assets/ by its content hash, so
 * those never change and are kept for a year without asking again (`immutable`); the shell (index.html, whatever URL
 * it answers) is revalidated on every load, so a new build is picked up at once.
 */
export function webCacheControl(relativePath: string): string {
  return /^assets[\\/]/.test(relativePath) ? 'public, max-age=31536000, immutable' : 'no-cache';
}
