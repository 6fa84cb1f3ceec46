/**
 * GET /api/v1/cases/:id (a case's status, deadlines with lights and the caller's moves) as its applicant, over random
 * seeded cases, against a bare Fastify route answering the same bodies for the same request list and the old bare JSON
 * route. Run at 100k and 1M (`--scale`): the read must not slow down as cases grow.
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
import { caseSeedNote, cloneIds, seedCases } from './cases-common.ts';

export const casesRead: Scenario = {
  name: 'cases-read',
  description:
    'GET /api/v1/cases/:id as the demo applicant (session, permission, the case row, the applicant check, its deadlines and ' +
    'lights, the moves allowed, response schema) over random cases among N seeded ones, versus a bare Fastify route with the same ' +
    'logger answering the same bodies for the same request list (and the old small-JSON bare route).',
  defaultScale: 1_000_000,
  smokeScale: 1000,

  seed: (ctx, scale) => seedCases(ctx, scale),

  async run(ctx, scale) {
    const app = await ctx.app();
    const token = await ctx.staffToken('citizen.demo');
    // Random seeded cases, found by their numbers (the clones' numbers follow from n).
    const rnd = prng(20261206);
    const ns = Array.from({ length: Math.min(scale, ctx.smoke ? 200 : 5000) }, () => Math.floor(rnd() * scale));
    const all = await cloneIds(ctx, ns);
    const list: PrebuiltRequest[] = all.map((id) => ({ method: 'GET', path: `/api/v1/cases/${id}` }));
    const headers = { authorization: `Bearer ${token}` };
    const bodies = await recordResponses(app, list, headers);
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };

    const oldBare = await bareFastifyBaseline({ level: ctx.logLevel, ...load });
    const pairs = await alternatingPairs(
      ctx.pairs,
      () => measureHttp(app, { ...load, headers, list }),
      () => sameResponseBaseline({ level: ctx.logLevel, route: '/api/v1/cases/:id', list, bodies, headers, ...load }),
    );
    const { real, baseline: same } = pairs;
    ctx.note(pairs.note);
    ctx.note(
      `${real.requests.toLocaleString('en-US')} case reads over ${list.length.toLocaleString('en-US')} distinct cases of ${scale.toLocaleString('en-US')}; ` +
        `same-response bare route ${same.requests.toLocaleString('en-US')} requests, old bare route ${oldBare.requests.toLocaleString('en-US')}.`,
    );
    caseSeedNote(ctx);
    const out: Measurement[] = [
      ...httpMeasurements('GET case (status read)', real, same, 'bare route, same response'),
      ...httpMeasurements('GET case (status read), old baseline', real, oldBare, 'bare Fastify JSON route'),
    ];
    return out;
  },
};
