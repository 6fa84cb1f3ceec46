/**
 * Administrative division codes (行政区划代码).
 *
 * Sources, both under `reference/divisions/`:
 * - `mca-201904.tsv`: GB/T 2260 as published by the Ministry of Civil Affairs, April 2019
 *   (tab-separated; columns Source, Revision, Code, Name).
 * - `stats-2023/{provinces,cities,areas}.csv`: the NBS 2023 statistical division list (统计用区划代码);
 *   province codes are 2 digits, city codes 4 digits, area codes 6 digits; names are quoted.
 *
 * The hierarchy kept in memory is deliberately trimmed:
 * - every province-level unit of China (incl. municipalities, 台湾, 香港, 澳门);
 * - every prefecture-level city, plus county-level units administered directly by a province
 *   (the xx90xx codes such as 419001 济源市, 429004 仙桃市), which are level `county` with the province as parent;
 * - for Henan (41xxxx) every county/district as well, plus the functional zones (41xx7x, e.g. 410173
 *   郑州航空港经济综合实验区) that exist only in the 2023 statistical list (`gbt2260: false`).
 * Municipalities (北京, 天津, 上海, 重庆) have no city level in GB/T 2260, so only the province is kept;
 * counties outside Henan are not in the hierarchy. `knownCountyCodes()` however holds every 2019 code
 * of every level, for checks (like the resident-ID region) that must accept the whole country.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { type Check, OK, fail } from '../errors.ts';

export interface Division {
  code: string;
  name: string;
  level: 'province' | 'city' | 'county';
  /** Code of the parent division, null for provinces. */
  parent: string | null;
  /** Whether the code is in GB/T 2260 (false for statistical-only functional zones). */
  gbt2260: boolean;
  source: 'gbt2260-2019' | 'stats-2023';
}

/** The province whose full county-level detail is kept. */
const DETAIL_PROVINCE = '41';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const DIVISIONS_DIR = join(REPO_ROOT, 'reference', 'divisions');

let mcaRows: Array<{ code: string; name: string }> | null = null;
let divisions: Map<string, Division> | null = null;
let children: Map<string, string[]> | null = null;
let knownCodes: Set<string> | null = null;
let retired: Map<string, string> | null = null;
let zoneCodes: Set<string> | null = null;

/** Parses one CSV line: comma-separated, fields optionally double-quoted with `""` as an escaped quote. */
export function parseCsvLine(line: string): string[] {
  const out: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') {
        quoted = false;
      } else {
        field += ch;
      }
    } else if (ch === '"') {
      quoted = true;
    } else if (ch === ',') {
      out.push(field);
      field = '';
    } else {
      field += ch;
    }
  }
  out.push(field);
  return out;
}

/** Reads a CSV file with a header row into records keyed by header name. */
function readCsv(path: string): Array<Record<string, string>> {
  const lines = readFileSync(path, 'utf8').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = parseCsvLine(lines[0]).map((h) => h.trim());
  return lines.slice(1).map((line) => {
    const cells = parseCsvLine(line);
    const rec: Record<string, string> = {};
    header.forEach((h, i) => (rec[h] = (cells[i] ?? '').trim()));
    return rec;
  });
}

/** All rows of the 2019 GB/T 2260 list. */
function loadMca(): Array<{ code: string; name: string }> {
  if (mcaRows) return mcaRows;
  const lines = readFileSync(join(DIVISIONS_DIR, 'mca-201904.tsv'), 'utf8').split(/\r?\n/);
  const header = lines[0].split('\t').map((h) => h.trim());
  const iCode = header.indexOf('Code');
  const iName = header.indexOf('Name');
  if (iCode < 0 || iName < 0) throw new Error('mca-201904.tsv: missing Code/Name columns');
  const rows: Array<{ code: string; name: string }> = [];
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    const cells = line.split('\t');
    const code = cells[iCode]?.trim() ?? '';
    const name = cells[iName]?.trim() ?? '';
    if (/^\d{6}$/.test(code) && !isPlaceholder(name)) rows.push({ code, name });
  }
  mcaRows = rows;
  return rows;
}

