/**
 * The typed API client: openapi-fetch over the types generated from the server's OpenAPI document
 * (`schema.d.ts`, written by `npm run gen:api`). It adds the bearer token and `OneWindow-On-Behalf-Of`, and turns
 * every failure — an error body, a bare status, no server at all — into an ApiError that the shell shows in zh/en.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';

export type { paths };

type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : never;
/** The JSON body of an operation's success response (200, else 201). */
export type ResponseOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : never
  : never;
/** The JSON request body of an operation. */
export type BodyOf<P extends keyof paths, M extends keyof paths[P]> = paths[P][M] extends { requestBody?: infer B }
  ? JsonOf<NonNullable<B>>
  : never;

export type Meta = ResponseOf<'/api/v1/meta', 'get'>;
export type DemoAccount = Meta['demoAccounts'][number];
export type Session = ResponseOf<'/api/v1/session', 'get'>;
export type Principal = Session['principal'];
export type Division = ResponseOf<'/api/v1/reference/divisions', 'get'>['items'][number];

export interface ApiMessage {
  zh: string;
  en: string;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly field: string | null;
  readonly apiMessage: ApiMessage | null;
  readonly requestId: string | null;
  /** What the server added for screens (e.g. `FORM_INVALID`'s `errors`: every field at fault with its message). */
  readonly details: unknown;

  constructor(opts: {
    status: number;
    code: string;
    field?: string | null;
    message?: ApiMessage | null;
    requestId?: string | null;
    details?: unknown;
  }) {
    super(opts.message?.en ?? opts.code);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.field = opts.field ?? null;
    this.apiMessage = opts.message ?? null;
    this.requestId = opts.requestId ?? null;
    this.details = opts.details ?? null;
  }
}

const TOKEN_KEY = 'ow.token';
const ON_BEHALF_KEY = 'ow.onBehalfOf';

function readSession(key: string): string | null {
  try {
    return sessionStorage.getItem(key);
  } catch {
    return null;
  }
}

function writeSession(key: string, value: string | null): void {
  try {
    if (value) sessionStorage.setItem(key, value);
    else sessionStorage.removeItem(key);
  } catch {
    /* storage unavailable: the value lasts until reload */
  }
}

export const getToken = (): string | null => readSession(TOKEN_KEY);
export const setToken = (token: string | null): void => writeSession(TOKEN_KEY, token);
/** The USCC of the legal person the signed-in person acts for (sent as `OneWindow-On-Behalf-Of`), if any. */
export const getOnBehalfOf = (): string | null => readSession(ON_BEHALF_KEY);
export const setOnBehalfOf = (uscc: string | null): void => writeSession(ON_BEHALF_KEY, uscc);

/** Called when an authenticated request comes back 401, so the shell can return to the login page. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

/** The headers every request carries: accept, the bearer token and the legal person acted for. */
export function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  const onBehalfOf = getOnBehalfOf();
  if (onBehalfOf) headers['onewindow-on-behalf-of'] = onBehalfOf;
  return headers;
}

type ErrorBody = {
  error: { code?: string; field?: string | null; message?: ApiMessage; requestId?: string; details?: unknown };
};

function isErrorBody(x: unknown): x is ErrorBody {
  return typeof x === 'object' && x !== null && 'error' in x && typeof (x as { error: unknown }).error === 'object';
}

/** The ApiError for a failed response and its parsed body (null when there was none). */
export function errorOf(res: Response, body: unknown, hadToken: boolean): ApiError {
  if (res.status === 401 && hadToken && onUnauthorized) onUnauthorized();
  if (isErrorBody(body)) {
    const e = body.error;
    return new ApiError({
      status: res.status,
      code: e.code ?? `HTTP_${res.status}`,
      field: e.field ?? null,
      message: e.message ?? null,
      requestId: e.requestId ?? null,
      details: e.details ?? null,
    });
  }
  return new ApiError({ status: res.status, code: `HTTP_${res.status}` });
}

const auth: Middleware = {
  onRequest({ request }) {
    for (const [k, v] of Object.entries(authHeaders())) if (!request.headers.has(k)) request.headers.set(k, v);
    return request;
  },
};

/** The raw openapi-fetch client; screens use it through `call()`. */
export const client = createClient<paths>({ baseUrl: '', credentials: 'same-origin' });
client.use(auth);

/**
 * Awaits an openapi-fetch call and returns its data, or throws an ApiError (status 0 when the server could not be
 * reached). Aborts are rethrown as they are.
 *
 * @example const impl = await call(client.GET('/api/v1/catalog/implementations/{id}', { params: { path: { id } } }));
 */
export async function call<T>(request: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const hadToken = getToken() !== null;
  let r: { data?: T; error?: unknown; response: Response };
  try {
    r = await request;
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  }
  if (!r.response.ok) throw errorOf(r.response, r.error ?? null, hadToken);
  return r.data as T;
}

/** A fresh Idempotency-Key header, for the creating routes that accept one. */
export const idempotencyKey = () => ({ 'idempotency-key': crypto.randomUUID() });

/** The calls the shell itself makes. */
export const SystemApi = {
  meta: (signal?: AbortSignal) => call(client.GET('/api/v1/meta', { signal })),
  login: (username: string, password: string) => call(client.POST('/api/v1/session', { body: { username, password } })),
  session: (signal?: AbortSignal) => call(client.GET('/api/v1/session', { signal })),
  logout: () => call(client.DELETE('/api/v1/session')),
};

/**
 * Uploads one file as the request body to `url` (the upload routes take the raw bytes, the name in the query string;
 * the server sniffs the type) and answers the created record.
 */
export async function uploadFile<T>(url: string, file: File): Promise<T> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { ...authHeaders(), 'content-type': 'application/octet-stream' },
    body: file,
  }).catch(() => {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) throw errorOf(res, body, true);
  return body as T;
}

/** A stored file's bytes (the download needs the bearer token, so it is fetched, then saved). */
export async function downloadFile(url: string): Promise<Blob> {
  const res = await fetch(url, { headers: { ...authHeaders(), accept: '*/*' } });
  if (!res.ok) throw errorOf(res, await res.json().catch(() => null), true);
  return res.blob();
}
