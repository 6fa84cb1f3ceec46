/**
 * The one error handler: AppError → its status and body; schema validation → 400 naming the field; anything else
 * is logged with the request id and answered with the request id only.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../kernel/errors.ts';

interface AjvError {
  instancePath: string;
  keyword: string;
  params: Record<string, unknown>;
  message?: string;
}

/** Turns the first schema-validation error into an AppError with a field path like `body.uscc`. */
export function validationError(context: string, errors: AjvError[]): AppError {
  const e = errors[0];
  // Body fields are named as services name them (`uscc`, `legalRepresentative.name`); others keep their source.
  const base = context === 'body' ? '' : context.replace(/^querystring$/, 'query');
  const pathPart = (e?.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.');
  const join = (a: string, b: string) => (a && b ? `${a}.${b}` : a || b);
  let field = join(base, pathPart) || 'body';
  let zh = '请求格式不正确';
  let en = `Invalid request: ${e?.message ?? 'schema mismatch'}`;
  let code = 'VALIDATION_FAILED';
  switch (e?.keyword) {
    case 'additionalProperties':
      field = join(join(base, pathPart), String(e.params.additionalProperty));
      code = 'UNKNOWN_FIELD';
      zh = `不允许的字段 ${String(e.params.additionalProperty)}`;
      en = `Unknown field ${String(e.params.additionalProperty)}`;
      break;
    case 'required':
      field = join(join(base, pathPart), String(e.params.missingProperty));
      code = 'FIELD_REQUIRED';
      zh = `缺少必填字段 ${String(e.params.missingProperty)}`;
      en = `Missing required field ${String(e.params.missingProperty)}`;
      break;
    case 'maxLength':
    case 'minLength':
    case 'pattern':
    case 'format':
    case 'type':
    case 'enum':
    case 'minimum':
    case 'maximum':
      zh = `字段 ${field} 的值不符合要求（${e.keyword}）`;
      en = `Field ${field} is invalid: ${e.message ?? e.keyword}`;
      break;
  }
  return new AppError({ code, status: 400, field, zh, en });
}

export function errorBody(err: AppError, requestId: string) {
  return {
    error: {
      code: err.code,
      status: err.status,
      field: err.field,
      message: err.messages,
      requestId,
      ...(err.details !== undefined ? { details: err.details } : {}),
    },
  };
}

export function handleError(error: FastifyError | AppError | Error, req: FastifyRequest, reply: FastifyReply) {
  let appErr: AppError;
  if (error instanceof AppError) {
    appErr = error;
  } else if ((error as FastifyError).validation) {
    const fe = error as FastifyError;
    appErr = validationError(fe.validationContext ?? 'body', fe.validation as unknown as AjvError[]);
  } else if ((error as FastifyError).statusCode && (error as FastifyError).statusCode! < 500) {
    // Fastify's own client errors (bad JSON, body too large, unsupported media type, rate limit).
    const fe = error as FastifyError;
    const status = fe.statusCode!;
    appErr = new AppError({
      code: status === 429 ? 'RATE_LIMITED' : (fe.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, ''),
      status,
      zh: status === 429 ? '请求过于频繁，请稍后再试' : '请求无法处理',
      en: fe.message,
    });
  } else {
    req.log.error({ err: error, requestId: req.id }, 'unexpected error');
    appErr = new AppError({ code: 'INTERNAL', status: 500, zh: `系统内部错误，请提供请求编号 ${req.id}`, en: `Internal error; quote request id ${req.id}` });
  }
  return reply.status(appErr.status).send(errorBody(appErr, req.id));
}
