/**
 * Cell codecs of the import layout: how one spreadsheet cell is read into a value and written back. The syntax is
 * meant for clerks in Excel: lists are one entry per line (Alt+Enter), an entry's parts are separated by `|`, sets
 * by `、` or `,`, and every code may be written as its Chinese name (窗口, 承诺件, 证照:DEMO.YYZZ …). Any list cell
 * may instead hold JSON (starting with `[` or `{`), which is also what an export writes when the line syntax
 * could not say the value exactly. A codec throws `CellError`; the importer reports it with row and column.
 */
import { canonicalJson } from '../../../kernel/audit.ts';

export class CellError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
  ) {
    super(en);
  }
}

export interface Codec<T> {
  /** Reads a cell; '' is an empty cell. */
  parse(text: string): T;
  /** Writes a value as cell text. */
  format(value: T): string;
}

const bad = (zh: string, en: string, code = 'CELL_INVALID') => new CellError(code, zh, en);
export const required = () => new CellError('CELL_REQUIRED', '此列必填', 'This column is required');

/** Non-empty trimmed lines of a cell. */
export const lines = (text: string) =>
  text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter(Boolean);
/** The `|`-separated parts of a line, trimmed. */
const parts = (line: string) => line.split('|').map((p) => p.trim());
/** Set members separated by 、 , ， ; ； or line breaks. */
const members = (text: string) =>
  text
    .split(/[、,，;；\r\n]+/)
    .map((m) => m.trim())
    .filter(Boolean);

/** Reads JSON from a cell that starts with [ or {; a bad JSON cell is a CELL_JSON_INVALID error. */
function jsonCell(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch (e) {
    throw bad(`JSON 格式错误：${(e as Error).message}`, `Malformed JSON: ${(e as Error).message}`, 'CELL_JSON_INVALID');
  }
}
const looksJson = (t: string) => t.startsWith('[') || t.startsWith('{');

/**
 * Wraps a codec so a cell may hold JSON instead, and so an export falls back to JSON whenever the cell syntax would
 * not read back as the same value (a name containing `|`, a form with keywords the line syntax lacks).
 */
export function withJson<T>(c: Codec<T>): Codec<T> {
  return {
    parse: (text) => (looksJson(text.trim()) ? (jsonCell(text.trim()) as T) : c.parse(text)),
    format(v) {
      try {
        const s = c.format(v);
        if (!looksJson(s) && canonicalJson(c.parse(s)) === canonicalJson(v)) return s;
      } catch {
        /* falls back to JSON */
      }
      return JSON.stringify(v);
    },
  };
}

export const text = (opts: { required?: boolean } = {}): Codec<string | null> => ({
  parse: (t) => {
    const v = t.trim();
    if (!v && opts.required) throw required();
    return v || null;
  },
  format: (v) => v ?? '',
});

export const integer = (opts: { required?: boolean; min?: number } = {}): Codec<number | null> => ({
  parse(t) {
    const v = t.trim().replace(/(个)?(工作日|日|天)$/, '');
    if (!v) {
      if (opts.required) throw required();
      return null;
    }
    if (!/^-?\d+$/.test(v)) throw bad(`须为整数：${t}`, `Not a whole number: ${t}`);
    return Number(v);
  },
  format: (v) => (v === null ? '' : String(v)),
});

const TRUE = new Set(['是', 'true', 'yes', 'y', '1', '√']);
const FALSE = new Set(['否', 'false', 'no', 'n', '0', '×']);
export const bool = (fallback: boolean | null): Codec<boolean | null> => ({
  parse(t) {
    const v = t.trim().toLowerCase();
    if (!v) return fallback;
    if (TRUE.has(v)) return true;
    if (FALSE.has(v)) return false;
    throw bad(`须为“是”或“否”：${t}`, `Must be 是 (yes) or 否 (no): ${t}`);
  },
  format: (v) => (v === null ? '' : v ? '是' : '否'),
});

