/**
 * Import and export (src/modules/catalog/import/routes.ts): the import sends the file itself as the body; the
 * template and the export need the bearer token, so they are fetched and handed to the browser as a download.
 */
import { ApiError, authHeaders, type ApiMessage, type ResponseOf } from '../../api/client.ts';

export type ImportReport = ResponseOf<'/api/v1/catalog/import', 'post'>;
export type ImportRowError = ImportReport['errors'][number];

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export function formatOf(file: File): 'csv' | 'xlsx' | null {
  const n = file.name.toLowerCase();
  if (n.endsWith('.csv')) return 'csv';
  if (n.endsWith('.xlsx')) return 'xlsx';
  return null;
}

async function failure(res: Response): Promise<{ error: ApiError; details: unknown }> {
  type ErrorBody = {
    error?: { code?: string; field?: string | null; message?: ApiMessage; requestId?: string; details?: unknown };
  };
  let body: ErrorBody | null;
  try {
    body = (await res.json()) as ErrorBody;
  } catch {
    body = null;
  }
  const e = body?.error;
  return {
    error: new ApiError({
      status: res.status,
      code: e?.code ?? `HTTP_${res.status}`,
      field: e?.field ?? null,
      message: e?.message ?? null,
      requestId: e?.requestId ?? null,
    }),
    details: e?.details ?? null,
  };
}

/**
 * Sends a file to the import. A dry run answers a report (valid or not); a real import of a file with errors
 * answers 400 IMPORT_INVALID, whose details carry the same error table — returned here as an invalid report.
 */
export async function importFile(file: File, dryRun: boolean): Promise<ImportReport> {
  const format = formatOf(file);
  const headers: Record<string, string> = {
    ...authHeaders(),
    accept: 'application/json',
    'content-type': format === 'csv' ? 'text/csv' : XLSX_TYPE,
  };
  if (!dryRun) headers['idempotency-key'] = crypto.randomUUID();
  let res: Response;
  try {
    res = await fetch(`/api/v1/catalog/import?dryRun=${dryRun}${format ? `&format=${format}` : ''}`, {
      method: 'POST',
      headers,
      body: file,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  }
  if (res.ok) return (await res.json()) as ImportReport;
  const { error, details } = await failure(res);
  const d = details as { errors?: ImportRowError[]; rows?: number } | null;
  if (error.code === 'IMPORT_INVALID' && d && Array.isArray(d.errors)) {
    return {
      dryRun,
      valid: false,
      rows: d.rows ?? 0,
      errors: d.errors,
      results: [],
      counts: { itemsCreated: 0, itemsUpdated: 0, implementationsCreated: 0, implementationsUpdated: 0, unchanged: 0 },
    };
  }
  throw error;
}

/** Fetches an authenticated file and saves it under the server's file name. */
export async function download(url: string, fallbackName: string): Promise<void> {
  let res: Response;
  try {
    res = await fetch(url, { headers: authHeaders(), credentials: 'same-origin' });
  } catch {
    throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
  }
  if (!res.ok) throw (await failure(res)).error;
  const disposition = res.headers.get('content-disposition') ?? '';
  const star = /filename\*=UTF-8''([^;]+)/i.exec(disposition);
  const plain = /filename="?([^";]+)"?/i.exec(disposition);
  const name = star ? decodeURIComponent(star[1]) : plain ? plain[1] : fallbackName;
  const blob = await res.blob();
  const href = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = href;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 10_000);
}
