/**
 * From sheet rows to catalog inputs and back. `parseRows` reads every cell with its column's codec and collects
 * every cell error; `buildElements` assembles an element set from a row (defaults and values derived from other
 * cells, or — for an existing implementation and a column the file leaves out — the stored value); `flatten` turns
 * an item and implementation into the same cells an import reads, so an export re-imports.
 */
import { Compile } from 'typebox/compile';
import { JSON_SCHEMA_2020_12 } from '../form-schema.ts';
import { ElementsSchema, type Elements } from '../elements.ts';
import type {
  CatalogItem,
  Implementation,
  ImplementationSource,
  ItemType,
  LegalCitation,
  Level,
  LicensingListEntry,
  ReformMode,
} from '../model.ts';
import { PROVINCE } from '../convert.ts';
import { ItemBody } from '../schemas.ts';
import { CellError, required } from './cells.ts';
import { COLUMNS, COLUMN_BY_KEY, columnOfHeader, type Column } from './layout.ts';
import type { Sheet } from './files.ts';

export interface RowError {
  /** Spreadsheet row number (the header is row 1). */
  row: number;
  /** The column's key, e.g. `promisedDays`; null when the error concerns no one column. */
  column: string | null;
  code: string;
  message: { zh: string; en: string };
  /** Where inside a list cell, e.g. `materials.2.source.certificateType`. */
  path?: string;
}

export interface ItemValues {
  basicCode: string;
  businessItem: string;
  name: string;
  itemType: ItemType;
  legalBasis: LegalCitation[];
  levels: Level[];
  departmentKind: string;
  reformMode: ReformMode | null;
  licensingLists: LicensingListEntry[];
  parentCode: string | null;
  region: string;
  illustrative: boolean;
}

export interface ParsedRow {
  row: number;
  /** Parsed cells by column key; a key is absent when the file has no such column. */
  cells: Map<string, unknown>;
  /** True when the row fills any implementation column. */
  hasImplementation: boolean;
}

export const rowError = (
  row: number,
  column: string | null,
  code: string,
  zh: string,
  en: string,
  path?: string,
): RowError => ({ row, column, code, message: { zh, en }, ...(path ? { path } : {}) });

/** Maps the header to columns; unknown, duplicate and missing key columns are errors on row 1. */
export function mapHeader(header: string[]): { columns: Array<Column | null>; errors: RowError[] } {
  const errors: RowError[] = [];
  const seen = new Set<string>();
  const columns = header.map((h) => {
    if (!h) return null;
    const c = columnOfHeader(h);
    if (!c) errors.push(rowError(1, h, 'UNKNOWN_COLUMN', `未知的列：${h}`, `Unknown column: ${h}`));
    else if (seen.has(c.key))
      errors.push(rowError(1, c.key, 'DUPLICATE_COLUMN', `列 ${c.key} 重复`, `Column ${c.key} appears twice`));
    else return (seen.add(c.key), c);
    return null;
  });
  if (!seen.has('basicCode'))
    errors.push(
      rowError(1, 'basicCode', 'COLUMN_MISSING', '缺少“基本编码(basicCode)”列', 'The basicCode column is missing'),
    );
  return { columns, errors };
}

/** Reads every cell of every row; returns the rows and every cell error. */
export function parseRows(sheet: Sheet, columns: Array<Column | null>): { rows: ParsedRow[]; errors: RowError[] } {
  const errors: RowError[] = [];
  const rows = sheet.rows.map((r) => {
    const cells = new Map<string, unknown>();
    let hasImplementation = false;
    columns.forEach((c, i) => {
      if (!c) return;
      const raw = r.cells[i] ?? '';
      if (c.part === 'implementation' && raw.trim() && c.key !== 'status') hasImplementation = true;
      try {
        cells.set(c.key, c.codec.parse(raw));
      } catch (e) {
        if (!(e instanceof CellError)) throw e;
        errors.push(rowError(r.row, c.key, e.code, e.zh, e.en));
        cells.set(c.key, undefined);
      }
    });
    return { row: r.row, cells, hasImplementation };
  });
  return { rows, errors };
}