/** A code with Chinese aliases; `names[code][0]` is what an export writes. */
export function enumOf<T extends string>(
  names: Record<T, readonly string[]>,
  opts: { required?: boolean; what: string },
): Codec<T | null> {
  const lookup = new Map<string, T>();
  for (const [code, aliases] of Object.entries(names) as Array<[T, string[]]>)
    for (const a of [code, ...aliases]) lookup.set(a.toLowerCase(), code);
  return {
    parse(t) {
      const v = t.trim();
      if (!v) {
        if (opts.required) throw required();
        return null;
      }
      const code = lookup.get(v.toLowerCase());
      if (!code)
        throw bad(
          `未知的${opts.what}：${v}（可填：${Object.values<readonly string[]>(names)
            .map((a) => a[0])
            .join('、')}）`,
          `Unknown ${opts.what}: ${v} (allowed: ${Object.keys(names).join(', ')})`,
          'CELL_UNKNOWN_CODE',
        );
      return code;
    },
    format: (v) => (v === null ? '' : names[v][0]),
  };
}

/** A set of codes: `窗口、网上` or `window,online`. */
export function setOf<T extends string>(one: Codec<T | null>): Codec<T[]> {
  return {
    parse: (t) => {
      const out = members(t).map((m) => one.parse(m)!);
      return [...new Set(out)];
    },
    format: (v) => v.map((x) => one.format(x)).join('、'),
  };
}

/** One string per line. */
export const textLines: Codec<string[]> = withJson({ parse: lines, format: (v) => v.join('\n') });

/** A list of `|`-separated entries, one per line; `fields` reads one line's parts (with its 1-based line number). */
export function entries<T>(
  read: (p: string[], line: number) => T,
  write: (v: T) => Array<string | null>,
  maxParts: number,
): Codec<T[]> {
  return withJson({
    parse: (t) =>
      lines(t).map((l, i) => {
        const p = parts(l);
        if (p.length > maxParts)
          throw bad(
            `第 ${i + 1} 行最多 ${maxParts} 段（以 | 分隔）`,
            `Line ${i + 1} has more than ${maxParts} parts (separated by |)`,
          );
        return read(p, i + 1);
      }),
    format(v) {
      return v
        .map((e) => {
          const p = write(e).map((x) => x ?? '');
          while (p.length > 1 && p[p.length - 1] === '') p.pop();
          return p.join(' | ');
        })
        .join('\n');
    },
  });
}

/** Part `i` of a line, trimmed; null when empty. */
export const part = (p: string[], i: number) => (p[i] ?? '').trim() || null;

export function partRequired(p: string[], i: number, line: number, what: string): string {
  const v = part(p, i);
  if (!v) throw bad(`第 ${line} 行缺少${what}`, `Line ${line} lacks its ${what}`);
  return v;
}

/** A calendar date: 2026-01-01, 2026/1/1 (as Excel may re-save it) or 2026年1月1日. */
export const date = (opts: { required?: boolean } = {}): Codec<string | null> => ({
  parse(t) {
    const v = t.trim();
    if (!v) {
      if (opts.required) throw required();
      return null;
    }
    const m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(v);
    if (!m) throw bad(`日期格式应为 YYYY-MM-DD：${v}`, `A date is YYYY-MM-DD: ${v}`);
    return `${m[1]}-${m[2].padStart(2, '0')}-${m[3].padStart(2, '0')}`;
  },
  format: (v) => v ?? '',
});

/** Money in 元 with at most two decimals (80, 550.00) → integer fen. */
export function yuanToFen(t: string, line: number): number {
  const m = /^(\d{1,10})(?:\.(\d{1,2}))?\s*元?$/.exec(t.trim());
  if (!m)
    throw bad(
      `第 ${line} 行金额应为元，最多两位小数：${t}`,
      `Line ${line}: an amount is in yuan with at most two decimals: ${t}`,
    );
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export const fenToYuan = (fen: number) => (fen % 100 === 0 ? String(fen / 100) : (fen / 100).toFixed(2));
