/**
 * Spreadsheet files as a clerk saves them: CSV (RFC 4180; UTF-8 with or without BOM, or GB18030 — what Excel on a
 * Chinese Windows saves as "CSV") and XLSX (exceljs). Both become a `Sheet`: the header row and the data rows as
 * text, each with its spreadsheet row number (the header is row 1), so errors point at what a clerk sees.
 * Shared by every module that imports or exports tables (moved here from the catalog's import).
 */
import type ExcelJS from 'exceljs';
import { invalid } from './errors.ts';

export interface SheetRow {
  /** The spreadsheet row number: the header is row 1, the first data row 2. */
  row: number;
  cells: string[];
}

export interface Sheet {
  header: string[];
  rows: SheetRow[];
}

const unreadable = (format: string, why: string) =>
  invalid('body', 'FILE_UNREADABLE', `无法读取 ${format} 文件：${why}`, `The ${format} file cannot be read: ${why}`);

/** Decodes CSV bytes: UTF-8 (BOM stripped) when valid, else GB18030. */
export function decodeText(bytes: Buffer): string {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    text = new TextDecoder('gb18030').decode(bytes);
  }
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

/* eslint-disable @typescript-eslint/no-unused-expressions -- a compact state machine: each step is one comma sequence */
/** Parses CSV text (RFC 4180: quoted fields may hold commas, quotes as "" and line breaks). */
export function parseCsv(text: string): string[][] {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let quoted = false;
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') ((field += '"'), (i += 2));
      else if (c === '"') ((quoted = false), i++);
      else ((field += c), i++);
      continue;
    }
    if (c === '"' && field === '') ((quoted = true), i++);
    else if (c === ',') (record.push(field), (field = ''), i++);
    else if (c === '\r' || c === '\n') {
      (record.push(field), records.push(record), (record = []), (field = ''));
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else ((field += c), i++);
  }
  if (quoted) throw unreadable('CSV', '引号未闭合 an unterminated quote');
  if (field !== '' || record.length) (record.push(field), records.push(record));
  return records;
}
/* eslint-enable @typescript-eslint/no-unused-expressions */

function toSheet(records: string[][]): Sheet {
  const [header = [], ...data] = records;
  const rows = data.map((cells, i) => ({ row: i + 2, cells })).filter((r) => r.cells.some((c) => c.trim() !== ''));
  return { header: header.map((h) => h.trim()), rows };
}

/** A cell Excel would run as a formula (CSV injection); exports prefix it with ' and imports drop that again. */
const FORMULA = /^[=+\-@\t\r]/;

export function readCsv(bytes: Buffer): Sheet {
  const records = parseCsv(decodeText(bytes)).map((r) =>
    r.map((c) => (c.startsWith("'") && FORMULA.test(c.slice(1)) ? c.slice(1) : c)),
  );
  return toSheet(records);
}

const csvField = (v: string) => {
  const s = FORMULA.test(v) ? `'${v}` : v;
  return /[",\r\n]/.test(s) || /^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
};

/** CSV with a UTF-8 BOM (so Excel opens it as UTF-8) and CRLF line ends; formula-like cells are defused. */
export function writeCsv(header: string[], rows: string[][]): Buffer {
  const lines = [header, ...rows].map((r) => r.map(csvField).join(','));
  return Buffer.from('\ufeff' + lines.join('\r\n') + '\r\n', 'utf8');
}

/** The text of an Excel cell as a clerk sees it: dates as YYYY-MM-DD, formulas by their result, rich text joined. */
export function cellText(v: ExcelJS.CellValue): string {
  if (v === null || v === undefined) return '';
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (v instanceof Date) return v.toISOString().slice(0, 10);
  if (typeof v === 'object') {
    if ('richText' in v) return v.richText.map((r) => r.text).join('');
    if ('result' in v) return cellText(v.result as ExcelJS.CellValue);
    if ('formula' in v || 'sharedFormula' in v) return '';
    if ('text' in v) return cellText(v.text as ExcelJS.CellValue);
    if ('error' in v) return '';
  }
  return String(v);
}

/**
 * exceljs, loaded on first use: it costs a server about 20 MB of memory from start-up, and only imports and exports
 * of spreadsheets need it.
 */
export async function loadExcel(): Promise<typeof ExcelJS> {
  return (await import('exceljs')).default;
}

/** Reads one sheet of an XLSX workbook: the one named `sheetName` when it exists, else the first. */
export async function readXlsx(bytes: Buffer, sheetName?: string): Promise<Sheet> {
  const wb = new (await loadExcel()).Workbook();
  try {
    await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch (e) {
    throw unreadable('XLSX', (e as Error).message.slice(0, 200));
  }
  const ws = (sheetName ? wb.getWorksheet(sheetName) : undefined) ?? wb.worksheets[0];
  if (!ws) throw unreadable('XLSX', '没有工作表 no worksheet');
  const width = ws.getRow(1).cellCount;
  const records: string[][] = [];
  for (let r = 1; r <= ws.rowCount; r++) {
    const row = ws.getRow(r);
    const cells: string[] = [];
    for (let c = 1; c <= Math.max(width, row.cellCount); c++) cells.push(cellText(row.getCell(c).value));
    records.push(cells);
  }
  return toSheet(records);
}
