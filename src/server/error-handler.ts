/**
 * The one error handler: AppError → its status and body; schema validation → 400 naming the field; anything else
 * is logged with the request id and answered with the request id only.
 */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import type { Socket } from 'node:net';
import { AppError } from '../kernel/errors.ts';
import { newId } from '../kernel/ids.ts';

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
    appErr = frameworkError(error as FastifyError);
  } else {
    req.log.error({ err: error, requestId: req.id }, 'unexpected error');
    appErr = new AppError({
      code: 'INTERNAL',
      status: 500,
      zh: `系统内部错误，请提供请求编号 ${req.id}`,
      en: `Internal error; quote request id ${req.id}`,
    });
  }
  // An error is answered as JSON, never as the download the route was preparing (its name may not even be sendable).
  reply.removeHeader('content-disposition');
  return reply.status(appErr.status).send(errorBody(appErr, req.id));
}

/** zh/en messages for the client errors Fastify and Node raise themselves, by their code. */
const FRAMEWORK_MESSAGES: Record<string, { zh: string; en: string }> = {
  FST_ERR_CTP_INVALID_JSON_BODY: { zh: '请求体不是有效的 JSON', en: 'The request body is not valid JSON' },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    zh: '请求声明为 JSON，但请求体为空',
    en: 'The request is declared as JSON but its body is empty',
  },
  FST_ERR_CTP_BODY_TOO_LARGE: { zh: '请求体过大', en: 'The request body is too large' },
  FST_ERR_CTP_INVALID_MEDIA_TYPE: { zh: '不支持该请求内容类型（Content-Type）', en: 'Unsupported Content-Type' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    zh: '请求长度（Content-Length）与请求体不符',
    en: 'Content-Length does not match the body',
  },
  FST_ERR_MAX_PARAM_LENGTH: { zh: '路径参数过长', en: 'A path parameter is too long' },
  FST_ERR_BAD_URL: { zh: '请求地址不是有效的 URL', en: 'The request URL is not valid' },
  RATE_LIMITED: { zh: '请求过于频繁，请稍后再试', en: 'Too many requests; try again later' },
  HEADERS_TOO_LARGE: { zh: '请求头或请求地址过长', en: 'The request headers or URL are too large' },
  REQUEST_TIMEOUT: { zh: '请求超时', en: 'The request timed out' },
};

const CJK = /[\u3400-\u9fff]/;

/**
 * A Fastify client error (bad JSON, body too large, media type, a too-long path parameter, rate limit …) as an
 * AppError: the code without its `FST_ERR_` prefix, the status Fastify chose, and zh/en messages of our own.
 */
export function frameworkError(fe: FastifyError): AppError {
  const status = fe.statusCode && fe.statusCode >= 400 && fe.statusCode < 600 ? fe.statusCode : 400;
  const code = status === 429 ? 'RATE_LIMITED' : (fe.code ?? 'BAD_REQUEST').replace(/^FST_ERR_/, '');
  const known = FRAMEWORK_MESSAGES[status === 429 ? 'RATE_LIMITED' : (fe.code ?? '')];
  const en = known?.en ?? (fe.message && !CJK.test(fe.message) ? fe.message : 'The request cannot be processed');
  return new AppError({ code, status, zh: known?.zh ?? '请求无法处理', en });
}

/** Fastify's `frameworkErrors` option: router-level errors (a too-long path parameter, a malformed URL) in our shape. */
export function handleFrameworkError(error: FastifyError, req: FastifyRequest, reply: FastifyReply) {
  reply.header('x-request-id', req.id);
  return handleError(error.statusCode && error.statusCode < 500 ? frameworkError(error) : error, req, reply);
}

/**
 * Fastify's `clientErrorHandler`: errors Node's HTTP parser raises before there is a request (headers or URL over
 * the size limit → 431, a timeout → 408, anything else → 400), answered in the documented error shape with a fresh
 * request id. A reset connection gets no answer.
 */
export function handleClientError(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  const [status, code] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'HEADERS_TOO_LARGE']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'REQUEST_TIMEOUT']
        : [400, 'BAD_REQUEST'];
  const m = FRAMEWORK_MESSAGES[code] ?? { zh: '请求无法处理', en: 'The request cannot be processed' };
  const requestId = newId();
  const body = JSON.stringify(errorBody(new AppError({ code, status, zh: m.zh, en: m.en }), requestId));
  const reason =
    status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request';
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n` +
      `x-request-id: ${requestId}\r\nConnection: close\r\n\r\n${body}`,
  );
}