/** '市辖区' / '县' rows are grouping placeholders, not real divisions. */
function isPlaceholder(name: string): boolean {
  return name === '市辖区' || name === '县' || name === '省直辖县级行政区划' || name === '自治区直辖县级行政区划';
}

function build(): Map<string, Division> {
  const map = new Map<string, Division>();
  const add = (d: Omit<Division, 'gbt2260' | 'source'>, source: Division['source']) =>
    map.set(d.code, { ...d, gbt2260: source === 'gbt2260-2019', source });

  for (const { code, name } of loadMca()) {
    const prov = code.slice(0, 2);
    const provCode = `${prov}0000`;
    if (code.endsWith('0000')) {
      add({ code, name, level: 'province', parent: null }, 'gbt2260-2019');
    } else if (code.endsWith('00')) {
      add({ code, name, level: 'city', parent: provCode }, 'gbt2260-2019');
    } else if (code.slice(2, 4) === '90') {
      // County-level unit administered directly by the province (省直辖县级行政区划).
      add({ code, name, level: 'county', parent: provCode }, 'gbt2260-2019');
    } else if (prov === DETAIL_PROVINCE) {
      add({ code, name, level: 'county', parent: `${code.slice(0, 4)}00` }, 'gbt2260-2019');
    }
  }

  // Henan functional zones (xx7x codes) known only to the statistical list.
  for (const rec of readCsv(join(DIVISIONS_DIR, 'stats-2023', 'areas.csv'))) {
    const code = rec.code;
    if (!/^41\d{2}7\d$/.test(code) || map.has(code) || isPlaceholder(rec.name)) continue;
    const parent = `${rec.cityCode || code.slice(0, 4)}00`;
    if (!map.has(parent)) continue;
    add({ code, name: rec.name, level: 'county', parent }, 'stats-2023');
  }

  // Any parent that is missing would make the tree inconsistent: fail loudly at load time.
  for (const d of map.values()) {
    if (d.parent !== null && !map.has(d.parent)) throw new Error(`division ${d.code} has unknown parent ${d.parent}`);
  }
  return map;
}

/** The trimmed division hierarchy, keyed by 6-digit code (loaded on first use, then cached). */
export function getDivisions(): ReadonlyMap<string, Division> {
  if (!divisions) divisions = build();
  return divisions;
}

/** The division with this code, or undefined if it is not in the hierarchy. */
export function findDivision(code: string): Division | undefined {
  return getDivisions().get(code);
}

/** Direct children of a division, in code order (empty for unknown codes and leaves). */
export function childrenOf(code: string): Division[] {
  const all = getDivisions();
  if (!children) {
    const idx = new Map<string, string[]>();
    for (const d of all.values()) {
      if (d.parent === null) continue;
      const list = idx.get(d.parent) ?? [];
      list.push(d.code);
      idx.set(d.parent, list);
    }
    for (const list of idx.values()) list.sort();
    children = idx;
  }
  return (children.get(code) ?? []).map((c) => all.get(c)!);
}

/** Ancestors of a division, nearest first, excluding the division itself (empty for unknown codes). */
export function ancestorsOf(code: string): Division[] {
  const all = getDivisions();
  const out: Division[] = [];
  let cur = all.get(code);
  while (cur && cur.parent !== null) {
    const p = all.get(cur.parent);
    if (!p) break;
    out.push(p);
    cur = p;
  }
  return out;
}

/** The division-code prefix of a region's subtree: 410000 → '41', 410100 → '4101', 410105 → '410105'. */
export function subtreePrefix(region: string): string {
  if (region.endsWith('0000')) return region.slice(0, 2);
  if (region.endsWith('00')) return region.slice(0, 4);
  return region;
}

/** True if `code` is `ancestorOrSelf` or lies beneath it in the hierarchy; false for unknown codes. */
export function isWithin(code: string, ancestorOrSelf: string): boolean {
  if (!getDivisions().has(code)) return false;
  if (code === ancestorOrSelf) return true;
  return ancestorsOf(code).some((d) => d.code === ancestorOrSelf);
}

const fullNames = new Map<string, string>();

