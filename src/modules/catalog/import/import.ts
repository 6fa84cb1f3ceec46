/**
 * Importing the catalog layout: every cell is read, every row checked by the catalog's own services (createItem,
 * updateItem, createImplementation, updateDraft — so no rule is written twice), all in one transaction. If any
 * row has any error, nothing is imported: the transaction is rolled back and every error is returned with its row
 * and column. A dry run does the same work and always rolls back. Items are matched by basic code and business
 * item; implementations by code, or by source code and department (so a source list re-imports idempotently).
 */
import { canonicalJson } from '../../../kernel/audit.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import { AppError, invalid } from '../../../kernel/errors.ts';
import { inTx, type Kernel } from '../../../kernel/kernel.ts';
import { EDIT } from '../access.ts';
import type { Elements } from '../elements.ts';
import { createItem, updateItem, type ItemPatch } from '../items.ts';
import { toItem } from '../convert.ts';
import * as repo from '../repository.ts';
import { createImplementation, updateDraft } from '../service.ts';
import type { ImplementationTable } from '../tables.ts';
import { CellError } from './cells.ts';
import type { Sheet } from './files.ts';
import { COLUMN_BY_KEY } from './layout.ts';
import {
  ITEM_FIELD_COLUMN,
  buildElements,
  columnOfElement,
  elementSchemaErrors,
  itemColumnsGiven,
  itemSchemaErrors,
  itemValues,
  mapHeader,
  parseRows,
  rowError,
  sourceOf,
  type ItemValues,
  type ParsedRow,
  type RowError,
} from './rows.ts';
import './tables.ts';

export const MAX_ROWS = 5000;
const REASON = '批量导入 catalog import';

export type Outcome = 'created' | 'updated' | 'unchanged';

export interface RowResult {
  row: number;
  basicCode: string;
  businessItem: string;
  /** What happened to the row's item; an item shared by several rows is counted on its first row only. */
  item: Outcome;
  implementationCode: string | null;
  implementation: Outcome | null;
}

export interface ImportReport {
  dryRun: boolean;
  /** True when the file has no error (and, unless a dry run, was imported). */
  valid: boolean;
  rows: number;
  errors: RowError[];
  results: RowResult[];
  counts: {
    itemsCreated: number;
    itemsUpdated: number;
    implementationsCreated: number;
    implementationsUpdated: number;
    unchanged: number;
  };
}

interface Run {
  k: Kernel;
  ctx: Ctx;
  t: Executor;
  errors: RowError[];
  /** Items already handled in this file, by `basicCode/businessItem`: the first row's values. */
  items: Map<string, { id: string; row: number; values: ItemValues }>;
  /** Implementation keys (code, or source code + department) already used by a row. */
  implementationKeys: Map<string, number>;
}

class DryRun extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run');
  }
}

const same = (a: unknown, b: unknown) => canonicalJson(a ?? null) === canonicalJson(b ?? null);
const cellError = (column: string, code: string, zh: string, en: string) =>
  Object.assign(new CellError(code, zh, en), { column });

/** The column an AppError from a service is about. */
function columnOf(e: AppError, phase: 'item' | 'implementation'): { column: string; path?: string } {
  const field = e.field ?? '';
  const head = field.split('.')[0];
  if (phase === 'item')
    return {
      column: ITEM_FIELD_COLUMN[head] ?? (COLUMN_BY_KEY.has(head) ? head : 'basicCode'),
      path: field.includes('.') ? field : undefined,
    };
  if (head === 'elements') {
    const rest = field.slice('elements.'.length);
    return { column: columnOfElement(rest), path: rest || undefined };
  }
  if (head === 'itemId') return { column: 'basicCode' };
  if (head === 'departmentCode' || head === 'effectiveFrom') return { column: head };
  if (e.status === 403) return { column: 'departmentCode' };
  return { column: 'code' };
}

