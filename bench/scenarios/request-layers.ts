/**
 * Each layer's share of a request: `/healthz` (framework, hooks, headers, rate limit; no auth, no database) and an
 * anonymous public read (a catalog guide by implementation id: the same minus auth, plus queries and a large
 * response), each against a bare Fastify route with the same logger answering the same body for the same request
 * list. With registry-lookup (the authenticated read) the three ratios show what each layer costs.
 */
import { sql } from 'kysely';
import type { Measurement, PrebuiltRequest, Scenario } from '../harness.ts';
import { httpMeasurements, measureHttp, recordResponses, sameResponseBaseline } from '../harness.ts';
import { seedRegistryDemo } from '../../src/modules/registry/demo.ts';
import { seedCatalogDemo } from '../../src/modules/catalog/demo.ts';

export const requestLayers: Scenario = {
  name: 'request-layers',
  description:
    'GET /healthz and the anonymous GET /api/v1/catalog/implementations/:id/guide over the demo catalog’s published implementations, ' +
    'each versus a bare Fastify route with the same logger answering the same bodies for the same request list.',
  defaultScale: 11,
  smokeScale: 11,

  async seed(ctx) {
    await seedRegistryDemo(ctx.k, { enterprises: 0, persons: 0 });
    await seedCatalogDemo(ctx.k, { enterprises: 0, persons: 0 });
  },

  async run(ctx) {
    const k = ctx.k;
    const app = await ctx.app();
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };
    const out: Measurement[] = [];

    const health: PrebuiltRequest[] = [{ method: 'GET', path: '/healthz' }];
    const healthBare = await sameResponseBaseline({
      level: ctx.logLevel,
      route: '/healthz',
      list: health,
      bodies: await recordResponses(app, health, {}),
      ...load,
    });
    const healthReal = await measureHttp(app, { ...load, list: health });
    out.push(...httpMeasurements('GET /healthz', healthReal, healthBare, 'bare route, same response'));

    // Implementations with a guide in force (all of them; three in --smoke), in a fixed order so every run reads the
    // same guides; their bodies are recorded for the bare route as they are found.
    const ids = (await sql<{ id: string }>`select id from catalog_implementations order by id`.execute(k.db)).rows.map(
      (r) => r.id,
    );
    const want = ctx.smoke ? 3 : ids.length;
    const guides: PrebuiltRequest[] = [];
    const bodies = new Map<string, string>();
    for (const id of ids) {
      if (guides.length >= want) break;
      const path = `/api/v1/catalog/implementations/${id}/guide`;
      const res = await app.inject({ method: 'GET', url: path });
      if (res.statusCode !== 200) continue;
      guides.push({ method: 'GET', path });
      bodies.set(path, res.body);
    }
    if (!guides.length) throw new Error('no implementation with a guide in force: did the catalog demo seed?');
    const guideBare = await sameResponseBaseline({
      level: ctx.logLevel,
      route: '/api/v1/catalog/implementations/:id/guide',
      list: guides,
      bodies,
      ...load,
    });
    const guideReal = await measureHttp(app, { ...load, list: guides });
    out.push(...httpMeasurements('GET guide (anonymous)', guideReal, guideBare, 'bare route, same response'));
    const avg = [...bodies.values()].reduce((a, b) => a + b.length, 0) / bodies.size;
    ctx.note(
      `${guides.length} guides of ${ids.length} implementations, ${Math.round(avg).toLocaleString('en-US')} characters of JSON on average.`,
    );
    return out;
  },
};