/** Full name from the province down, e.g. '河南省郑州市金水区'; undefined for unknown codes. */
export function fullName(code: string): string | undefined {
  // Every answer naming a region asks for it: kept once per code (the list is fixed for the process's life).
  const known = fullNames.get(code);
  if (known !== undefined) return known;
  const d = findDivision(code);
  if (!d) return undefined;
  const name = [...ancestorsOf(code).reverse(), d].map((x) => x.name).join('');
  fullNames.set(code, name);
  return name;
}

/**
 * Every code (all levels, all provinces) in the 2019 GB/T 2260 list, plus the county-level codes of the 2023
 * statistical list: a resident ID keeps the region code it was issued under, so codes created after 2019
 * (410783 长垣市, 410307 偃师区, …) must be accepted too.
 */
export function knownCountyCodes(): ReadonlySet<string> {
  if (!knownCodes) {
    knownCodes = new Set(loadMca().map((r) => r.code));
    zoneCodes = new Set();
    // …but not the statistical functional zones (xxxx7x, e.g. 410171): they are not GB/T 2260 codes and issue no IDs.
    for (const rec of readCsv(join(DIVISIONS_DIR, 'stats-2023', 'areas.csv'))) {
      if (/^\d{4}[0-68-9]\d$/.test(rec.code)) knownCodes.add(rec.code);
      else if (/^\d{4}7\d$/.test(rec.code) && !knownCodes.has(rec.code)) zoneCodes.add(rec.code);
    }
  }
  return knownCodes;
}

/** The statistical functional zones (xxxx7x codes of the 2023 statistical list that are not GB/T 2260 codes). */
function statisticalZoneCodes(): ReadonlySet<string> {
  knownCountyCodes();
  return zoneCodes!;
}

/**
 * County-level codes that were once valid GB/T 2260 codes and are not in the 2019 list (code → name as last listed),
 * from `reference/divisions/retired-county-codes.tsv`. The list is partial (see reference/divisions/README.md):
 * use it to recognise and name a retired code, never to refuse one.
 */
export function retiredCountyCodes(): ReadonlyMap<string, string> {
  if (!retired) {
    const map = new Map<string, string>();
    const lines = readFileSync(join(DIVISIONS_DIR, 'retired-county-codes.tsv'), 'utf8').split(/\r?\n/).slice(1);
    for (const line of lines) {
      const [code, name] = line.split('\t');
      if (code && /^\d{6}$/.test(code.trim())) map.set(code.trim(), (name ?? '').trim());
    }
    retired = map;
  }
  return retired;
}

/** The 2-digit codes of China's province-level divisions (incl. 台湾 71, 香港 81, 澳门 82). */
export const PROVINCE_PREFIXES: ReadonlySet<string> = new Set(
  '11 12 13 14 15 21 22 23 31 32 33 34 35 36 37 41 42 43 44 45 46 50 51 52 53 54 61 62 63 64 65 71 81 82'.split(' '),
);

/**
 * Whether a 6-digit code may be the region of an issued identity number: a code of the current lists, a retired
 * code we know of, or — since the retired list is partial — any other code under a province-level prefix, except
 * the statistical functional zones (410171 …), which are known and issue no IDs.
 * For "where is this now" fields use `checkDivisionCode` instead.
 */
export function isPlausibleIssuingRegion(code: string): boolean {
  if (!/^\d{6}$/.test(code)) return false;
  if (knownCountyCodes().has(code) || retiredCountyCodes().has(code)) return true;
  // A statistical functional zone is known, and known to issue no IDs.
  return !statisticalZoneCodes().has(code) && PROVINCE_PREFIXES.has(code.slice(0, 2));
}

/** Validates a division code against the hierarchy: 6 digits (DIVISION_FORMAT) and known (DIVISION_UNKNOWN). */
export function checkDivisionCode(s: string): Check {
  if (!/^\d{6}$/.test(s)) {
    return fail('DIVISION_FORMAT', '行政区划代码应为 6 位数字', 'A division code must be 6 digits');
  }
  if (!getDivisions().has(s)) {
    return fail('DIVISION_UNKNOWN', `未知的行政区划代码：${s}`, `Unknown division code: ${s}`);
  }
  return OK;
}
