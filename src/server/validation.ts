/**
 * Schema validation: query strings, path parameters and headers arrive as text, so Ajv coerces them to the declared
 * types (`?limit=20` → 20); a JSON body already carries types, so it is validated as sent — `13800138000` for a string
 * or `"3"` for an integer is a 400, not a silent conversion.
 */
import AjvCompiler from '@fastify/ajv-compiler';
import type { FastifyServerOptions } from 'fastify';

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
    return (route) => (route.httpPart === 'body' ? body(route) : text(route));
  };
}
