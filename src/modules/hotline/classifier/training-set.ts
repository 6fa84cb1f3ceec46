/**
 * Loading historical tickets into the training set: any center's CSV/XLSX export (read by the kernel's shared
 * sheet readers), with a column mapping `content=…,topic=…,department=…[,created=…][,division=…]` naming the
 * export's own headers. Rows missing a mapped value are reported with their spreadsheet row number and skipped;
 * a row already loaded (same content, topic, department and time) is not added again.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import { inTx } from '../../../kernel/kernel.ts';
import type { Executor } from '../../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { invalid } from '../../../kernel/errors.ts';
import { newId } from '../../../kernel/ids.ts';
import { findDivision } from '../../../kernel/reference/divisions.ts';
import type { Sheet } from '../../../kernel/sheets.ts';
import { classifierPermissions } from './permissions.ts';
import { rowKey } from './model.ts';
import { redactNumbers } from './tokens.ts';
import type { HotlineClassifierTrainingTable } from './tables.ts';

export const MAPPING_KEYS = ['content', 'topic', 'department', 'created', 'division'] as const;
export type MappingKey = (typeof MAPPING_KEYS)[number];
export type Mapping = Partial<Record<MappingKey, string>> & Record<'content' | 'topic' | 'department', string>;

const REQUIRED: MappingKey[] = ['content', 'topic', 'department'];
const MAX_CONTENT = 4000;
const MAX_CODE = 100;

const badMap = (zh: string, en: string) =>
  invalid('map', 'MAPPING_INVALID', `列映射有误：${zh}`, `Bad column mapping: ${en}`);

/** Parses `content=诉求内容,topic=问题分类,department=承办单位,created=受理时间` into a mapping. */
export function parseMapping(spec: string): Mapping {
  const out: Partial<Record<MappingKey, string>> = {};
  for (const part of spec.split(',').filter((p) => p.trim())) {
    const eq = part.indexOf('=');
    const key = part.slice(0, eq).trim() as MappingKey;
    const column = part.slice(eq + 1).trim();
    if (eq < 0 || !column) throw badMap(`“${part}”应写成 键=列名`, `"${part}" must read key=column`);
    if (!MAPPING_KEYS.includes(key))
      throw badMap(
        `未知的键 ${key}（可用：${MAPPING_KEYS.join('、')}）`,
        `unknown key ${key} (known: ${MAPPING_KEYS.join(', ')})`,
      );
    if (out[key]) throw badMap(`键 ${key} 重复`, `key ${key} given twice`);
    out[key] = column;
  }
  for (const k of REQUIRED) if (!out[k]) throw badMap(`缺少 ${k}=列名`, `${k}=column is required`);
  return out as Mapping;
}

/** A date or date-time as exports write it (2025-03-01, 2025/3/1 08:30, 2025年3月1日) → YYYY-MM-DD[THH:mm]. */
export function normalizeCreated(text: string): string | null {
  const m = /^(\d{4})[-/年.](\d{1,2})[-/月.](\d{1,2})日?(?:[ T](\d{1,2}):(\d{2})(?::\d{2}(?:\.\d+)?)?)?$/.exec(
    text.trim(),
  );
  if (!m) return null;
  const [, y, mo, d, h, mi] = m;
  const date = `${y}-${mo.padStart(2, '0')}-${d.padStart(2, '0')}`;
  const check = new Date(`${date}T00:00:00Z`);
  if (Number.isNaN(check.getTime()) || check.toISOString().slice(0, 10) !== date) return null;
  if (h === undefined) return date;
  if (Number(h) > 23) return null;
  return `${date}T${h.padStart(2, '0')}:${mi}`;
}

export interface RejectedRow {
  row: number;
  field: MappingKey;
  code: string;
  zh: string;
  en: string;
}

export interface ImportReport {
  batchId: string;
  read: number;
  added: number;
  duplicates: number;
  rejected: RejectedRow[];
}

type NewRow = Omit<HotlineClassifierTrainingTable, 'batch_id' | 'imported_at'>;

