/**
 * POST /api/v1/cases as the demo applicant with a fresh Idempotency-Key each time, into a store of N seeded cases,
 * against the bare Fastify JSON route and the raw 3-row insert transaction (the two baselines).
 */
import type { Kysely } from 'kysely';
import type { Measurement, PrebuiltRequest, Scenario } from '../harness.ts';
import { bareFastifyBaseline, httpMeasurements, measureHttp, rawTransactionBaseline, settleWal } from '../harness.ts';
import { getImplementationVersion } from '../../src/modules/catalog/index.ts';
import { demoForm } from '../../src/modules/cases/demo.ts';
import { caseSeedNote, seedCases, templateCase } from './cases-common.ts';

/** A ceiling on submissions per second, to size the prebuilt list so no Idempotency-Key is sent twice. */
const MAX_WRITES_PER_SEC = 3000;

export const casesSubmit: Scenario = {
  name: 'cases-submit',
  description:
    'POST /api/v1/cases as the demo applicant with a fresh Idempotency-Key (competent body, pinned version, form validated ' +
    'against its JSON Schema, ID and phone encrypted and masked, case number, acceptance deadline, deemed-acceptance job, action + ' +
    'chain link + event + idempotency row in one transaction) into N seeded cases, versus the bare Fastify JSON route and the raw ' +
    '3-row insert transaction.',
  defaultScale: 100_000,
  smokeScale: 1000,

  seed: (ctx, scale) => seedCases(ctx, scale),

  async run(ctx) {
    const k = ctx.k;
    const app = await ctx.app();
    const token = await ctx.staffToken('citizen.demo');
    const t = await templateCase(ctx);
    const version = await getImplementationVersion(k, t.implementation_id, Number(t.implementation_version));
    const form = demoForm(version.elements.form);
    if (!form) throw new Error(`the demo form of ${version.code} cannot be filled`);
    const body = JSON.stringify({ itemId: t.item_id, region: t.region, form });
    const stamp = `${Date.now().toString(36)}-${process.pid}`;
    const count = Math.ceil(MAX_WRITES_PER_SEC * (ctx.durationSec + ctx.warmupSec)) + 1000;
    const list: PrebuiltRequest[] = Array.from({ length: count }, (_, i) => ({
      method: 'POST',
      path: '/api/v1/cases',
      headers: { 'idempotency-key': `bench-${stamp}-${i}` },
      body,
    }));
    const load = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };
    const bare = await bareFastifyBaseline({ level: ctx.logLevel, ...load });
    await settleWal(k.db as Kysely<any>, k.adapter.dialect);
    const raw = await rawTransactionBaseline(k.db, {
      concurrency: ctx.connections,
      durationSec: ctx.durationSec,
      warmupSec: ctx.warmupSec,
    });
    await settleWal(k.db as Kysely<any>, k.adapter.dialect);
    const real = await measureHttp(app, {
      ...load,
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      list,
    });
    if (real.sent > list.length)
      throw new Error(`the run sent ${real.sent} requests but only ${list.length} distinct keys were prebuilt`);
    ctx.note(
      `${real.requests.toLocaleString('en-US')} cases filed in the measured period against ${version.code}; bare route ` +
        `${bare.requests.toLocaleString('en-US')} requests, raw 3-row transaction ${raw.ops.toLocaleString('en-US')} transactions.`,
    );
    caseSeedNote(ctx);
    const out: Measurement[] = [
      ...httpMeasurements('POST case (201 Created)', real, bare, 'bare Fastify JSON route'),
      {
        name: 'POST case (201 Created) vs raw transaction',
        unit: 'ops/s',
        value: real.reqPerSec,
        baseline: { name: 'raw 3-row insert transaction (app Kysely)', value: raw.opsPerSec },
        lowerIsBetter: false,
      },
      ...(real.cpuMsPerRequest !== null && raw.cpuMsPerOp !== null
        ? [
            {
              name: 'POST case CPU per submission (main thread)',
              unit: 'ms' as const,
              value: real.cpuMsPerRequest,
              baseline: { name: 'raw 3-row transaction CPU per transaction', value: raw.cpuMsPerOp },
              lowerIsBetter: true,
            },
          ]
        : []),
    ];
    return out;
  },
};