/** Runs `step`, turning a service's or a cell's error into a row error; returns undefined on error. */
async function guarded<T>(
  run: Run,
  row: number,
  phase: 'item' | 'implementation',
  step: () => Promise<T>,
): Promise<T | undefined> {
  try {
    return await step();
  } catch (e) {
    if (e instanceof CellError) {
      run.errors.push(rowError(row, (e as CellError & { column?: string }).column ?? null, e.code, e.zh, e.en));
    } else if (e instanceof AppError) {
      const { column, path } = columnOf(e, phase);
      run.errors.push(rowError(row, column, e.code, e.messages.zh, e.messages.en, path));
    } else throw e;
    return undefined;
  }
}

const ITEM_PATCH_FIELDS: Array<[column: string, field: keyof ItemValues & keyof ItemPatch]> = [
  ['name', 'name'],
  ['itemType', 'itemType'],
  ['legalBasis', 'legalBasis'],
  ['levels', 'levels'],
  ['departmentKind', 'departmentKind'],
  ['reformMode', 'reformMode'],
  ['licensingLists', 'licensingLists'],
  ['itemIllustrative', 'illustrative'],
];

/** Creates the row's item, or updates the stored one where the row's columns differ; returns its id and outcome. */
async function ensureItem(run: Run, r: ParsedRow, v: ItemValues): Promise<{ id: string; outcome: Outcome }> {
  const { k, ctx, t } = run;
  const key = `${v.basicCode}/${v.businessItem}`;
  const seen = run.items.get(key);
  if (seen) {
    for (const col of itemColumnsGiven(r)) {
      const field = ITEM_PATCH_FIELDS.find(([c]) => c === col)?.[1] ?? (col === 'itemRegion' ? 'region' : col);
      const a = (v as unknown as Record<string, unknown>)[field];
      const b = (seen.values as unknown as Record<string, unknown>)[field];
      if (!same(a, b))
        run.errors.push(
          rowError(
            r.row,
            col,
            'ITEM_ROWS_DISAGREE',
            `与第 ${seen.row} 行同一事项的此列不一致`,
            `Differs from row ${seen.row}, which has the same item`,
          ),
        );
    }
    return { id: seen.id, outcome: 'unchanged' };
  }
  const existing = await repo.findItemByCode(t, v.basicCode, v.businessItem);
  const parent = v.parentCode ? await repo.findItemByCode(t, v.parentCode.toUpperCase(), '00') : undefined;
  if (v.parentCode && !parent)
    throw cellError('parentCode', 'PARENT_NOT_FOUND', `主项 ${v.parentCode} 不存在`, `No main item ${v.parentCode}`);
  if (!existing) {
    const { parentCode: _p, ...input } = v;
    const created = await createItem(k, ctx, { ...input, parentId: parent?.id ?? null }, t);
    run.items.set(key, { id: created.id, row: r.row, values: v });
    return { id: created.id, outcome: 'created' };
  }
  const current = toItem(k, existing);
  run.items.set(key, { id: current.id, row: r.row, values: v });
  if (r.cells.has('itemRegion') && v.region !== current.region)
    throw cellError(
      'itemRegion',
      'ITEM_FIELD_FIXED',
      `事项已属于 ${current.region} 的目录，不能改变`,
      `The item belongs to the catalog of ${current.region}; that cannot change`,
    );
  if (r.cells.has('parentCode') && (parent?.id ?? null) !== current.parentId)
    throw cellError(
      'parentCode',
      'ITEM_FIELD_FIXED',
      '已有事项的主项不能改变',
      'The main item of an existing item cannot change',
    );
  const patch: Partial<ItemPatch> = {};
  for (const [col, field] of ITEM_PATCH_FIELDS) {
    if (r.cells.has(col) && !same(v[field], current[field])) (patch as Record<string, unknown>)[field] = v[field];
  }
  if (!Object.keys(patch).length) return { id: current.id, outcome: 'unchanged' };
  await updateItem(k, ctx, current.id, { ...patch, version: current.version, reason: REASON }, t);
  return { id: current.id, outcome: 'updated' };
}

