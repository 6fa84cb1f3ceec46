/**
 * Catalog search at scale: top-20 search latency over N synthetic implementations' index rows, for a query set of
 * the most frequent terms (许可证, 营业执照, 身份证, 不动产), rare ones and 2-character ones, beside a primary-key lookup
 * of the same index table in the same run; and, for the frequent terms, the naive alternative (rank every match by
 * bm25 / ts_rank) so the docs can say what the key-ordered ranking saves.
 */
import { sql, type Kysely } from 'kysely';
import type { BenchContext, Measurement, Scenario } from '../harness.ts';
import { bulkInsert, latencyPercentiles, prng } from '../harness.ts';
import { childrenOf, fullName } from '../../src/kernel/reference/divisions.ts';
import { systemCtx } from '../../src/kernel/context.ts';
import {
  allocateSeqs,
  buildIndexRow,
  searchImplementations,
  type IndexSource,
  type LifeEvent,
} from '../../src/modules/catalog/index.ts';
import { applicableRegions, searchStatements, type SearchQuery } from '../../src/modules/catalog/search/search.ts';
import { SEARCH_FULL_TEXT } from '../../src/modules/catalog/search/tables.ts';
import { queryWords } from '../../src/modules/catalog/search/segment.ts';

const DEPARTMENTS: Array<[kind: string, name: string]> = [
  ['SCJG', '市场监督管理局'],
  ['WJ', '卫生健康委员会'],
  ['RS', '人力资源和社会保障局'],
  ['ZRZY', '自然资源和规划局'],
  ['ZJ', '住房和城乡建设局'],
  ['GA', '公安局'],
  ['JY', '教育局'],
  ['MZ', '民政局'],
  ['JT', '交通运输局'],
  ['NY', '农业农村局'],
  ['HB', '生态环境局'],
  ['WH', '文化广电和旅游局'],
  ['YJ', '应急管理局'],
  ['SL', '水利局'],
  ['GJJ', '住房公积金管理中心'],
  ['YB', '医疗保障局'],
];

/** Subjects with their department and a weight: common ones often, rare ones (气瓶充装, 渔业捕捞 …) seldom. */
const SUBJECTS: Array<[subject: string, dept: number, weight: number]> = [
  ['食品经营', 0, 30],
  ['食品生产', 0, 12],
  ['药品零售企业', 0, 10],
  ['医疗器械经营', 0, 8],
  ['特种设备使用', 0, 6],
  ['企业设立', 0, 25],
  ['个体工商户', 0, 20],
  ['营业执照', 0, 12],
  ['农民专业合作社', 0, 6],
  ['股权出质', 0, 3],
  ['气瓶充装', 0, 1],
  ['医疗机构执业', 1, 10],
  ['医师执业', 1, 10],
  ['护士执业', 1, 8],
  ['公共场所卫生', 1, 12],
  ['饮用水供水单位卫生', 1, 3],
  ['母婴保健技术服务', 1, 3],
  ['社会保障卡', 2, 12],
  ['养老保险待遇', 2, 12],
  ['失业保险金', 2, 8],
  ['工伤认定', 2, 6],
  ['人力资源服务', 2, 4],
  ['劳务派遣经营', 2, 4],
  ['不动产首次', 3, 10],
  ['不动产转移', 3, 12],
  ['不动产抵押', 3, 10],
  ['建设工程规划', 3, 6],
  ['林木采伐', 3, 2],
  ['建筑工程施工', 4, 10],
  ['商品房预售', 4, 5],
  ['燃气经营', 4, 4],
  ['居民身份证', 5, 12],
  ['户口迁移', 5, 10],
  ['出生', 5, 8],
  ['机动车驾驶证', 5, 10],
  ['民办学校办学', 6, 4],
  ['教师资格', 6, 6],
  ['婚姻', 7, 10],
  ['最低生活保障', 7, 6],
  ['残疾人两项补贴', 7, 4],
  ['道路运输经营', 8, 8],
  ['出租汽车经营', 8, 4],
  ['种子生产经营', 9, 3],
  ['农药经营', 9, 4],
  ['渔业捕捞', 9, 1],
  ['兽药经营', 9, 2],
  ['排污', 10, 6],
  ['旅行社经营', 11, 4],
  ['娱乐场所经营', 11, 4],
  ['危险化学品经营', 12, 5],
  ['取水', 13, 4],
  ['住房公积金缴存', 14, 8],
  ['住房公积金提取', 14, 10],
  ['医保参保', 15, 10],
];
/** Actions; 许可证… forms make 许可证 the most frequent title word after 登记 and 许可. */
const ACTIONS: Array<[action: string, weight: number]> = [
  ['许可证核发', 14],
  ['许可', 12],
  ['许可证延续', 6],
  ['许可证变更', 6],
  ['许可证注销', 4],
  ['登记', 16],
  ['变更登记', 8],
  ['注销登记', 6],
  ['申领', 6],
  ['补领', 4],
  ['备案', 8],
  ['审批', 6],
  ['确认', 4],
  ['认定', 4],
  ['给付', 4],
  ['证核发', 4],
];
const CONDITIONS = [
  '申请人具有完全民事行为能力',
  '具有与经营项目相适应的经营场所和设施设备',
  '有专职或者兼职的安全管理人员',
  '符合国家和本省规定的技术标准',
  '依法取得营业执照',
  '持有有效居民身份证',
  '不动产权属清楚、界址清楚、面积准确',
  '近三年内无重大违法记录',
  '有健全的管理制度和操作规程',
  '从业人员经培训合格',
  '已依法缴纳社会保险费',
  '用途符合国土空间规划',
  '有符合要求的消防安全条件',
  '已签订劳动合同',
];
/** Materials with how often a list asks for them: identity documents almost always, a business licence often. */
const MATERIALS: Array<[name: string, p: number]> = [
  ['申请人居民身份证', 0.55],
  ['法定代表人身份证明', 0.25],
  ['营业执照', 0.3],
  ['申请书', 0.8],
  ['授权委托书及受托人身份证', 0.3],
  ['不动产权证书', 0.06],
  ['不动产登记申请书', 0.04],
  ['场所平面图', 0.15],
  ['设备设施清单', 0.12],
  ['管理制度文本', 0.12],
  ['从业人员健康证明', 0.08],
  ['户口簿', 0.1],
  ['结婚证', 0.04],
  ['出生医学证明', 0.03],
  ['劳动合同', 0.06],
  ['建设工程规划许可证', 0.03],
  ['环境影响评价文件', 0.04],
  ['安全评价报告', 0.03],
];