/** A value from the row: undefined when the file lacks the column (or the cell failed), else the parsed value. */
const get = <T>(r: ParsedRow, key: string) => r.cells.get(key) as T | undefined;
const given = <T>(r: ParsedRow, key: string): T | null => (get<T>(r, key) ?? null) as T | null;

/** The item columns of a row, with defaults for optional ones; throws a CellError naming a required column left out. */
export function itemValues(r: ParsedRow): ItemValues {
  const need = <T>(key: string): T => {
    const v = get<T>(r, key);
    if (v === undefined || v === null) throw Object.assign(required(), { column: key });
    return v;
  };
  return {
    basicCode: need<string>('basicCode').toUpperCase(),
    businessItem: get<string>(r, 'businessItem') ?? '00',
    name: need('name'),
    itemType: Number(need('itemType')) as ItemType,
    legalBasis: get(r, 'legalBasis') ?? [],
    levels: need('levels'),
    departmentKind: need('departmentKind'),
    reformMode: given(r, 'reformMode'),
    licensingLists: get(r, 'licensingLists') ?? [],
    parentCode: given(r, 'parentCode'),
    region: given(r, 'itemRegion') ?? PROVINCE,
    illustrative: get<boolean>(r, 'itemIllustrative') ?? false,
  };
}

/** The item columns the file has, for comparing a row with a stored item. */
export const itemColumnsGiven = (r: ParsedRow) =>
  COLUMNS.filter((c) => c.part === 'item' && r.cells.has(c.key)).map((c) => c.key);

/** The empty application form: an object schema without fields (the rubric marks it). */
export const EMPTY_FORM = { $schema: JSON_SCHEMA_2020_12, type: 'object', properties: {} };

/**
 * The element set of a row. A cell that is empty takes its default or is derived from another cell (办件类型 from
 * the promised limit, 是否收费 from the fee items, 到现场次数 0 when fully online); a column the file leaves out
 * keeps `base`'s value when updating an existing implementation.
 */
export function buildElements(r: ParsedRow, base: Elements | null): Elements {
  const v = <T>(key: string, fromBase: (b: Elements) => T, fallback: () => T): T => {
    const x = get<T>(r, key);
    if (x !== undefined && x !== null) return x;
    if (base && !r.cells.has(key)) return fromBase(base);
    return fallback();
  };
  const promisedDays = v<number | null>(
    'promisedDays',
    (b) => b.promisedDays,
    () => null,
  );
  if (promisedDays === null) throw Object.assign(required(), { column: 'promisedDays' });
  const items = v(
    'feeItems',
    (b) => b.fees.items,
    () => [],
  );
  const fullyOnline = v(
    'fullyOnline',
    (b) => b.onlineDepth.fullyOnline,
    () => false,
  );
  const inPersonVisits = v<number | null>(
    'inPersonVisits',
    (b) => b.onlineDepth.inPersonVisits,
    () => (fullyOnline ? 0 : null),
  );
  if (inPersonVisits === null)
    throw Object.assign(
      new CellError(
        'CELL_REQUIRED',
        '非全程网办须填写到现场次数',
        'State the in-person visits of an item that is not fully online',
      ),
      { column: 'inPersonVisits' },
    );
  return {
    entrustedBody: v(
      'entrustedBody',
      (b) => b.entrustedBody,
      () => null,
    ),
    acceptanceConditions: v(
      'acceptanceConditions',
      (b) => b.acceptanceConditions,
      () => [],
    ),
    materials: v(
      'materials',
      (b) => b.materials,
      () => [],
    ),
    statutoryDays: v(
      'statutoryDays',
      (b) => b.statutoryDays,
      () => null,
    ),
    promisedDays,
    handlingKind: v(
      'handlingKind',
      (b) => b.handlingKind,
      () => (promisedDays === 0 ? 'immediate' : 'promised'),
    ),
    fees: {
      charged: v(
        'feesCharged',
        (b) => b.fees.charged,
        () => items.length > 0,
      ),
      basis: v(
        'feesBasis',
        (b) => b.fees.basis,
        () => null,
      ),
      items,
      reductions: v(
        'feeReductions',
        (b) => b.fees.reductions,
        () => [],
      ),
    },
    serviceObjects: v(
      'serviceObjects',
      (b) => b.serviceObjects,
      () => [],
    ),
    channels: v(
      'channels',
      (b) => b.channels,
      () => [],
    ),
    onlineDepth: { fullyOnline, inPersonVisits },
    places: v(
      'places',
      (b) => b.places,
      () => [],
    ),
    contacts: {
      consultation: v(
        'consultation',
        (b) => b.contacts.consultation,
        () => [],
      ),
      complaint: v(
        'complaint',
        (b) => b.contacts.complaint,
        () => [],
      ),
    },
    result: {
      kind: v(
        'resultKind',
        (b) => b.result.kind,
        () => 'none',
      ),
      name: v(
        'resultName',
        (b) => b.result.name,
        () => null,
      ),
      certificateType: v(
        'resultCertificateType',
        (b) => b.result.certificateType,
        () => null,
      ),
      sample: v(
        'resultSample',
        (b) => b.result.sample,
        () => null,
      ),
    },
    resultValidity: v(
      'validity',
      (b) => b.resultValidity,
      () => ({ kind: 'none', value: null, unit: null }),
    ),
    quantityLimit: v(
      'quantityLimit',
      (b) => b.quantityLimit,
      () => ({ limited: false, description: null }),
    ),
    handleAnywhere: v(
      'handleAnywhere',
      (b) => b.handleAnywhere,
      () => [],
    ),
    intermediaryServices: v(
      'intermediaryServices',
      (b) => b.intermediaryServices,
      () => [],
    ),
    process: v(
      'process',
      (b) => b.process,
      () => [],
    ),
    form: v(
      'form',
      (b) => b.form,
      () => EMPTY_FORM,
    ),
  };
}

