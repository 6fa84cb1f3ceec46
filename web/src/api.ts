/** A small JSON client for /api/v1. Errors are normalised to ApiError, whatever the server (or its absence) returned. */

export interface Principal {
  id: string;
  kind: string;
  name: string;
  roles: string[];
  region: string | null;
  department: string | null;
}

export interface DemoAccount {
  username: string;
  password: string;
  roles: string[];
  name: string;
}

export interface Meta {
  mode: 'development' | 'production' | 'test';
  demo: boolean;
  demoAccounts: DemoAccount[];
}

export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}

export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  regionName?: string | null;
  status?: string | null;
  synthetic?: boolean;
  [k: string]: unknown;
}

export interface Division {
  code: string;
  name: string;
  level: string | number;
  parent: string | null;
  gbt2260?: string | boolean | null;
}

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

  constructor(opts: { status: number; code: string; field?: string | null; message?: ApiMessage | null; requestId?: string | null }) {
    super(opts.message?.en ?? opts.code);
    this.name = 'ApiError';
    this.status = opts.status;
    this.code = opts.code;
    this.field = opts.field ?? null;
    this.apiMessage = opts.message ?? null;
    this.requestId = opts.requestId ?? null;
  }
}

const TOKEN_KEY = 'ow.token';

export function getToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function setToken(token: string | null): void {
  try {
    if (token) sessionStorage.setItem(TOKEN_KEY, token);
    else sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    /* storage unavailable: the session lasts until reload */
  }
}

/** Called when an authenticated request comes back 401, so the shell can return to the login page. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(fn: (() => void) | null): void {
  onUnauthorized = fn;
}

function isErrorBody(x: unknown): x is { error: { code?: string; status?: number; field?: string | null; message?: ApiMessage; requestId?: string } } {
  return typeof x === 'object' && x !== null && 'error' in x && typeof (x as { error: unknown }).error === 'object';
}

export async function api<T>(method: string, path: string, body?: unknown, opts: { signal?: AbortSignal } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = getToken();
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  try {
    res = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), signal: opts.signal, credentials: 'same-origin' });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  }
  const text = await res.text();
  let data: unknown = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (!res.ok) {
    if (res.status === 401 && token && onUnauthorized) onUnauthorized();
    if (isErrorBody(data)) {
      const e = data.error;
      throw new ApiError({ status: res.status, code: e.code ?? `HTTP_${res.status}`, field: e.field ?? null, message: e.message ?? null, requestId: e.requestId ?? null });
    }
    throw new ApiError({ status: res.status, code: `HTTP_${res.status}` });
  }
  if (data === null && text) throw new ApiError({ status: res.status, code: 'BAD_RESPONSE' });
  return data as T;
}

export const Api = {
  meta: (signal?: AbortSignal) => api<Meta>('GET', '/api/v1/meta', undefined, { signal }),
  login: (username: string, password: string) =>
    api<{ token: string; expiresAt: string; principal: Principal }>('POST', '/api/v1/session', { username, password }),
  session: (signal?: AbortSignal) => api<{ principal: Principal }>('GET', '/api/v1/session', undefined, { signal }),
  logout: () => api<unknown>('DELETE', '/api/v1/session'),
  enterprises: (q: string, cursor: string | null, signal?: AbortSignal) => {
    const p = new URLSearchParams({ limit: '20' });
    if (q) p.set('q', q);
    if (cursor) p.set('cursor', cursor);
    return api<Page<Enterprise>>('GET', `/api/v1/registry/enterprises?${p}`, undefined, { signal });
  },
  divisions: (parent: string, signal?: AbortSignal) =>
    api<Page<Division>>('GET', `/api/v1/reference/divisions?${new URLSearchParams({ parent })}`, undefined, { signal }),
  health: async (signal?: AbortSignal): Promise<boolean> => {
    try {
      const r = await fetch('/healthz', { signal });
      return r.ok;
    } catch {
      return false;
    }
  },
};
