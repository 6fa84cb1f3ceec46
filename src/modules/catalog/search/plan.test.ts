/**
 * "Never a full scan": the database's own plan for a search, on every dialect, over an index of 6 000 rows spread
 * over Henan's regions as real lists are, in which the frequent word (许可证) is in 40 % of the titles. That is big
 * enough for PostgreSQL's planner, left to itself (sequential scans allowed: disabling them would prove nothing), to
 * weigh a sequential scan against the GIN index and pick the index. SQLite must read the FTS5 table and reach the
 * index rows by primary key only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql, type Kysely } from 'kysely';
import { migratedDb, testDialects } from '../../../kernel/db/testing.ts';
import { allMigrations } from '../../index.ts';
import { catalogColumns } from '../tables.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { prng } from '../../../../bench/harness.ts';
import { childrenOf } from '../../../kernel/reference/divisions.ts';
import { allocateSeqs, buildIndexRow, type IndexSource } from './indexer.ts';
import { searchImplementations, searchStatements, type SearchQuery } from './search.ts';

const dialects = await testDialects();
const ROWS = 6000;
const CITIES = childrenOf('410000').map((d) => d.code);
const COUNTIES = CITIES.flatMap((c) => childrenOf(c).map((d) => d.code));

/** Province 4 %, cities 26 %, counties 70 %, as in a real province's lists. */
function regionOf(rnd: () => number): string {
  const r = rnd();
  return r < 0.04
    ? '410000'
    : r < 0.3
      ? CITIES[Math.floor(rnd() * CITIES.length)]
      : COUNTIES[Math.floor(rnd() * COUNTIES.length)];
}

function source(n: number, rnd: () => number): IndexSource {
  const rare = n % 2000 === 7;
  const region = rare ? '410000' : regionOf(rnd);
  const name = rare ? '气瓶充装许可' : rnd() < 0.4 ? `食品经营许可证核发${n % 50}` : `居民户口迁移登记${n % 50}`;
  const itemType = name.includes('许可') ? 1 : 7;
  const id = rnd() < 0.5 ? '申请人居民身份证' : '户口簿';
  return {
    implementationId: `plan-${n}`,
    version: 3,
    itemId: `item-${n % 50}`,
    code: `C${n}`,
    basicCode: `410P${n}`,
    name,
    itemType,
    departmentCode: `${region}-SCJG`,
    departmentName: '市场监督管理局',
    departmentKind: 'SCJG',
    region,
    handlingKind: 'promised',
    promisedDays: 5,
    illustrative: true,
    lifeEvents: [],
    resultName: null,
    text: `${id}\n营业执照\n申请书\n受理\n审查\n决定`,
  };
}

async function seed(k: Pick<Kernel, 'db' | 'adapter'>): Promise<void> {
  const rnd = prng(3);
  const first = await allocateSeqs(k.db, ROWS);
  const rows = Array.from({ length: ROWS }, (_, n) =>
    buildIndexRow(k.adapter, source(n, rnd), first + n, new Date('2026-12-01T00:00:00Z')),
  );
  await k.db.transaction().execute(async (tx) => {
    for (let i = 0; i < rows.length; i += 500)
      await tx
        .insertInto('catalog_search_index')
        .values(rows.slice(i, i + 500))
        .execute();
  });
  await sql`analyze`.execute(k.db);
}

for (const dialect of dialects) {
  test(`[${dialect}] a search reads the full-text index, never scans the table (frequent and rare words, filters)`, async () => {
    const db = await migratedDb(dialect, allMigrations());
    db.adapter.columns.declare(catalogColumns); // no kernel here to declare it
    try {
      await seed(db);
      const k = { db: db.db, adapter: db.adapter } as unknown as Kernel;
      const queries: SearchQuery[] = [
        { q: '许可证', region: '410105', limit: 20 },
        { q: '气瓶充装', region: '410105', limit: 20 },
        { q: '身份证', region: '410302', itemType: 1, limit: 20 },
      ];
      for (const query of queries) {
        const page = await searchImplementations(
          k,
          {
            principal: {
              id: 'anonymous',
              kind: 'anonymous',
              name: 'anonymous',
              roles: [],
              region: null,
              department: null,
            },
            requestId: null,
            now: new Date(),
          },
          query,
        );
        assert.ok(page.items.length > 0, `${query.q} finds something`);
        for (const stmt of searchStatements(k, query)) {
          if (dialect === 'sqlite') {
            const plan = (
              await sql<{ detail: string }>`explain query plan ${stmt}`.execute(db.db as Kysely<any>)
            ).rows.map((r) => r.detail);
            assert.ok(
              plan.some((d) => /catalog_search_index_fts VIRTUAL TABLE INDEX/.test(d)),
              plan.join('\n'),
            );
            assert.ok(
              plan.some((d) => /SEARCH i USING INTEGER PRIMARY KEY/.test(d)),
              plan.join('\n'),
            );
            assert.ok(
              !plan.some((d) => /^SCAN (i|catalog_search_index)\b(?! VIRTUAL)/.test(d)),
              `no table scan:\n${plan.join('\n')}`,
            );
          } else {
            const plan = (await sql<{ 'QUERY PLAN': string }>`explain ${stmt}`.execute(db.db as Kysely<any>)).rows
              .map((r) => r['QUERY PLAN'])
              .join('\n');
            assert.match(plan, /Bitmap Index Scan on catalog_search_index_fts_gin/, plan);
            assert.doesNotMatch(plan, /Seq Scan on catalog_search_index/, plan);
          }
        }
      }
    } finally {
      await db.drop();
    }
  });
}