export function sourceOf(r: ParsedRow): ImplementationSource | null {
  const list = given<string>(r, 'sourceList');
  if (!list) return null;
  return {
    list,
    department: given(r, 'sourceDepartment'),
    mainItem: given(r, 'sourceMainItem'),
    url: given(r, 'sourceUrl'),
  };
}

/** Element paths (as services name them, without `elements.`) that a column other than the top-level key holds. */
const ELEMENT_COLUMN: Record<string, string> = {
  'fees.charged': 'feesCharged',
  'fees.basis': 'feesBasis',
  'fees.items': 'feeItems',
  'fees.reductions': 'feeReductions',
  fees: 'feeItems',
  'onlineDepth.fullyOnline': 'fullyOnline',
  'onlineDepth.inPersonVisits': 'inPersonVisits',
  onlineDepth: 'inPersonVisits',
  'contacts.consultation': 'consultation',
  'contacts.complaint': 'complaint',
  contacts: 'consultation',
  'result.kind': 'resultKind',
  'result.name': 'resultName',
  'result.certificateType': 'resultCertificateType',
  'result.sample': 'resultSample',
  result: 'resultKind',
  resultValidity: 'validity',
};

/** The column holding an element path such as `materials.2.source` or `fees.items.0.amountFen`. */
export function columnOfElement(path: string): string {
  const segs = path.split('.');
  const two = segs.slice(0, 2).join('.');
  return ELEMENT_COLUMN[two] ?? ELEMENT_COLUMN[segs[0]] ?? (COLUMN_BY_KEY.has(segs[0]) ? segs[0] : 'promisedDays');
}

/** Item service fields → columns (where the names differ). */
export const ITEM_FIELD_COLUMN: Record<string, string> = {
  parentId: 'parentCode',
  region: 'itemRegion',
  illustrative: 'itemIllustrative',
  version: 'basicCode',
};

type Validator = ReturnType<typeof Compile>;
let validators: { item: Validator; elements: Validator } | undefined;
/** The HTTP API's own schemas, compiled once (a 1,000-row import checks each row twice). */
const compiled = () => (validators ??= { item: Compile(ItemBody), elements: Compile(ElementsSchema) });

