/**
 * The population as the database reads it (population.ts), on every dialect: keyset pages of TSV built by the
 * database hold exactly the spec's bytes (lines in byte order of stratum and USCC, only the rows in scope) however
 * the pages fall, and a reader that stops early leaves its transaction usable.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { migratedDb, testDialects } from '../../kernel/db/testing.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { allMigrations } from '../index.ts';
import { freezeAsync, populationTsv, type Stratum } from './draw/engine.ts';
import { populationPages, type PopulationScope } from './population.ts';
import { inspectionsColumns, type InspectionTargetTable } from './tables.ts';

const dialects = await testDialects();
const AT = '2026-12-01T00:00:00.000Z';

/** Identifiers whose byte order differs from a case-insensitive or locale order ('-' < '.' < digits < ':' < 'A' < '_' < 'a'). */
const IDS = [
  'a1',
  'B2',
  '_x',
  'Z9',
  '9.1',
  '9-1',
  '9:1',
  '0',
  'zz',
  'Zz',
  'aZ',
  'A.b',
  'A-b',
  '91410105MA0001',
  'b',
  'B',
];

function target(n: number, uscc: string, over: Partial<InspectionTargetTable> = {}): InspectionTargetTable {
  const credit = (['A', null, 'C', 'D', 'B'] as const)[n % 5];
  return {
    row_id: `r${n}`,
    uscc,
    enterprise_id: `e${n}`,
    name: `企业${n}`,
    region: '410105',
    industry: 'C13',
    address: '金水区',
    subject_type: 'company',
    credit_class: credit,
    stratum: credit ?? 'B',
    key_supervision: false,
    licences: [],
    valid_from: '2026-01-01T00:00:00.000Z',
    valid_to: null,
    ...over,
  };
}

async function read(k: Kernel, db: Executor, scope: PopulationScope, pageSize: number) {
  const pages: string[] = [];
  for await (const page of populationPages(k, db, scope, pageSize)) pages.push(page);
  return pages;
}

for (const dialect of dialects) {
  test(`[${dialect}] population pages: the spec's bytes in any page size, only the rows in scope`, async () => {
    const db = await migratedDb(dialect, allMigrations());
    db.adapter.columns.declare(inspectionsColumns); // no kernel here to declare it
    try {
      const k = { db: db.db, adapter: db.adapter } as unknown as Kernel;
      const inScope = IDS.map((id, n) => target(n, id));
      const rows = [
        ...inScope,
        target(100, 'other-city', { region: '420100' }),
        target(101, 'not-yet', { valid_from: '2026-12-02T00:00:00.000Z' }),
        target(102, 'a1', { row_id: 'r102-old', valid_to: '2026-06-01T00:00:00.000Z' }), // an earlier version of a1
      ];
      await db.db.insertInto('inspections_targets').values(rows).execute();
      const scope: PopulationScope = { filter: { region: '410100' }, at: AT };
      const expected = populationTsv(inScope.map((t) => ({ stratum: t.stratum as Stratum, targetId: t.uscc })));
      assert.equal(expected.split('\n').length - 1, IDS.length);

      for (const size of [1, 3, 4, IDS.length, 100]) {
        const pages = await read(k, db.db, scope, size);
        assert.equal(pages.join(''), expected, `pages of ${size}`);
        // One stratum per page, each stratum in pages of `size` lines.
        const perStratum = new Map<string, number>();
        for (const line of expected.split('\n').slice(0, -1))
          perStratum.set(line[0], (perStratum.get(line[0]) ?? 0) + 1);
        const want = [...perStratum.values()].reduce((n, lines) => n + Math.ceil(lines / size), 0);
        assert.equal(pages.length, want, `pages of ${size}`);
        assert.ok(pages.every((p) => p.endsWith('\n') && p.split('\n').length - 1 <= size));
        assert.ok(
          pages.every((p) => p.split('\n').every((line) => line === '' || line[0] === p[0])),
          'one stratum a page',
        );
      }
      // The freeze reads the same bytes from pages as from the whole text.
      const frozen = (population: AsyncIterable<string> | string[]) =>
        freezeAsync({
          population,
          pools: [
            { department: 'SAMR', inspectorId: 'i1' },
            { department: 'SAMR', inspectorId: 'i2' },
          ],
          recusals: [],
          departments: ['SAMR'],
          m: 2,
        });
      assert.deepEqual(
        (await frozen(populationPages(k, db.db, scope, 3))).population,
        (await frozen([expected])).population,
      );

      // A task's exclusions leave the population.
      await db.db
        .insertInto('inspections_task_exclusions')
        .values([
          { task_id: 'T1', uscc: 'Z9', reason: 'inspected-within:6' },
          { task_id: 'T1', uscc: 'a1', reason: 'inspected-within:6' },
        ])
        .execute();
      const withoutExcluded = populationTsv(
        inScope
          .filter((t) => t.uscc !== 'Z9' && t.uscc !== 'a1')
          .map((t) => ({ stratum: t.stratum as Stratum, targetId: t.uscc })),
      );
      assert.equal((await read(k, db.db, { ...scope, excludedFor: 'T1' }, 4)).join(''), withoutExcluded);

      // A reader that stops after the first page (the next one already asked for) leaves its transaction usable.
      const count = await db.db.transaction().execute(async (tx) => {
        for await (const page of populationPages(k, tx, scope, 2)) {
          assert.equal(page, expected.split('\n').slice(0, 2).join('\n') + '\n');
          break;
        }
        const r = await sql<{ n: number }>`select count(*) as n from inspections_targets`.execute(tx as Kysely<any>);
        return Number(r.rows[0].n);
      });
      assert.equal(count, rows.length);
    } finally {
      await db.drop();
    }
  });
}