function pick<T>(rnd: () => number, list: Array<[T, ...unknown[]]>, weightAt: number): T {
  const total = list.reduce((n, x) => n + (x[weightAt] as number), 0);
  let r = rnd() * total;
  for (const x of list) if ((r -= x[weightAt] as number) < 0) return x[0];
  return list[list.length - 1][0];
}

/** Province 4 %, cities 26 %, counties 70 % of the implementations, like a real province's lists. */
function regionPicker(): (rnd: () => number) => string {
  const cities = childrenOf('410000').map((d) => d.code);
  const counties = cities.flatMap((c) => childrenOf(c).map((d) => d.code));
  return (rnd) => {
    const r = rnd();
    if (r < 0.04) return '410000';
    if (r < 0.3) return cities[Math.floor(rnd() * cities.length)];
    return counties[Math.floor(rnd() * counties.length)] ?? cities[0];
  };
}

/** The n-th synthetic implementation (deterministic in n). */
function synthetic(n: number, region: string, rnd: () => number): IndexSource {
  const subject = pick(rnd, SUBJECTS, 2);
  const [kind, deptName] = DEPARTMENTS[SUBJECTS.find((s) => s[0] === subject)![1]];
  const name = subject + pick(rnd, ACTIONS, 1);
  const materials = MATERIALS.filter(([, p]) => rnd() < p).map(([m]) => m);
  const conditions = [0, 1, 2].map(() => CONDITIONS[Math.floor(rnd() * CONDITIONS.length)]);
  const regionName = fullName(region) ?? region;
  const promised = Math.floor(rnd() * 20);
  const lifeEvents: LifeEvent[] =
    subject.includes('不动产') || subject.includes('公积金')
      ? ['housing']
      : subject === '企业设立'
        ? ['business_startup']
        : [];
  return {
    implementationId: `bench-impl-${n}`,
    version: 3,
    itemId: `bench-item-${subject}`,
    code: `410B${String(n).padStart(10, '0')}-${region}000000-000-1141000000000000XX-1-00`,
    basicCode: `410B${String(n).padStart(10, '0')}`,
    name,
    itemType: name.includes('许可') ? 1 : name.includes('登记') || name.includes('确认') ? 7 : 20,
    departmentCode: `${region}-${kind}`,
    departmentName: regionName + deptName,
    departmentKind: kind,
    region,
    handlingKind: promised === 0 ? 'immediate' : 'promised',
    promisedDays: promised,
    illustrative: true,
    lifeEvents,
    resultName: name.includes('许可') ? `${subject}许可证` : null,
    text: [...conditions, ...materials, `${regionName}政务服务中心综合窗口`, '受理', '审查', '决定', '送达'].join('\n'),
  };
}