async function findExisting(run: Run, r: ParsedRow, departmentCode: string): Promise<ImplementationTable | undefined> {
  const code = r.cells.get('code') as string | null | undefined;
  const sourceCode = r.cells.get('sourceCode') as string | null | undefined;
  const key = code ? `code:${code}` : sourceCode ? `source:${sourceCode}@${departmentCode}` : null;
  if (key) {
    const earlier = run.implementationKeys.get(key);
    if (earlier)
      throw cellError(
        code ? 'code' : 'sourceCode',
        'DUPLICATE_IMPLEMENTATION',
        `与第 ${earlier} 行是同一实施清单`,
        `Row ${earlier} has the same implementation`,
      );
    run.implementationKeys.set(key, r.row);
  }
  let q = run.t.selectFrom('catalog_implementations').selectAll();
  if (code) q = q.where('code', '=', code);
  else if (sourceCode) q = q.where('source_code', '=', sourceCode).where('department_code', '=', departmentCode);
  else return undefined;
  return q.executeTakeFirst();
}

/** Creates the row's draft implementation, or updates the matched draft; a matched non-draft must be unchanged. */
async function ensureImplementation(
  run: Run,
  r: ParsedRow,
  itemId: string,
): Promise<{ code: string; outcome: Outcome } | undefined> {
  const { k, ctx, t } = run;
  const departmentCode = r.cells.get('departmentCode') as string | null | undefined;
  if (!departmentCode)
    throw cellError(
      'departmentCode',
      'CELL_REQUIRED',
      '本行填写了实施清单的列，须填写实施部门代码',
      'This row fills implementation columns, so it needs the implementing department',
    );
  const existing = await findExisting(run, r, departmentCode);
  const base = existing ? (existing.elements as Elements) : null;
  const elements = buildElements(r, base);
  const schema = elementSchemaErrors(r.row, elements);
  if (schema.length) return void run.errors.push(...schema);
  const effectiveFrom = (r.cells.get('effectiveFrom') as string | null | undefined) ?? existing?.effective_from;
  if (!effectiveFrom)
    throw cellError(
      'effectiveFrom',
      'CELL_REQUIRED',
      '新建实施清单须填写生效日期',
      'A new implementation needs its effective date',
    );
  if (!existing) {
    const illustrative = (r.cells.get('illustrative') as boolean | undefined) ?? false;
    const created = await createImplementation(
      k,
      ctx,
      {
        itemId,
        departmentCode,
        effectiveFrom,
        elements,
        illustrative,
        sourceCode: (r.cells.get('sourceCode') as string | null) ?? null,
        source: sourceOf(r),
      },
      t,
    );
    return { code: created.code, outcome: 'created' };
  }
  if (existing.item_id !== itemId)
    throw cellError(
      'code',
      'CODE_MISMATCH',
      '该实施编码属于另一事项',
      'This implementation code belongs to another item',
    );
  if (existing.department_code !== departmentCode)
    throw cellError(
      'departmentCode',
      'CODE_MISMATCH',
      `该实施清单的实施部门是 ${existing.department_code}`,
      `This implementation's department is ${existing.department_code}`,
    );
  if (same(elements, base) && effectiveFrom === existing.effective_from)
    return { code: existing.code, outcome: 'unchanged' };
  await updateDraft(
    k,
    ctx,
    existing.id,
    { version: Number(existing.version), elements, effectiveFrom, reason: REASON },
    t,
  );
  return { code: existing.code, outcome: 'updated' };
}

