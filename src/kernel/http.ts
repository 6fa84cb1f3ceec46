/**
 * What every route file needs: the app type, the strict-object helper, the list envelope and the request context.
 * A route declares `config: { permission }` — a `<module>:<verb>` permission or 'public'; the server refuses to
 * start if an /api route declares none (deny by default).
 */
import type {
  FastifyBaseLogger,
  FastifyInstance,
  FastifyRequest,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import {
  Type,
  type TypeBoxTypeProvider,
  type TSchema,
  type TProperties,
  type Static,
} from '@fastify/type-provider-typebox';
import type { Ctx } from './context.ts';
import { ANONYMOUS } from './context.ts';
import { invalid } from './errors.ts';

export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The permission this route requires, or 'public'. */
    permission?: string;
    /**
     * The module a route belongs to (its route-matrix file), for public routes a module registers in a plugin scope
     * of its own outside /api/v1/<module>/ (e.g. /open311/…): those are added after the modules' loop.
     */
    owner?: string;
  }
  interface FastifyRequest {
    ctx: Ctx;
  }
}

/** An object schema that rejects unknown fields. */
export function Strict<T extends TProperties>(props: T, opts: { description?: string; $id?: string } = {}) {
  return Type.Object(props, { additionalProperties: false, ...opts });
}

/** The list envelope: `{ items, nextCursor }` (nextCursor null on the last page). */
export function Page<T extends TSchema>(item: T) {
  return Strict({ items: Type.Array(item), nextCursor: Nullable(Type.String()) });
}

export const PageQuery = {
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'Opaque cursor from a previous page' })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200, default: 20 })),
};

export const ErrorSchema = Strict({
  error: Strict({
    code: Type.String(),
    status: Type.Integer(),
    field: Nullable(Type.String()),
    message: Strict({ zh: Type.String(), en: Type.String() }),
    requestId: Type.String(),
    details: Type.Optional(Type.Unknown()),
  }),
});

/** Standard error responses to list on every route schema, so OpenAPI documents them. */
export const errorResponses = {
  400: ErrorSchema,
  401: ErrorSchema,
  403: ErrorSchema,
  404: ErrorSchema,
  409: ErrorSchema,
  422: ErrorSchema,
  429: ErrorSchema,
};

export function ctxOf(req: FastifyRequest): Ctx {
  return req.ctx ?? { principal: ANONYMOUS, requestId: req.id, now: new Date() };
}

/** Opaque cursors: base64url JSON of the last row's sort key. */
export function encodeCursor(key: unknown[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** The decoded cursor, null when absent; a malformed one is a 400 on `query.cursor`. */
export function decodeCursor(cursor: string | undefined): unknown[] | null {
  if (!cursor) return null;
  try {
    const v = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(v)) return v;
  } catch {
    /* reported below */
  }
  throw invalid('query.cursor', 'CURSOR_INVALID', '分页游标无效', 'The page cursor is not valid');
}

export { Type };

/** A string enum as a plain JSON-Schema `enum` (keeps literal types in TypeScript and reads well in OpenAPI). */
export function StringEnum<T extends readonly string[]>(values: T, opts: { description?: string } = {}) {
  return Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...opts });
}

/**
 * `T | null` as a JSON-Schema type list (`type: ['string', 'null']`). Not `anyOf [T, null]`: under the server's
 * `coerceTypes`, Ajv would coerce a null to '' (or 0) in the first branch and accept it there.
 */
export function Nullable<T extends TSchema>(t: T) {
  const s = t as unknown as { type?: unknown; enum?: unknown[] };
  if (typeof s.type !== 'string') return Type.Union([Type.Null(), t]);
  return Type.Unsafe<Static<T> | null>({
    ...(t as object),
    type: [s.type, 'null'],
    ...(s.enum ? { enum: [...s.enum, null] } : {}),
  });
}
