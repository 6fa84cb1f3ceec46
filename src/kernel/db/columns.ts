/**
 * JSON and boolean columns, converted in one place. SQLite stores JSON as text and booleans as 0/1; PostgreSQL has
 * jsonb and boolean. Code reads and writes plain values (`elements: Elements`, `active: boolean`) and this plugin,
 * installed on every database handle (connect.ts), converts them:
 *
 * - writes: a value for a declared JSON column of the table inserted into or updated is serialized (on both dialects:
 *   pg would send a JS array as a PostgreSQL array, and a string as text that is not JSON). A JS null is JSON null,
 *   as `JSON.stringify` has it; leave a nullable JSON column out to store SQL NULL. On SQLite every boolean parameter
 *   is bound as 1/0 by the connection (`adaptedStatement` in connect.ts), wherever it is: values, `set`, `where`.
 * - reads, SQLite only (pg returns jsonb parsed and booleans as booleans): a result column named like a declared
 *   column of a table the query selects from (or joins, or inserts into, updates or deletes from, for `returning`) is
 *   parsed or made a boolean. A raw `sql` query names no table: its columns are matched by name against every
 *   declared column, so a raw query must not return another column under such a name (`kernel_calendar_years.source`
 *   is text while `catalog_implementations.source` is JSON). Subqueries in `from` and CTEs are not converted.
 *
 * Each owner declares its tables' columns: the kernel here (`KERNEL_COLUMNS`), each module in `ModuleDef.columns`
 * (createKernel adds them). `columns.test.ts` holds the declarations to the real schema. Bulk inserts (bulk.ts) bind
 * values themselves and convert them with `storer`.
 */
import {
  AliasNode,
  ColumnNode,
  DeleteQueryNode,
  InsertQueryNode,
  SelectQueryNode,
  TableNode,
  UpdateQueryNode,
  ValueListNode,
  ValuesNode,
  PrimitiveValueListNode,
  RawNode,
  type ColumnUpdateNode,
  type KyselyPlugin,
  type OperationNode,
  type PluginTransformQueryArgs,
  type PluginTransformResultArgs,
  type QueryId,
  type QueryResult,
  type RootOperationNode,
  type UnknownRow,
} from 'kysely';

/** The JSON and boolean columns of some tables: `{ catalog_items: { json: ['levels'], bool: ['illustrative'] } }`. */
export type StoredColumnKinds = Record<string, { json?: readonly string[]; bool?: readonly string[] }>;

type Kind = 'json' | 'bool';
type Kinds = ReadonlyMap<string, Kind>;

/** The kernel's own JSON and boolean columns (kernel-tables.ts, auth/accounts.ts, audit-checkpoints.ts). */
export const KERNEL_COLUMNS: StoredColumnKinds = {
  kernel_idempotency: { json: ['response_body'] },
  kernel_calendar_years: { json: ['days'] },
  kernel_deadlines: { json: ['pauses'], bool: ['provisional'] },
  kernel_outbox: { json: ['payload'] },
  kernel_webhooks: { json: ['event_types'], bool: ['active'] },
  kernel_jobs: { json: ['payload'] },
  kernel_office_hours: { json: ['periods'] },
  kernel_accounts: { json: ['roles'], bool: ['demo'] },
  kernel_audit_checkpoints: { json: ['heads'] },
};

export class StoredColumns implements KyselyPlugin {
  readonly #tables = new Map<string, Map<string, Kind>>();
  /** Every declared column by name alone, for raw queries (a name declared with both kinds is left out). */
  readonly #byName = new Map<string, Kind | null>();
  /** SQLite: the declared columns of the tables each running query reads, by query. */
  readonly #reads = new WeakMap<QueryId, Kinds[]>();

  constructor(readonly dialect: 'sqlite' | 'postgres') {}

  declare(kinds: StoredColumnKinds | undefined): this {
    for (const [table, { json = [], bool = [] }] of Object.entries(kinds ?? {})) {
      const cols = this.#tables.get(table) ?? new Map<string, Kind>();
      for (const [kind, names] of [
        ['json', json],
        ['bool', bool],
      ] as const) {
        for (const c of names) {
          cols.set(c, kind);
          const had = this.#byName.get(c);
          this.#byName.set(c, had === undefined || had === kind ? kind : null);
        }
      }
      this.#tables.set(table, cols);
    }
    return this;
  }

  kindOf(table: string, column: string): Kind | undefined {
    return this.#tables.get(table)?.get(column);
  }