/** Items first (main items before their business items), then implementations in file order. */
async function applyRows(run: Run, rows: ParsedRow[]): Promise<RowResult[]> {
  const itemOf = new Map<ParsedRow, { id: string; outcome: Outcome; values: ItemValues }>();
  const ordered = [...rows.filter((r) => !r.cells.get('parentCode')), ...rows.filter((r) => r.cells.get('parentCode'))];
  for (const r of ordered) {
    await guarded(run, r.row, 'item', async () => {
      const v = itemValues(r);
      const schema = itemSchemaErrors(r.row, v);
      if (schema.length) return void run.errors.push(...schema);
      itemOf.set(r, { ...(await ensureItem(run, r, v)), values: v });
    });
  }
  const results: RowResult[] = [];
  for (const r of rows) {
    const item = itemOf.get(r);
    if (!item) continue;
    const impl = r.hasImplementation
      ? await guarded(run, r.row, 'implementation', () => ensureImplementation(run, r, item.id))
      : undefined;
    results.push({
      row: r.row,
      basicCode: item.values.basicCode,
      businessItem: item.values.businessItem,
      item: item.outcome,
      implementationCode: impl?.code ?? null,
      implementation: impl?.outcome ?? null,
    });
  }
  return results;
}

function reportOf(dryRun: boolean, rows: number, errors: RowError[], results: RowResult[]): ImportReport {
  const n = (f: (r: RowResult) => boolean) => results.filter(f).length;
  errors.sort((a, b) => a.row - b.row);
  return {
    dryRun,
    valid: errors.length === 0,
    rows,
    errors,
    results: errors.length ? [] : results,
    counts: {
      itemsCreated: n((r) => r.item === 'created'),
      itemsUpdated: n((r) => r.item === 'updated'),
      implementationsCreated: n((r) => r.implementation === 'created'),
      implementationsUpdated: n((r) => r.implementation === 'updated'),
      unchanged: n((r) => r.implementation === 'unchanged' || (r.implementation === null && r.item === 'unchanged')),
    },
  };
}

/**
 * Imports a sheet: all rows or none. Without errors it returns the report (a dry run rolls back first); with any
 * error, a dry run returns the report with `valid: false`, and a real import throws 400 IMPORT_INVALID whose
 * `details.errors` lists every error — after rolling back everything, including the caller's transaction `tx`.
 */
export async function importSheet(
  k: Kernel,
  ctx: Ctx,
  sheet: Sheet,
  opts: { dryRun: boolean },
  tx?: Executor,
): Promise<ImportReport> {
  requirePermission(ctx, EDIT);
  if (!sheet.rows.length) throw invalid('body', 'IMPORT_EMPTY', '文件中没有数据行', 'The file has no data rows');
  if (sheet.rows.length > MAX_ROWS)
    throw invalid('body', 'IMPORT_TOO_MANY_ROWS', `一次最多导入 ${MAX_ROWS} 行`, `At most ${MAX_ROWS} rows per import`);
  const header = mapHeader(sheet.header);
  const parsed = parseRows(sheet, header.columns);
  const errors = [...header.errors, ...parsed.errors];
  const failedRows = new Set(parsed.errors.map((e) => e.row));
  const work = async (t: Executor) => {
    const run: Run = { k, ctx, t, errors, items: new Map(), implementationKeys: new Map() };
    const results = header.errors.length
      ? []
      : await applyRows(
          run,
          parsed.rows.filter((r) => !failedRows.has(r.row)),
        );
    const report = reportOf(opts.dryRun, sheet.rows.length, errors, results);
    if (opts.dryRun) throw new DryRun(report);
    if (!report.valid) {
      throw invalid(
        'body',
        'IMPORT_INVALID',
        `导入文件有 ${errors.length} 处错误，未导入任何数据`,
        `The file has ${errors.length} errors; nothing was imported`,
        { errors, rows: sheet.rows.length },
      );
    }
    return report;
  };
  if (!opts.dryRun) return inTx(k, tx, work);
  try {
    return await k.db.transaction().execute(work);
  } catch (e) {
    if (e instanceof DryRun) return e.report;
    throw e;
  }
}