/** One sheet row → a training row, or why not. */
function readRow(cells: (k: MappingKey) => string | null, mapping: Mapping): NewRow | Omit<RejectedRow, 'row'> {
  for (const f of REQUIRED) {
    const v = cells(f);
    if (!v) return { field: f, code: 'CELL_REQUIRED', zh: `${mapping[f]} 为空`, en: `${mapping[f]} is empty` };
    if (f !== 'content' && v.length > MAX_CODE)
      return {
        field: f,
        code: 'CELL_TOO_LONG',
        zh: `${mapping[f]} 超过 ${MAX_CODE} 字`,
        en: `${mapping[f]} exceeds ${MAX_CODE} characters`,
      };
  }
  const rawCreated = cells('created');
  const created = rawCreated ? normalizeCreated(rawCreated) : null;
  if (rawCreated && !created)
    return {
      field: 'created',
      code: 'CELL_DATE_INVALID',
      zh: `${mapping.created} 不是有效日期`,
      en: `${mapping.created} is not a valid date`,
    };
  const division = cells('division');
  if (division && !findDivision(division))
    return {
      field: 'division',
      code: 'CELL_DIVISION_UNKNOWN',
      zh: `未知区划代码 ${division}`,
      en: `Unknown division code ${division}`,
    };
  const content = redactNumbers(cells('content')!).slice(0, MAX_CONTENT);
  const topic = cells('topic')!;
  const department = cells('department')!;
  return {
    key: rowKey({ content, topic, department }, created ?? ''),
    content,
    topic,
    topic_label: topic,
    department,
    department_label: department,
    division: division || null,
    created,
  };
}

/**
 * Loads a sheet's rows into the training set under one import batch (an action `import` on `hotline.training_set`).
 * Phone and ID numbers in the text are replaced by ＊＊＊ before storing: the classifier does not need them.
 */
export async function importTrainingSet(
  k: Kernel,
  ctx: Ctx,
  input: { sheet: Sheet; mapping: Mapping; source: string },
  tx?: Executor,
): Promise<ImportReport> {
  requirePermission(ctx, classifierPermissions.train);
  const { sheet, mapping } = input;
  const index = {} as Record<MappingKey, number>;
  for (const key of MAPPING_KEYS) {
    const column = mapping[key];
    if (!column) continue;
    const i = sheet.header.indexOf(column);
    if (i < 0)
      throw invalid(
        'map',
        'MAPPING_COLUMN_MISSING',
        `文件中没有列“${column}”（有：${sheet.header.join('、')}）`,
        `The file has no column "${column}" (it has: ${sheet.header.join(', ')})`,
      );
    index[key] = i;
  }
  const rejected: RejectedRow[] = [];
  const rows = new Map<string, NewRow>();
  for (const r of sheet.rows) {
    const cell = (key: MappingKey) => (index[key] === undefined ? null : (r.cells[index[key]] ?? '').trim() || null);
    const row = readRow(cell, mapping);
    if ('key' in row) rows.set(row.key, row);
    else rejected.push({ row: r.row, ...row });
  }
  const batchId = newId(ctx.now.getTime());
  return inTx(k, tx, async (t) => {
    const keys = [...rows.keys()];
    const known = new Set<string>();
    for (let i = 0; i < keys.length; i += 500) {
      const found = await t
        .selectFrom('hotline_classifier_training')
        .select('key')
        .where('key', 'in', keys.slice(i, i + 500))
        .execute();
      for (const f of found) known.add(f.key);
    }
    const fresh = [...rows.values()].filter((r) => !known.has(r.key));
    const at = ctx.now.toISOString();
    for (let i = 0; i < fresh.length; i += 200)
      await t
        .insertInto('hotline_classifier_training')
        .values(fresh.slice(i, i + 200).map((r) => ({ ...r, batch_id: batchId, imported_at: at })))
        .execute();
    const report = {
      batchId,
      read: sheet.rows.length,
      added: fresh.length,
      duplicates: sheet.rows.length - rejected.length - fresh.length,
      rejected,
    };
    await k.audit.record(t, ctx, {
      permission: classifierPermissions.train,
      action: 'import',
      subjectType: 'hotline.training_set',
      subjectId: batchId,
      after: { source: input.source, mapping, read: report.read, added: report.added, rejected: rejected.length },
    });
    return report;
  });
}

/** Every row of the training set, in key order. */
export async function trainingRows(db: Executor) {
  return db
    .selectFrom('hotline_classifier_training')
    .select(['content', 'topic', 'topic_label', 'department', 'department_label'])
    .orderBy('key')
    .execute();
}
