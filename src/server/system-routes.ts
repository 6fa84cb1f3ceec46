/** Health, readiness and the session (login / logout / who am I). */
import { sql } from 'kysely';
import { Type, Strict, StringEnum, errorResponses, ctxOf, type App, Nullable } from '../kernel/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import type { ModuleDef } from '../modules/module.ts';
import { pendingMigrations } from '../kernel/db/migrate.ts';
import {
  DEMO_PASSWORD,
  openSession,
  passwordStrategy,
  principalForToken,
  revokeSession,
} from '../kernel/auth/accounts.ts';
import { allMigrations } from './modules.ts';
import { bearerToken } from './auth-hook.ts';
import { unauthenticated } from '../kernel/errors.ts';
import { ROLES } from '../kernel/auth/roles.ts';
import { fullName } from '../kernel/reference/divisions.ts';
import { registerReferenceRoutes } from './reference-routes.ts';
import { registerCalendarRoutes } from './calendar-routes.ts';
import { registerAuditRoutes } from './audit-routes.ts';
import { registerEventRoutes } from './events-routes.ts';

const PrincipalSchema = Strict({
  id: Type.String(),
  kind: Type.String(),
  name: Type.String(),
  roles: Type.Array(StringEnum(ROLES)),
  region: Nullable(Type.String()),
  department: Nullable(Type.String()),
  onBehalfOf: Type.Optional(Nullable(Type.String({ description: 'enterprise:<id> when acting for a legal person' }))),
  regionName: Type.Optional(Nullable(Type.String({ description: 'The region in words, e.g. 河南省郑州市金水区' }))),
  departmentName: Type.Optional(Nullable(Type.String({ description: 'The department in words' }))),
});

const SessionSchema = {
  principal: PrincipalSchema,
  permissions: Type.Array(Type.String(), {
    description: 'The permissions the caller holds (`<module>:<verb>`): screens show menus and buttons by these',
  }),
};

export function registerSystemRoutes(app: App, k: Kernel, modules: readonly ModuleDef[]): void {
  const departmentNamers = modules.flatMap((m) => (m.departmentName ? [m.departmentName.bind(m)] : []));
  /** The principal with its region and department in words, as screens show them (never the codes). */
  const inWords = async <P extends { region: string | null; department: string | null }>(p: P) => {
    let departmentName: string | null = null;
    for (const name of p.department ? departmentNamers : []) departmentName ??= await name(k, p.department!);
    return { ...p, regionName: p.region ? (fullName(p.region) ?? null) : null, departmentName };
  };
  app.get(
    '/healthz',
    {
      config: { permission: 'public' },
      schema: { tags: ['system'], response: { 200: Strict({ status: Type.Literal('ok') }) } },
    },
    async () => ({ status: 'ok' as const }),
  );

  app.get(
    '/readyz',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        response: {
          200: Strict({ status: Type.Literal('ready'), database: Type.String() }),
          503: Strict({ status: Type.Literal('not_ready'), reason: Type.String() }),
        },
      },
    },
    async (_req, reply) => {
      try {
        await sql`select 1`.execute(k.db);
        const pending = await pendingMigrations(k.db, k.adapter, allMigrations(modules));
        if (pending.length)
          return reply
            .status(503)
            .send({ status: 'not_ready' as const, reason: `pending migrations: ${pending.join(', ')}` });
        return { status: 'ready' as const, database: k.adapter.dialect };
      } catch (e) {
        return reply.status(503).send({ status: 'not_ready' as const, reason: (e as Error).message });
      }
    },
  );

  app.post(
    '/api/v1/session',
    {
      config: { permission: 'public', rateLimit: { max: 20, timeWindow: 60_000 } },
      schema: {
        tags: ['session'],
        summary: 'Log in with username and password; returns a short-lived bearer token',
        body: Strict({
          username: Type.String({ minLength: 1, maxLength: 40 }),
          password: Type.String({ minLength: 1, maxLength: 200 }),
        }),
        response: {
          201: Strict({ token: Type.String(), expiresAt: Type.String(), ...SessionSchema }),
          ...errorResponses,
          423: errorResponses[401],
        },
      },
    },
    async (req, reply) => {
      const now = k.clock.now();
      const accountId = await passwordStrategy.authenticate(k.db, k.adapter, req.body, now);
      const session = await openSession(k.db, accountId, now);
      const principal = (await principalForToken(k.db, k.adapter, session.token, now))!;
      return reply.status(201).send({
        ...session,
        principal: await inWords(principal),
        permissions: [...k.permissions.grantsOf(principal.roles).keys()].sort(),
      });
    },
  );

  app.get(
    '/api/v1/session',
    {
      config: { permission: 'session:self' },
      schema: {
        tags: ['session'],
        summary: 'Who am I, and what I may do',
        response: { 200: Strict(SessionSchema), ...errorResponses },
      },
    },
    async (req) => {
      const { principal } = ctxOf(req);
      return {
        principal: (await inWords(principal)) as never,
        permissions: [...(principal.grants?.keys() ?? [])].sort(),
      };
    },
  );

  app.delete(
    '/api/v1/session',
    {
      config: { permission: 'session:self' },
      schema: {
        tags: ['session'],
        summary: 'Log out (revokes the token)',
        response: { 204: Type.Null(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const token = bearerToken(req);
      if (!token) throw unauthenticated();
      await revokeSession(k.db, token, k.clock.now());
      return reply.status(204).send(null);
    },
  );

  registerReferenceRoutes(app, k);
  registerCalendarRoutes(app, k);
  registerAuditRoutes(app, k);
  registerEventRoutes(app, k);
  registerMetaRoute(app, k, () => modules.flatMap((m) => m.demoAccounts ?? []), DEMO_PASSWORD);
}

/** Public facts the web UI needs before login: the mode and, in demo mode only, the demo accounts. */
export function registerMetaRoute(
  app: App,
  k: Kernel,
  demoAccounts: () => Array<{ username: string; name: string; roles: string[] }>,
  demoPassword: string,
): void {
  app.get(
    '/api/v1/meta',
    {
      config: { permission: 'public' },
      schema: {
        tags: ['system'],
        response: {
          200: Strict({
            mode: Type.String(),
            demo: Type.Boolean(),
            demoAccounts: Type.Array(
              Strict({
                username: Type.String(),
                password: Type.String(),
                name: Type.String(),
                roles: Type.Array(Type.String()),
              }),
            ),
          }),
        },
      },
    },
    async () => {
      const demo = k.config.mode !== 'production';
      return {
        mode: k.config.mode,
        demo,
        demoAccounts: demo ? demoAccounts().map((a) => ({ ...a, password: demoPassword })) : [],
      };
    },
  );
}
