/** GET an enterprise by USCC over random existing USCCs, against the bare Fastify route; plus the seeding rate. */
import type { Measurement, Scenario } from '../harness.ts';
import { bareFastifyBaseline, httpMeasurements, measureHttp, prng } from '../harness.ts';
import { demoEnterprise } from '../../src/modules/registry/demo.ts';
import { seedEnterprises, seedReport } from './registry-common.ts';

export const registryLookup: Scenario = {
  name: 'registry-lookup',
  description:
    'GET /api/v1/registry/enterprises/by-uscc/:uscc as the demo admin (bearer token: session lookup, permission check, ' +
    'one indexed query, response schema) over random USCCs of N seeded enterprises, versus a bare Fastify JSON route; and the bulk seeding rate.',
  defaultScale: 1_000_000,
  smokeScale: 1000,

  seed: (ctx, scale) => seedEnterprises(ctx, scale),

  async run(ctx, scale) {
    const k = ctx.k;
    const app = await ctx.app();
    const token = await ctx.staffToken();
    // USCCs of random existing enterprises: the generator is deterministic in n, so no query is needed.
    const rnd = prng(20240601);
    const now = k.clock.now();
    const paths = Array.from({ length: Math.min(scale, ctx.smoke ? 200 : 5000) }, () => {
      const n = Math.floor(rnd() * scale);
      return `/api/v1/registry/enterprises/by-uscc/${demoEnterprise(k, n, now).uscc}`;
    });
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };

    const bare = await bareFastifyBaseline({ level: ctx.logLevel, ...load });
    const real = await measureHttp(app, {
      ...load,
      headers: { authorization: `Bearer ${token}` },
      requests: [{ method: 'GET', setupRequest: (req) => ({ ...req, path: paths[Math.floor(rnd() * paths.length)] }) }],
    });
    ctx.note(`${real.requests.toLocaleString('en-US')} lookups over ${paths.length.toLocaleString('en-US')} distinct USCCs; bare route ${bare.requests.toLocaleString('en-US')} requests.`);

    const out: Measurement[] = httpMeasurements('GET enterprise by USCC', real, bare);
    const seed = seedReport(ctx, ctx.seededNow ? 'in this run' : `when the cache was built (${String(ctx.seedInfo.seededAt ?? 'earlier')})`);
    if (seed) {
      out.push({
        name: 'seed enterprises (generate + bulk insert)',
        unit: 'rows/s',
        value: seed.rowsPerSec,
        baseline: { name: 'demoEnterprise generator alone', value: seed.generateRowsPerSec },
        lowerIsBetter: false,
      });
    }
    return out;
  },
};
