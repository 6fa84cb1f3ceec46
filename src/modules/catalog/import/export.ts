/**
 * Exporting implementations (working copies) in the import layout — CSV, XLSX or JSON — so that an export
 * re-imports; and the empty template with its instructions. Derivation (`derivedFrom`) and published versions are
 * not part of the layout: a re-imported copy is an independent draft.
 */
import type { Ctx } from '../../../kernel/context.ts';
import { requirePermission } from '../../../kernel/context.ts';
import { orThrow } from '../../../kernel/errors.ts';
import { checkDivisionCode } from '../../../kernel/reference/divisions.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { READ } from '../access.ts';
import { getItem } from '../items.ts';
import type { CatalogItem, ImplementationStatus } from '../model.ts';
import { listImplementations } from '../service.ts';
import { writeCsv, writeXlsx } from './files.ts';
import { COLUMNS, headerOf } from './layout.ts';
import { cellsOf, flatten } from './rows.ts';

export const EXPORT_FORMATS = ['csv', 'xlsx', 'json'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const CONTENT_TYPES = {
  csv: 'text/csv; charset=utf-8',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  json: 'application/json; charset=utf-8',
} as const;

const BATCH = 500;

/** The layout's cells of every implementation in a region's subtree (and status), in creation order. */
export async function exportValues(
  k: Kernel,
  ctx: Ctx,
  f: { region?: string; status?: ImplementationStatus },
): Promise<Array<Map<string, unknown>>> {
  requirePermission(ctx, READ);
  if (f.region) orThrow(checkDivisionCode(f.region), 'query.region');
  const items = new Map<string, { item: CatalogItem; parentCode: string | null }>();
  const itemOf = async (id: string) => {
    let got = items.get(id);
    if (!got) {
      const item = await getItem(k, ctx, id);
      got = { item, parentCode: item.parentId ? (await getItem(k, ctx, item.parentId)).basicCode : null };
      items.set(id, got);
    }
    return got;
  };
  const out: Array<Map<string, unknown>> = [];
  let after: string | null = null;
  for (;;) {
    const batch = await listImplementations(k, ctx, { region: f.region, status: f.status, after, limit: BATCH });
    for (const impl of batch) {
      const { item, parentCode } = await itemOf(impl.item.id);
      out.push(flatten(item, parentCode, impl));
    }
    if (batch.length < BATCH) return out;
    after = batch[batch.length - 1].id;
  }
}

/** The instructions sheet: one row per column. */
export function helpRows(): { header: string[]; rows: string[][] } {
  return {
    header: ['列（表头）', '键', '必填', '写法', '示例'],
    rows: COLUMNS.map((c) => [
      headerOf(c),
      c.key,
      c.required ? (c.part === 'item' ? '是' : '新建实施清单时') : '',
      c.syntax,
      c.example,
    ]),
  };
}

/** Serializes exported cells as a file body. JSON keeps typed values (lists as arrays) under the same keys. */
export async function renderExport(format: ExportFormat, values: Array<Map<string, unknown>>): Promise<Buffer> {
  if (format === 'json') {
    const rows = values.map((m) =>
      Object.fromEntries(COLUMNS.filter((c) => m.has(c.key)).map((c) => [c.key, m.get(c.key) ?? null])),
    );
    return Buffer.from(
      JSON.stringify({ layout: 'onewindow.catalog/1', columns: COLUMNS.map((c) => ({ key: c.key, zh: c.zh })), rows }),
    );
  }
  const header = COLUMNS.map(headerOf);
  const rows = values.map(cellsOf);
  return format === 'csv' ? writeCsv(header, rows) : writeXlsx(header, rows, helpRows());
}

/** The empty template: the header row (XLSX: plus the instructions sheet). */
export async function template(format: 'csv' | 'xlsx'): Promise<Buffer> {
  const header = COLUMNS.map(headerOf);
  return format === 'csv' ? writeCsv(header, []) : writeXlsx(header, [], helpRows());
}

/** Content-Disposition for a download: an ASCII name, and the Chinese one percent-encoded. */
export function attachment(ascii: string, zh: string, format: ExportFormat): string {
  return `attachment; filename="${ascii}.${format}"; filename*=UTF-8''${encodeURIComponent(`${zh}.${format}`)}`;
}
