/**
 * The one error type of OneWindow. A domain error carries a stable UPPER_SNAKE code, an HTTP status,
 * the field at fault (a JSON-pointer-like path such as `body.uscc`, or null) and messages in zh-CN and en-US.
 * The HTTP layer (src/server/error-handler.ts) turns it into `{ error: { code, status, field, message, requestId } }`.
 */
export interface Messages {
  zh: string;
  en: string;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly field: string | null;
  readonly messages: Messages;
  readonly details?: unknown;

  constructor(opts: {
    code: string;
    status: number;
    field?: string | null;
    zh: string;
    en: string;
    details?: unknown;
  }) {
    super(opts.en);
    this.name = 'AppError';
    this.code = opts.code;
    this.status = opts.status;
    this.field = opts.field ?? null;
    this.messages = { zh: opts.zh, en: opts.en };
    this.details = opts.details;
  }
}

/** 400: a value failed validation. `field` names where it came from (`body.uscc`, `query.region`). */
export function invalid(field: string, code: string, zh: string, en: string, details?: unknown): AppError {
  return new AppError({ code, status: 400, field, zh, en, details });
}

/**
 * 404 NOT_FOUND. `what` names the kind of record in Chinese then English (`'自然人 person'`); the zh message keeps
 * the Chinese part and the en message the English part, so an English message carries no Chinese.
 */
export function notFound(what: string, id: string, field: string | null = null): AppError {
  const m = /^(.*[\u3400-\u9fff])\s+([^\u3400-\u9fff]+)$/u.exec(what.trim());
  const zhWhat = m ? m[1] : what;
  const enWhat = m ? m[2] : what;
  return new AppError({
    code: 'NOT_FOUND',
    status: 404,
    field,
    zh: `未找到${zhWhat}：${id}`,
    en: `${enWhat.charAt(0).toUpperCase()}${enWhat.slice(1)} not found: ${id}`,
  });
}

/** 409: the caller's version is not the stored one. */
export function staleVersion(expected: number, actual: number): AppError {
  return new AppError({
    code: 'VERSION_CONFLICT',
    status: 409,
    field: 'version',
    zh: `数据已被他人修改（当前版本 ${actual}，提交版本 ${expected}），请刷新后重试`,
    en: `The record was changed by someone else (current version ${actual}, yours ${expected}); reload and retry`,
    details: { expected, actual },
  });
}

export function forbidden(permission: string): AppError {
  return new AppError({
    code: 'FORBIDDEN',
    status: 403,
    zh: `无权执行此操作（需要权限 ${permission}）`,
    en: `Not allowed (requires permission ${permission})`,
  });
}

export function unauthenticated(): AppError {
  return new AppError({ code: 'UNAUTHENTICATED', status: 401, zh: '请先登录', en: 'Log in first' });
}

/**
 * The result of validating one value: either ok, or a reason with a code and zh/en messages.
 * Validators return this (expected outcomes are returned, not thrown); `orThrow` turns it into a 400 for a field.
 */
export type Check = { ok: true } | { ok: false; code: string; zh: string; en: string };

export const OK: Check = { ok: true };

export function fail(code: string, zh: string, en: string): Check {
  return { ok: false, code, zh, en };
}

export function orThrow(check: Check, field: string): void {
  if (!check.ok) throw invalid(field, check.code, check.zh, check.en);
}
