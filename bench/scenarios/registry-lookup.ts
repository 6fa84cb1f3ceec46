/**
 * GET an enterprise by USCC over random existing USCCs, against a bare Fastify route answering the same bodies for
 * the same prebuilt request list (and the old small-JSON bare route); plus the seeding rate.
 */
import type { Measurement, PrebuiltRequest, Scenario } from '../harness.ts';
import {
  bareFastifyBaseline,
  httpMeasurements,
  alternatingPairs,
  measureHttp,
  prng,
  recordResponses,
  sameResponseBaseline,
} from '../harness.ts';
import { demoEnterprise } from '../../src/modules/registry/demo.ts';
import { seedEnterprises, seedReport } from './registry-common.ts';

export const registryLookup: Scenario = {
  name: 'registry-lookup',
  description:
    'GET /api/v1/registry/enterprises/by-uscc/:uscc as the demo admin (bearer token: session lookup, permission check, ' +
    'one indexed query, response schema) over random USCCs of N seeded enterprises, versus a bare Fastify route with the same logger ' +
    'answering the same bodies for the same request list (and the old small-JSON bare route); and the bulk seeding rate.',
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
    const list: PrebuiltRequest[] = Array.from({ length: Math.min(scale, ctx.smoke ? 200 : 5000) }, () => {
      const n = Math.floor(rnd() * scale);
      return { method: 'GET', path: `/api/v1/registry/enterprises/by-uscc/${demoEnterprise(k, n, now).uscc}` };
    });
    const headers = { authorization: `Bearer ${token}` };
    const bodies = await recordResponses(app, list, headers);
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };

    const oldBare = await bareFastifyBaseline({ level: ctx.logLevel, ...load });
    const pairs = await alternatingPairs(
      ctx.pairs,
      () => measureHttp(app, { ...load, headers, list }),
      () =>
        sameResponseBaseline({
          level: ctx.logLevel,
          route: '/api/v1/registry/enterprises/by-uscc/:uscc',
          list,
          bodies,
          headers,
          ...load,
        }),
    );
    const { real, baseline: same } = pairs;
    ctx.note(
      `${real.requests.toLocaleString('en-US')} lookups over ${list.length.toLocaleString('en-US')} distinct USCCs; same-response bare route ` +
        `${same.requests.toLocaleString('en-US')} requests, old bare route ${oldBare.requests.toLocaleString('en-US')}. Load from a worker thread.`,
    );
    ctx.note(pairs.note);

    const out: Measurement[] = [
      ...httpMeasurements('GET enterprise by USCC', real, same, 'bare route, same response'),
      ...httpMeasurements('GET enterprise by USCC (old baseline)', real, oldBare, 'bare Fastify JSON route'),
    ];
    const seed = seedReport(
      ctx,
      ctx.seededNow ? 'in this run' : `when the cache was built (${String(ctx.seedInfo.seededAt ?? 'earlier')})`,
    );
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
