/** POST new enterprises with fresh valid USCCs, against a raw 3-row insert transaction on the same database. */
import { sql } from 'kysely';
import type { Measurement, Scenario } from '../harness.ts';
import { measureHttp, prng, rawTransactionBaseline } from '../harness.ts';
import { henanRegions } from '../../src/modules/registry/demo.ts';
import { findDivision } from '../../src/kernel/reference/divisions.ts';
import { generateUscc } from '../../src/kernel/validators/uscc.ts';
import { generateResidentId } from '../../src/kernel/validators/resident-id.ts';
import { seedEnterprises } from './registry-common.ts';

export const registryWrite: Scenario = {
  name: 'registry-write',
  description:
    'POST /api/v1/registry/enterprises as the demo admin with fresh valid USCCs (validation, encrypted legal-representative ID, ' +
    'row + audit action + chain link + outbox event in one transaction) into a table of N enterprises, versus a raw 3-row insert transaction.',
  defaultScale: 100_000,
  smokeScale: 1000,

  seed: (ctx, scale) => seedEnterprises(ctx, scale),

  async run(ctx, scale) {
    const k = ctx.k;
    const app = await ctx.app();
    const token = await ctx.staffToken();
    // Seeded enterprises use generator seqs 0 … scale−1 and every earlier write run added one row per seq after
    // that, so the row count is the first unused seq.
    const have = await sql<{ n: number }>`select count(*) as n from registry_enterprises`.execute(k.db);
    let seq = Math.max(scale, Number(have.rows[0].n));
    const first = seq;
    const counties = henanRegions().filter((c) => findDivision(c)?.level === 'county' && findDivision(c)?.gbt2260);
    const rnd = prng(seq);
    const bodyFor = (s: number) => {
      const region = counties[Math.floor(rnd() * counties.length)];
      return JSON.stringify({
        uscc: generateUscc({ division: region, seq: s, authority: '9', orgType: '1' }),
        name: `基准写入科技有限公司（示例${s}）`,
        orgType: 'enterprise',
        entityType: '有限责任公司（自然人投资或控股）',
        region,
        address: `示例路${1 + (s % 300)}号`,
        industry: '65',
        legalRepresentative: { name: '王中原', residentId: generateResidentId({ region, birthDate: '1980-05-12', seq: s % 1000 }) },
        establishedOn: '2020-03-15',
      });
    };
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };

    const raw = await rawTransactionBaseline(k.db, { concurrency: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec });
    const real = await measureHttp(app, {
      ...load,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      requests: [{ method: 'POST', path: '/api/v1/registry/enterprises', setupRequest: (req) => ({ ...req, body: bodyFor(seq++) }) }],
    });
    ctx.note(`${real.requests.toLocaleString('en-US')} enterprises registered (seqs ${first}–${seq - 1}, warm-up included); raw baseline ${raw.ops.toLocaleString('en-US')} transactions with ${ctx.connections} concurrent loops.`);

    const out: Measurement[] = [
      { name: 'POST enterprise (201 Created)', unit: 'ops/s', value: real.reqPerSec, baseline: { name: 'raw 3-row insert transaction', value: raw.opsPerSec }, lowerIsBetter: false },
      { name: 'POST enterprise latency p50', unit: 'ms', value: real.p50Ms, baseline: { name: 'raw 3-row insert transaction p50', value: raw.p50Ms }, lowerIsBetter: true },
      { name: 'POST enterprise latency p99', unit: 'ms', value: real.p99Ms, baseline: { name: 'raw 3-row insert transaction p99', value: raw.p99Ms }, lowerIsBetter: true },
    ];
    return out;
  },
};