  /** How a value for `table.column` is stored, or null when as it is (for bulk inserts, which skip the plugin). */
  storer(table: string, column: string): ((value: unknown) => unknown) | null {
    const kind = this.kindOf(table, column);
    return kind === 'json' ? (v) => (v === undefined ? v : JSON.stringify(v)) : null;
  }

  transformQuery({ node, queryId }: PluginTransformQueryArgs): RootOperationNode {
    let out: RootOperationNode = node;
    let tables: OperationNode[] = [];
    if (InsertQueryNode.is(node)) {
      if (node.into) tables = [node.into];
      const kinds = this.#kindsOf(node.into);
      if (kinds) out = insert(node, kinds);
    } else if (UpdateQueryNode.is(node)) {
      if (node.table) tables = [node.table];
      const kinds = this.#kindsOf(node.table);
      if (kinds && node.updates) out = { ...node, updates: updates(node.updates, kinds) };
    } else if (SelectQueryNode.is(node) || DeleteQueryNode.is(node)) {
      tables = [...(node.from?.froms ?? []), ...(node.joins ?? []).map((j) => j.table)];
    }
    if (this.dialect !== 'sqlite') return out;
    const reads: Kinds[] = RawNode.is(node) ? [this.#byName as Kinds] : []; // null (both kinds) converts nothing;
    for (const t of tables) {
      const kinds = this.#kindsOf(t);
      if (kinds) reads.push(kinds);
    }
    if (reads.length) this.#reads.set(queryId, reads);
    return out;
  }

  async transformResult({ result, queryId }: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    return this.convertResult(queryId, result);
  }

  /** `transformResult`, synchronously (prepared queries run directly on SQLite: prepared.ts). */
  convertResult<R extends QueryResult<unknown>>(queryId: QueryId, result: R): R {
    const reads = this.dialect === 'sqlite' ? this.#reads.get(queryId) : undefined;
    const rows = result.rows as UnknownRow[];
    if (!reads || !rows.length) return result;
    // Every row has the first row's keys: decide once per result, then touch only the converted columns.
    const json: string[] = [];
    const bool: string[] = [];
    for (const key in rows[0]) {
      let kind: Kind | undefined;
      for (const r of reads) if ((kind = r.get(key))) break;
      if (kind === 'json') json.push(key);
      else if (kind === 'bool') bool.push(key);
    }
    for (const row of rows) {
      for (const c of json) if (typeof row[c] === 'string') row[c] = JSON.parse(row[c] as string);
      for (const c of bool) if (row[c] !== null) row[c] = row[c] === 1 || row[c] === true;
    }
    return result;
  }

  /** The declared columns of a table node (aliased or not), if any. */
  #kindsOf(node: OperationNode | undefined): Kinds | undefined {
    if (node && AliasNode.is(node)) node = node.node;
    return node && TableNode.is(node) ? this.#tables.get(node.table.identifier.name) : undefined;
  }
}

function insert(node: InsertQueryNode, kinds: Kinds): InsertQueryNode {
  const columns = node.columns?.map((c) => c.column.name) ?? [];
  let values = node.values;
  if (values && ValuesNode.is(values) && columns.some((c) => kinds.get(c) === 'json')) {
    values = ValuesNode.create(
      values.values.map((row) =>
        PrimitiveValueListNode.is(row)
          ? PrimitiveValueListNode.create(row.values.map((v, i) => json(kinds, columns[i], v)))
          : ValueListNode.create(row.values.map((v, i) => jsonNode(kinds, columns[i], v))),
      ),
    );
  }
  const onConflict = node.onConflict?.updates && {
    ...node.onConflict,
    updates: updates(node.onConflict.updates, kinds),
  };
  return { ...node, values, ...(onConflict && { onConflict }) };
}

function updates(list: readonly ColumnUpdateNode[], kinds: Kinds): readonly ColumnUpdateNode[] {
  return list.map((u) =>
    ColumnNode.is(u.column) ? { ...u, value: jsonNode(kinds, u.column.column.name, u.value) } : u,
  );
}

function json(kinds: Kinds, column: string, value: unknown): unknown {
  return kinds.get(column) === 'json' && value !== undefined ? JSON.stringify(value) : value;
}

function jsonNode(kinds: Kinds, column: string, node: OperationNode): OperationNode {
  if (node.kind !== 'ValueNode' || kinds.get(column) !== 'json') return node;
  const v = (node as unknown as { value: unknown }).value;
  return v === undefined ? node : ({ ...node, value: JSON.stringify(v) } as OperationNode);
}
