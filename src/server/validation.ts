/**
 * Schema validation: query strings, path parameters and headers arrive as text, so Ajv coerces them to the declared
 * types (`?limit=20` → 20); a JSON body already carries types, so it is validated as sent — `13800138000` for a string
 * or `"3"` for an integer is a 400, not a silent conversion.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyReply, FastifyRequest, FastifyServerOptions, HookHandlerDoneFunction } from 'fastify';
import { invalid } from '../kernel/errors.ts';

type BuildValidator = NonNullable<
  NonNullable<NonNullable<FastifyServerOptions['schemaController']>['compilersFactory']>['buildValidator']
>;

type AjvCompilerOptions = NonNullable<Parameters<ReturnType<typeof AjvCompiler>>[1]> & {
  customOptions?: Record<string, unknown>;
};

const COMMON = { removeAdditional: false, useDefaults: true, allErrors: false } as const;

/** The server's validator factory: one Ajv for bodies (no coercion), one for the text parts (coercion to arrays too). */
export function buildValidator(): BuildValidator {
  const pool = AjvCompiler();
  return (externalSchemas, ajvOptions) => {
    const opts = (ajvOptions ?? {}) as AjvCompilerOptions;
    const text = pool(externalSchemas, {
      ...opts,
      customOptions: { ...opts.customOptions, ...COMMON, coerceTypes: 'array' },
    } as AjvCompilerOptions);
    const body = pool(externalSchemas, {
      ...opts,
      customOptions: { ...opts.customOptions, ...COMMON, coerceTypes: false },
    } as AjvCompilerOptions);
    return (route) => (route.httpPart === 'body' ? body(route) : finiteOnly(text(route)));
  };
}

type Validate = ((data: unknown) => unknown) & { errors?: unknown };

/**
 * Ajv coerces `?limit=1e999` to Infinity and then skips `maximum` for a number that is not finite, so the route got
 * Infinity (a 500 from the database). A coerced text part must hold finite numbers only.
 */
function finiteOnly<V extends Validate>(validate: V): V {
  const wrapped = ((data: unknown) => {
    const result = validate(data);
    wrapped.errors = validate.errors;
    if (result !== true || !data || typeof data !== 'object') return result;
    for (const [key, value] of Object.entries(data))
      for (const v of Array.isArray(value) ? value : [value])
        if (typeof v === 'number' && !Number.isFinite(v)) {
          wrapped.errors = [
            { instancePath: `/${key}`, keyword: 'type', params: {}, message: 'must be a finite number' },
          ];
          return false;
        }
    return result;
  }) as V;
  return wrapped;
}

/** A UTF-16 surrogate without its pair (JSON's `\udc00` escapes make one; it is not text in any encoding). */
const UNPAIRED_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The first string holding an invalid character in a parsed value, as its path (`a.b.0`), or null. */
const badString = (s: string) => s.includes('\u0000') || UNPAIRED_SURROGATE.test(s);

function hasBadCharacter(v: unknown, depth = 0): boolean {
  if (typeof v === 'string') return badString(v);
  if (!v || typeof v !== 'object' || depth > 32 || Buffer.isBuffer(v)) return false;
  for (const x of Object.values(v)) if (hasBadCharacter(x, depth + 1)) return true;
  return false;
}

function nulAt(v: unknown, path: string, depth = 0): string | null {
  if (typeof v === 'string') return badString(v) ? path : null;
  if (!v || typeof v !== 'object' || depth > 32 || Buffer.isBuffer(v)) return null;
  for (const [key, x] of Object.entries(v)) {
    const found = nulAt(x, path ? `${path}.${key}` : key, depth + 1);
    if (found !== null) return found;
  }
  return null;
}

/**
 * The `preValidation` hook: a NUL character or an unpaired surrogate in a path parameter, query value or JSON string
 * is refused (400 INVALID_CHARACTER). No text field means one; PostgreSQL cannot store a NUL (the insert failed with a
 * 500) and the audit log's canonical JSON refuses an unpaired surrogate (a reason holding one answered 500).
 */
export function rejectNulCharacters(req: FastifyRequest, _reply: FastifyReply, done: HookHandlerDoneFunction): void {
  // A callback hook, and a plain yes/no walk first: nearly every request is clean, and its field paths are only worth
  // building for the one that is not.
  if (!hasBadCharacter(req.params) && !hasBadCharacter(req.query) && !hasBadCharacter(req.body)) return done();
  for (const [part, value] of [
    ['params', req.params],
    ['query', req.query],
    ['body', req.body],
  ] as const) {
    const at = nulAt(value, '');
    if (at === null) continue;
    const field = part === 'body' ? at || 'body' : `${part}.${at}`;
    return done(
      invalid(
        field,
        'INVALID_CHARACTER',
        `字段 ${field} 含有不允许的字符（NUL 控制字符或不成对的代理项）`,
        `Field ${field} contains a character that is not allowed (NUL, or an unpaired surrogate)`,
      ),
    );
  }
  done();
}
