/**
 * The catalog import layout's files: the generic CSV/XLSX readers and writers live in the kernel (src/kernel/sheets.ts,
 * shared with other modules' imports); this adds the layout's sheet names and its two-sheet workbook.
 */
import { loadExcel, readXlsx as readSheet, type Sheet } from '../../../kernel/sheets.ts';

export {
  cellText,
  decodeText,
  parseCsv,
  readCsv,
  writeCsv,
  type Sheet,
  type SheetRow,
} from '../../../kernel/sheets.ts';

/** The sheet a workbook's catalog rows are on; the other sheets (instructions, example) are never read. */
export const DATA_SHEET = '实施清单';
export const HELP_SHEET = '填写说明';

/** Reads the data sheet (named 实施清单, else the first sheet) of an XLSX workbook. */
export function readXlsx(bytes: Buffer): Promise<Sheet> {
  return readSheet(bytes, DATA_SHEET);
}

/** A workbook: the data sheet (every cell text, so codes like 00 stay as typed) and an instructions sheet. */
export async function writeXlsx(
  header: string[],
  rows: string[][],
  help: { header: string[]; rows: string[][] },
): Promise<Buffer> {
  const wb = new (await loadExcel()).Workbook();
  wb.creator = 'OneWindow 一网通办';
  const ws = wb.addWorksheet(DATA_SHEET, { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = header.map((h) => ({
    header: h,
    width: Math.min(40, Math.max(12, h.length * 1.6)),
    style: { numFmt: '@', alignment: { wrapText: true, vertical: 'top' } },
  }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(r);
  const hs = wb.addWorksheet(HELP_SHEET);
  hs.columns = help.header.map((h, i) => ({
    header: h,
    width: i === 0 ? 28 : i >= 3 ? 60 : 16,
    style: { alignment: { wrapText: true, vertical: 'top' } },
  }));
  hs.getRow(1).font = { bold: true };
  for (const r of help.rows) hs.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
