/**
 * Issue 11's verification benchmark: verifying a certificate (a vc+jwt: issuer key lookup, signature, validity, both
 * status lists) in-process through `verifyCredential` and through `POST /api/v1/certificates/verify`, each beside a
 * bare signature check with the same public key in the same run (jose's `compactVerify` with the key imported once;
 * over HTTP, a bare Fastify route doing just that). Target: ≥ 5,000 verifications/s per core in-process.
 */
import { compactVerify, decodeProtectedHeader, importJWK, type JWK } from 'jose';
import type { BenchContext, Measurement, PrebuiltRequest, Scenario } from '../harness.ts';
import { bareFastify, httpMeasurements, measureHttp, measureThroughput } from '../harness.ts';
import { seedDemo } from '../../src/cli/seed.ts';
import { systemCtx } from '../../src/kernel/context.ts';
import { issueCertificate } from '../../src/modules/certificates/issue.ts';
import { verifyCredential } from '../../src/modules/certificates/verify.ts';

const DEPARTMENT = '410105-SCJG';
const BATCH = 100;

async function seed(ctx: BenchContext, scale: number): Promise<void> {
  const k = ctx.k;
  await seedDemo(k, { enterprises: 0, persons: 0 });
  const t0 = performance.now();
  for (let done = 0; done < scale; done += BATCH) {
    const sys = systemCtx(k.clock.now());
    await k.db.transaction().execute(async (tx) => {
      for (let i = done; i < Math.min(scale, done + BATCH); i++)
        await issueCertificate(k, sys, tx, {
          typeCode: 'DEMO.SPJYXKZ',
          department: DEPARTMENT,
          region: '410105',
          caseId: null,
          holder: {
            kind: 'person',
            name: `持证人${i}`,
            residentId: null,
            account: null,
            personId: null,
            enterpriseId: null,
          },
          facts: { 'holder.name': `持证人${i}`, 'site.address': `郑州市金水区示例路 ${i + 1} 号` },
          validity: null,
        });
    });
  }
  const seconds = (performance.now() - t0) / 1000;
  ctx.seedInfo.certificates = { rows: scale, seconds, perSec: scale / seconds };
}

async function credentials(ctx: BenchContext): Promise<string[]> {
  const rows = await ctx.k.db
    .selectFrom('certificates_certificates')
    .select('credential_enc')
    .where('department_code', '=', DEPARTMENT)
    .limit(5000)
    .execute();
  if (!rows.length) throw new Error('no seeded certificates: reseed with --fresh');
  return rows.map((r) => ctx.k.cipher.decrypt(r.credential_enc));
}

async function run(ctx: BenchContext): Promise<Measurement[]> {
  const k = ctx.k;
  const jws = await credentials(ctx);
  const kid = decodeProtectedHeader(jws[0]).kid!;
  const keyRow = await k.db
    .selectFrom('certificates_issuer_keys')
    .select(['public_jwk', 'alg'])
    .where('kid', '=', kid)
    .executeTakeFirstOrThrow();
  const key = await importJWK(keyRow.public_jwk as JWK, keyRow.alg);
  const load = { concurrency: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec };

  let i = 0;
  const full = await measureThroughput(async () => {
    const v = await verifyCredential(k, { credential: jws[i++ % jws.length] });
    if (!v.valid) throw new Error(`a seeded credential did not verify: ${v.reason}`);
  }, load);
  let j = 0;
  const bare = await measureThroughput(() => compactVerify(jws[j++ % jws.length], key), load);

  // Through the API, beside a bare Fastify route that only checks the signature with the same key.
  const app = await ctx.app();
  const list: PrebuiltRequest[] = jws.map((credential) => ({
    method: 'POST',
    path: '/api/v1/certificates/verify',
    body: JSON.stringify({ credential }),
  }));
  const headers = { 'content-type': 'application/json' };
  const http = { connections: ctx.connections, durationSec: ctx.durationSec, warmupSec: ctx.warmupSec, headers, list };
  // The real app first: requests still in flight when its measurement ends finish while the baseline runs, not
  // after the harness has closed the kernel.
  const real = await measureHttp(app, http);
  const baseApp = bareFastify(ctx.logLevel);
  baseApp.post('/api/v1/certificates/verify', async (req) => {
    await compactVerify((req.body as { credential: string }).credential, key);
    return { valid: true };
  });
  await baseApp.ready();
  let baseHttp;
  try {
    baseHttp = await measureHttp(baseApp, http);
  } finally {
    await baseApp.close();
  }

  const perCore = (cpuMs: number | null) => (cpuMs ? Math.round(1000 / cpuMs).toLocaleString('en-US') : 'n/a');
  ctx.note(
    `${jws.length.toLocaleString('en-US')} distinct ${keyRow.alg} credentials of one department (status lists of 131,072 entries); ` +
      `${ctx.connections} concurrent loops. Per core (main-thread CPU): verifyCredential ${perCore(full.cpuMsPerOp)}/s, ` +
      `bare compactVerify ${perCore(bare.cpuMsPerOp)}/s; target ≥ 5,000/s in-process.`,
  );
  const s = ctx.seedInfo.certificates as { rows: number; perSec: number } | undefined;
  if (s)
    ctx.note(
      `Seeded ${s.rows.toLocaleString('en-US')} certificates through issueCertificate at ${Math.round(s.perSec)}/s` +
        `${ctx.seededNow ? '' : ' (when the cache was built)'}.`,
    );
  return [
    {
      name: 'verifyCredential in-process (signature + issuer + validity + status lists)',
      unit: 'ops/s',
      value: full.opsPerSec,
      baseline: { name: 'compactVerify, same key imported once', value: bare.opsPerSec },
      lowerIsBetter: false,
    },
    ...(full.cpuMsPerOp !== null && bare.cpuMsPerOp !== null
      ? [
          {
            name: 'verifyCredential CPU per verification',
            unit: 'ms' as const,
            value: full.cpuMsPerOp,
            baseline: { name: 'compactVerify CPU per verification', value: bare.cpuMsPerOp },
            lowerIsBetter: true,
          },
        ]
      : []),
    ...httpMeasurements('POST /api/v1/certificates/verify', real, baseHttp, 'bare route, compactVerify only'),
  ];
}

export const certificatesVerify: Scenario = {
  name: 'certificates-verify',
  description:
    'Verify a vc+jwt certificate (issuer key, signature, validity, revocation and suspension status lists) in-process with verifyCredential ' +
    'and through POST /api/v1/certificates/verify, each versus a bare jose compactVerify with the same key (in-process; a bare Fastify route). ' +
    'Scale = certificates issued.',
  defaultScale: 2000,
  smokeScale: 20,
  seed,
  run,
};