async function seed(ctx: BenchContext, scale: number): Promise<void> {
  const k = ctx.k;
  const pickRegion = regionPicker();
  const rnd = prng(20261201);
  const first = await allocateSeqs(k.db, scale);
  const at = k.clock.now();
  const perTx = 20_000;
  const t0 = performance.now();
  let segmentMs = 0;
  for (let start = 0; start < scale; start += perTx) {
    const s0 = performance.now();
    const rows: Record<string, unknown>[] = [];
    for (let n = start; n < Math.min(scale, start + perTx); n++)
      rows.push(
        buildIndexRow(k.adapter, synthetic(n, pickRegion(rnd), rnd), first + n, at) as unknown as Record<
          string,
          unknown
        >,
      );
    segmentMs += performance.now() - s0;
    await k.db.transaction().execute((tx) => bulkInsert(tx as Kysely<any>, k.adapter, 'catalog_search_index', rows));
    ctx.log(
      `  index rows: ${Math.min(scale, start + perTx)}/${scale}, ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }
  // The state after a rebuild (reindexAll ends the same way): FTS5 segments merged into one / GIN's pending list flushed.
  await k.adapter.optimizeFullTextIndex(k.db, SEARCH_FULL_TEXT);
  if (k.adapter.dialect === 'postgres') await sql`vacuum analyze catalog_search_index`.execute(k.db);
  else await sql`analyze`.execute(k.db);
  ctx.seedInfo.indexRows = { rows: scale, seconds: (performance.now() - t0) / 1000, segmentSeconds: segmentMs / 1000 };
}

const FREQUENT = ['许可证', '营业执照', '身份证', '不动产'];
const RARE = ['气瓶充装', '渔业捕捞', '林木采伐许可', '母婴保健'];
const TWO_CHAR = ['执照', '户口', '婚姻', '卫生', '养老', '消防'];

/** Users' regions: counties (the most rows apply there), cities and the province. */
function userRegions(rnd: () => number, n: number): string[] {
  const cities = childrenOf('410000').map((d) => d.code);
  const counties = cities.flatMap((c) => childrenOf(c).map((d) => d.code));
  return Array.from({ length: n }, () =>
    rnd() < 0.7
      ? counties[Math.floor(rnd() * counties.length)]
      : rnd() < 0.67
        ? cities[Math.floor(rnd() * cities.length)]
        : '410000',
  );
}

/** Ranks every match of a word by bm25 / ts_rank (the naive way), limited to the user's regions. */
function naiveQuery(ctx: BenchContext, word: string, regions: string[]) {
  const words = queryWords(word);
  if (ctx.dialect === 'sqlite') {
    const expr = words.map((w) => `"${w}"`).join(' AND ');
    return sql`select i.doc_id from catalog_search_index_fts f join catalog_search_index i on i.doc_id = f.rowid
      where catalog_search_index_fts match ${expr} and i.region in (${sql.join(regions)}) order by bm25(catalog_search_index_fts) limit 21`;
  }
  const q = words.map((w) => `'${w}'`).join(' & ');
  return sql`select i.doc_id from catalog_search_index_fts f join catalog_search_index i on i.doc_id = f.key
    where f.tsv @@ ${q}::tsquery and i.region in (${sql.join(regions)}) order by ts_rank(f.tsv, ${q}::tsquery) desc limit 21`;
}

/** What the database does for a search's first step, in one line: the index it reads, and whether anything scans the table. */
async function planSummary(ctx: BenchContext, query: SearchQuery): Promise<string> {
  const stmt = searchStatements(ctx.k, query)[0];
  if (ctx.dialect === 'sqlite') {
    return (await sql<{ detail: string }>`explain query plan ${stmt}`.execute(ctx.k.db)).rows
      .map((r) => r.detail)
      .join('; ');
  }
  const lines = (await sql<{ 'QUERY PLAN': string }>`explain ${stmt}`.execute(ctx.k.db)).rows.map((r) =>
    r['QUERY PLAN'].trim(),
  );
  return lines
    .filter((l) => /Scan|Sort|Limit/.test(l))
    .map((l) => l.replace(/^->\s*/, '').replace(/\s*\(cost=.*$/, ''))
    .join('; ');
}

export const catalogSearch: Scenario = {
  name: 'catalog-search',
  description:
    'In-process searchImplementations (top 20, anonymous) over N synthetic index rows, for frequent (许可证 营业执照 身份证 不动产), rare and ' +
    '2-character queries from county, city and province users, versus a primary-key lookup of the same table; plus naive bm25/ts_rank ranking of the frequent terms.',
  defaultScale: 100_000,
  smokeScale: 1000,
  seed,

  async run(ctx, scale) {
    const k = ctx.k;
    const rnd = prng(7);
    const iterations = ctx.smoke ? 300 : 3000;
    const regions = userRegions(rnd, 512);
    const anon = systemCtx(k.clock.now());
    const timed = async (words: string[]) =>
      latencyPercentiles(
        (i) =>
          searchImplementations(k, anon, {
            q: words[i % words.length],
            region: regions[(i * 7) % regions.length],
            limit: 20,
          }),
        iterations,
      );
    const all = await timed([...FREQUENT, ...RARE, ...TWO_CHAR]);
    const frequent = await timed(FREQUENT);
    const rare = await timed(RARE);
    const two = await timed(TWO_CHAR);
    const ids = (
      await k.db
        .selectFrom('catalog_search_index')
        .select('doc_id')
        .where(
          'implementation_id',
          'in',
          Array.from({ length: 1000 }, () => `bench-impl-${Math.floor(rnd() * scale)}`),
        )
        .execute()
    ).map((r) => Number(r.doc_id));
    const pk = await latencyPercentiles(
      (i) =>
        k.db
          .selectFrom('catalog_search_index')
          .select([
            'doc_id',
            'implementation_id',
            'version',
            'code',
            'name',
            'item_type',
            'department_code',
            'department_name',
            'region',
            'handling_kind',
            'promised_days',
            'illustrative',
            'life_events',
          ])
          .where('doc_id', '=', ids[i % ids.length])
          .executeTakeFirst(),
      iterations,
    );
    const naive = await latencyPercentiles(
      (i) =>
        naiveQuery(ctx, FREQUENT[i % FREQUENT.length], applicableRegions(regions[(i * 7) % regions.length])).execute(
          k.db,
        ),
      Math.min(iterations, ctx.smoke ? 100 : 400),
    );
    const hits = await searchImplementations(k, anon, { q: '许可证', region: regions[0], limit: 20 });
    ctx.note(
      `Plan of a frequent-term page (许可证, region ${regions[0]}): ${await planSummary(ctx, { q: '许可证', region: regions[0], limit: 20 })}.`,
    );
    ctx.note(
      `${scale.toLocaleString('en-US')} index rows; ${iterations} timed calls per figure over ${regions.length} user regions (70 % counties); a frequent-term page for ${regions[0]} returned ${hits.items.length} hits.`,
    );
    const base = (p: 'p50Ms' | 'p99Ms') => ({
      name: `primary-key lookup ${p === 'p50Ms' ? 'p50' : 'p99'}`,
      value: pk[p],
    });
    const m = (name: string, r: { p50Ms: number; p99Ms: number }): Measurement[] => [
      { name: `${name} p50`, unit: 'ms', value: r.p50Ms, baseline: base('p50Ms'), lowerIsBetter: true },
      { name: `${name} p99`, unit: 'ms', value: r.p99Ms, baseline: base('p99Ms'), lowerIsBetter: true },
    ];
    return [
      ...m('search top 20, all queries', all),
      ...m('search top 20, frequent terms', frequent),
      ...m('search top 20, rare terms', rare),
      ...m('search top 20, 2-character terms', two),
      {
        name: 'naive bm25/ts_rank of every match, frequent terms p50',
        unit: 'ms',
        value: naive.p50Ms,
        baseline: { name: 'search top 20, frequent terms p50', value: frequent.p50Ms },
        lowerIsBetter: true,
      },
      {
        name: 'naive bm25/ts_rank of every match, frequent terms p99',
        unit: 'ms',
        value: naive.p99Ms,
        baseline: { name: 'search top 20, frequent terms p99', value: frequent.p99Ms },
        lowerIsBetter: true,
      },
    ];
  },
};