function schemaErrors(row: number, validator: Validator, value: unknown, column: (path: string) => string): RowError[] {
  if (validator.Check(value)) return [];
  const out: RowError[] = [];
  const seen = new Set<string>();
  for (const e of validator.Errors(value)) {
    const path = e.instancePath.replace(/^\//, '').replace(/\//g, '.');
    const col = column(path);
    if (seen.has(col)) continue; // one error per column is enough to fix it
    seen.add(col);
    out.push(
      rowError(
        row,
        col,
        'CELL_INVALID',
        `值不符合要求：${path || col} ${e.message}`,
        `Invalid value at ${path || col}: ${e.message}`,
        path || undefined,
      ),
    );
  }
  return out;
}

/** Schema checks of an item as the HTTP API would make them. */
export function itemSchemaErrors(row: number, v: ItemValues): RowError[] {
  const { parentCode: _p, ...body } = v;
  return schemaErrors(row, compiled().item, body, (p) => ITEM_FIELD_COLUMN[p.split('.')[0]] ?? p.split('.')[0]);
}

/** Schema checks of an element set (a JSON cell can hold anything). */
export function elementSchemaErrors(row: number, e: Elements): RowError[] {
  return schemaErrors(row, compiled().elements, e, columnOfElement);
}

/** The cells of one implementation (or of an item alone), as an import reads them. */
export function flatten(
  item: CatalogItem,
  parentCode: string | null,
  impl: Implementation | null,
): Map<string, unknown> {
  const m = new Map<string, unknown>([
    ['basicCode', item.basicCode],
    ['businessItem', item.businessItem],
    ['name', item.name],
    ['itemType', String(item.itemType)],
    ['legalBasis', item.legalBasis],
    ['levels', item.levels],
    ['departmentKind', item.departmentKind],
    ['reformMode', item.reformMode],
    ['licensingLists', item.licensingLists],
    ['parentCode', parentCode],
    ['itemRegion', item.region],
    ['itemIllustrative', item.illustrative],
  ]);
  if (!impl) return m;
  const e = impl.elements;
  const s = impl.source;
  const values: Array<[string, unknown]> = [
    ['code', impl.code],
    ['departmentCode', impl.department.code],
    ['effectiveFrom', impl.effectiveFrom],
    ['status', impl.status],
    ['illustrative', impl.illustrative],
    ['sourceCode', impl.sourceCode],
    ['sourceList', s?.list ?? null],
    ['sourceDepartment', s?.department ?? null],
    ['sourceMainItem', s?.mainItem ?? null],
    ['sourceUrl', s?.url ?? null],
    ['entrustedBody', e.entrustedBody],
    ['acceptanceConditions', e.acceptanceConditions],
    ['materials', e.materials],
    ['statutoryDays', e.statutoryDays],
    ['promisedDays', e.promisedDays],
    ['handlingKind', e.handlingKind],
    ['feesCharged', e.fees.charged],
    ['feesBasis', e.fees.basis],
    ['feeItems', e.fees.items],
    ['feeReductions', e.fees.reductions],
    ['serviceObjects', e.serviceObjects],
    ['channels', e.channels],
    ['fullyOnline', e.onlineDepth.fullyOnline],
    ['inPersonVisits', e.onlineDepth.inPersonVisits],
    ['places', e.places],
    ['consultation', e.contacts.consultation],
    ['complaint', e.contacts.complaint],
    ['resultKind', e.result.kind],
    ['resultName', e.result.name],
    ['resultCertificateType', e.result.certificateType],
    ['resultSample', e.result.sample],
    ['validity', e.resultValidity],
    ['quantityLimit', e.quantityLimit],
    ['handleAnywhere', e.handleAnywhere],
    ['intermediaryServices', e.intermediaryServices],
    ['process', e.process],
    ['form', e.form],
  ];
  for (const [k, v] of values) m.set(k, v);
  return m;
}

/** Cell texts in column order. */
export function cellsOf(values: Map<string, unknown>): string[] {
  return COLUMNS.map((c) => (values.has(c.key) ? c.codec.format(values.get(c.key)) : ''));
}
