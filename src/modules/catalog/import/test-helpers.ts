/** Helpers for the import tests: files in the layout, counts of what a database holds, and posting a file. */
import type { TestApp } from '../../../server/testing.ts';
import { writeCsv, writeXlsx } from './files.ts';
import { CONTENT_TYPES, helpRows } from './export.ts';
import { COLUMN_BY_KEY, headerOf } from './layout.ts';

export type Row = Record<string, string>;

/** A valid row: a new licensing item and its 金水区 市场监管 draft (statutory 20, promised 5). */
export function validRow(n: number, over: Row = {}): Row {
  return {
    basicCode: `410IMP${String(n).padStart(8, '0')}`,
    name: `导入测试许可事项${n}`,
    itemType: '行政许可',
    legalBasis: '《测试法》 | 第一条',
    levels: '省级、市级、县级',
    departmentKind: 'SCJG',
    itemIllustrative: '是',
    departmentCode: '410105-SCJG',
    effectiveFrom: '2026-01-01',
    acceptanceConditions: '具有与经营项目相适应的经营场所\n有保证食品安全的规章制度',
    materials:
      'application | 许可申请书 | 必要 | | 原件+电子 | 1 | 申请人 | /forms/a.pdf | /samples/a.pdf\nlicence | 营业执照 | 必要 | | 电子 | 0 | 证照:DEMO.YYZZ',
    statutoryDays: '20',
    promisedDays: '5',
    serviceObjects: '法人、其他组织',
    channels: '窗口、网上',
    inPersonVisits: '1',
    places: '金水区政务服务中心 | 郑州市金水区（示例地址） | 法定工作日 9:00—17:00',
    consultation: '12345 政务服务便民热线',
    complaint: '12345 政务服务便民热线',
    resultKind: '证照',
    resultName: '许可证',
    resultCertificateType: 'DEMO.SPJYXKZ',
    validity: '5年',
    process: 'accept | 受理 | 窗口人员 | 1\nreview | 审查 | 审查人员 | 3\ndecide | 决定 | 审批人员 | 1',
    form: 'applicant.name | 申请人姓名 | string | 必填\nenterprise.uscc | 统一社会信用代码 | string | 必填',
    ...over,
  };
}

/** Keys of every row, in first-seen order, as header cells `label(key)`. */
function headerAndCells(rows: Row[]): { header: string[]; cells: string[][] } {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  return {
    header: keys.map((k) => (COLUMN_BY_KEY.has(k) ? headerOf(COLUMN_BY_KEY.get(k)!) : k)),
    cells: rows.map((r) => keys.map((k) => r[k] ?? '')),
  };
}

export function csvOf(rows: Row[]): Buffer {
  const { header, cells } = headerAndCells(rows);
  return writeCsv(header, cells);
}

export async function xlsxOf(rows: Row[]): Promise<Buffer> {
  const { header, cells } = headerAndCells(rows);
  return writeXlsx(header, cells, helpRows());
}

/** Posts a file to the import; `dryRun` adds ?dryRun=true. */
export async function postImport(
  t: TestApp,
  headers: Record<string, string>,
  body: Buffer,
  format: 'csv' | 'xlsx',
  dryRun = false,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/catalog/import${dryRun ? '?dryRun=true' : ''}`,
    headers: { ...headers, 'content-type': format === 'csv' ? 'text/csv' : CONTENT_TYPES.xlsx },
    payload: body,
  });
}

/** Row counts of what an import writes: items, implementations, actions, outbox events. */
export async function counts(t: TestApp) {
  const n = async (table: 'catalog_items' | 'catalog_implementations' | 'kernel_actions' | 'kernel_outbox') =>
    Number(
      (
        await t.k.db
          .selectFrom(table)
          .select((eb) => eb.fn.countAll<number>().as('n'))
          .executeTakeFirstOrThrow()
      ).n,
    );
  return {
    items: await n('catalog_items'),
    implementations: await n('catalog_implementations'),
    actions: await n('kernel_actions'),
    events: await n('kernel_outbox'),
  };
}
