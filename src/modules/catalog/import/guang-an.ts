/**
 * The real implementation list of 广安区 (Sichuan, 511602; 1,135 items from sczwfw.gov.cn, copied to
 * reference/catalog-guang-an/items-flat.csv, Apache-2.0) as a fixture: each row becomes a catalog item of one demo
 * Henan county's own catalog and a draft implementation there — through the same import as a clerk's file.
 *
 * Kept from the source: the name, the item type code (taskType), and the original implementation code as
 * `sourceCode` (with the list, the original department, main item and page as `source`). Generated: the Henan
 * basic code (a leading `51x` — Sichuan's prefix — becomes `41x`; national codes such as `G-000007-001` are kept)
 * and the implementation code in the usual shape from the registry department that implements it. The rows have
 * no elements, so each draft is minimal and `incomplete` (no channel, no process; the promised limit 0 and one
 * visit are placeholders, not claims) and scores low on the rubric — which is the point. Names, types and codes are
 * real, so neither items nor implementations are marked 示例; there is no legal citation or limit to check.
 */
import fs from 'node:fs';
import { shanghaiDate } from '../../../kernel/calendar/dates.ts';
import type { Ctx } from '../../../kernel/context.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { parseCsv } from './files.ts';
import type { Sheet } from './files.ts';
import { importSheet, type ImportReport } from './import.ts';
import { COLUMNS, headerOf } from './layout.ts';
import { cellsOf } from './rows.ts';

export const GUANG_AN_FILE = new URL('../../../../reference/catalog-guang-an/items-flat.csv', import.meta.url);
export const GUANG_AN_LIST = 'sczwfw-guang-an';
/** The demo county the list is imported into: 郑州市中原区, so that 金水区 keeps the curated demo copies apart. */
export const GUANG_AN_COUNTY = '410102';

/**
 * 广安区 departments → the registry's department kinds. Departments the registry has no kind for yet (交通运输,
 * 税务, 教育, 农业农村, 文旅, 林业, 水务, 残联, 应急, 烟草, 气象, 退役军人, 消防, 统计 …) are hosted by the county's
 * 行政审批和政务信息管理局 (ZWFW); `source.department` keeps the original.
 */
export const GUANG_AN_DEPARTMENT_KINDS: Record<string, string> = {
  区行政审批局: 'ZWFW',
  区公管办: 'ZWFW',
  区人社局: 'RS',
  区住建局: 'ZJ',
  区自然资源和规划局: 'ZRZY',
  区公安分局: 'GA',
  区医疗保障局: 'YB',
  区卫健局: 'WJ',
  区民政局: 'MZ',
  区市监局: 'SCJG',
  区生态环境局: 'STHJ',
  区司法局: 'SF',
  区财政局: 'CZ',
  区发改局: 'FGW',
  区经信局: 'FGW',
  区商务局: 'SW',
  区政府办: 'ZFDC',
};

export interface GuangAnRow {
  department: string;
  mainItem: string;
  name: string;
  areaCode: string;
  itemCode: string;
  taskType: string;
  deptCode: string;
  link: string;
}

/** The source rows, as the file has them. */
export function readGuangAn(file: URL | string = GUANG_AN_FILE): GuangAnRow[] {
  const [header, ...rows] = parseCsv(fs.readFileSync(file, 'utf8').replace(/^\ufeff/, ''));
  const at = (name: string) => header.indexOf(name);
  return rows
    .filter((r) => r.length > 1)
    .map((r) => ({
      department: r[at('department')],
      mainItem: r[at('main_item')],
      name: r[at('name')],
      areaCode: r[at('areaCode')],
      itemCode: r[at('itemCode')],
      taskType: r[at('taskType')],
      deptCode: r[at('deptCode')],
      link: r[at('link')],
    }));
}

/** The basic code inside an implementation code: what precedes `-<12-digit region>-`, or a national `X-000000-000`. */
export function sourceBasicCode(itemCode: string): string {
  const m = /^(.*?)-\d{12}-\d{3}-/.exec(itemCode) ?? /^([A-Z]-\d{6}-\d{3})-/.exec(itemCode);
  if (!m) throw new Error(`no basic code in ${itemCode}`);
  return m[1];
}

/** The Henan basic code for a source basic code: Sichuan's `51x` prefix becomes `41x`. */
export const henanBasicCode = (source: string) => source.replace(/^51(\d)/, '41$1');

/** The business item number at the end of an implementation code (`…-1-00` → 00). */
export const sourceBusinessItem = (itemCode: string) => /-(\d{2})$/.exec(itemCode)?.[1] ?? '00';

/** The source list as a sheet in the import layout, for `county`, effective from `effectiveFrom`. */
export function guangAnSheet(rows: GuangAnRow[], county: string, effectiveFrom: string): Sheet {
  return {
    header: COLUMNS.map(headerOf),
    rows: rows.map((r, i) => {
      const kind = GUANG_AN_DEPARTMENT_KINDS[r.department] ?? 'ZWFW';
      const values = new Map<string, unknown>([
        ['basicCode', henanBasicCode(sourceBasicCode(r.itemCode))],
        ['businessItem', sourceBusinessItem(r.itemCode)],
        ['name', r.name],
        ['itemType', r.taskType],
        ['levels', ['county']],
        ['departmentKind', kind],
        ['itemRegion', county],
        ['itemIllustrative', false],
        ['departmentCode', `${county}-${kind}`],
        ['effectiveFrom', effectiveFrom],
        ['illustrative', false],
        ['sourceCode', r.itemCode],
        ['sourceList', GUANG_AN_LIST],
        ['sourceDepartment', r.department],
        ['sourceMainItem', r.mainItem && r.mainItem !== '未分类' ? r.mainItem : null],
        ['sourceUrl', r.link || null],
        ['promisedDays', 0],
        ['inPersonVisits', 1],
      ]);
      return { row: i + 2, cells: cellsOf(values) };
    }),
  };
}

/**
 * Imports the 广安区 list into `county` as `ctx` (one transaction, every item and implementation an audited action).
 * Re-running changes nothing: items match by basic code, implementations by source code and department.
 */
export async function importGuangAn(
  k: Kernel,
  ctx: Ctx,
  opts: { county?: string; dryRun?: boolean } = {},
): Promise<ImportReport> {
  const sheet = guangAnSheet(readGuangAn(), opts.county ?? GUANG_AN_COUNTY, shanghaiDate(ctx.now));
  return importSheet(k, ctx, sheet, { dryRun: opts.dryRun ?? false });
}
