/**
 * Part `fuzz` of `npm run bench:reliability` (issue 14, "Bad input"): the OpenAPI-driven fuzzer of
 * bench/reliability/fuzz/engine.ts against an in-process app with every module and the demo accounts. Reduced run:
 * 20 cases per operation × role (the same as test/fuzz.test.ts); full run: 500 per operation × admitted role and 50
 * per turned-away one — thousands per operation (its figures give the smallest and the median count).
 */
import { ROLES } from '../../src/kernel/auth/roles.ts';
import type { DialectName } from '../../src/kernel/db/adapter.ts';
import { describeFailures, runFuzz, type FuzzResult } from './fuzz/engine.ts';

import type { ReliabilityFigures as Figures, ReliabilityOptions as Options } from './types.ts';

/** An in-process app (src/server/testing.ts) with raised rate limits, and a token per role; runs the fuzzer on it. */
export async function fuzzApp(
  db: DialectName,
  opts: { seed: number; casesPerRole: number; deniedCases: number; log?: (line: string) => void },
): Promise<FuzzResult> {
  const { testApp } = await import('../../src/server/testing.ts');
  const { MODULES } = await import('../../src/modules/index.ts');
  const t = await testApp(db, { demo: { enterprises: 5, persons: 5 } });
  try {
    const accounts = MODULES.flatMap((m) => m.demoAccounts ?? []);
    const callers: Record<string, Record<string, string>> = { anonymous: {} };
    for (const role of ROLES) {
      const a = accounts.find((x) => x.roles.length === 1 && x.roles[0] === role);
      if (!a) throw new Error(`no demo account with the single role ${role}`);
      callers[role] = await t.login(a.username);
    }
    return await runFuzz(t.app, t.k, { ...opts, callers });
  } finally {
    // Fuzzed writes may leave records a lifecycle check would question; the run is about answers, not statuses.
    await t.close({ tampered: true });
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.floor(s.length / 2)] : 0;
}

export const fuzzPart = {
  name: 'fuzz',
  description: 'bad input: every operation × every role, cases generated from /openapi.json',
  async run(opts: Options): Promise<Figures> {
    if (opts.db === 'postgres') process.env.ONEWINDOW_TEST_DATABASE_URL ??= opts.pgUrl;
    // ONEWINDOW_FUZZ_CASES sets a full run's cases per operation × admitted role (default 500).
    const casesPerRole = opts.full ? Number(process.env.ONEWINDOW_FUZZ_CASES ?? 500) : 12;
    const r = await fuzzApp(opts.db, {
      seed: opts.seed,
      casesPerRole,
      deniedCases: opts.full ? 50 : 3,
      log: opts.full ? (line) => console.log(`    ${line}`) : undefined,
    });
    return {
      part: 'fuzz',
      figures: {
        operations: r.operations,
        'cases per operation × role': casesPerRole,
        requests: r.requests,
        'requests per operation, smallest': Math.min(...r.perOperation),
        'requests per operation, median': median(r.perOperation),
        ...Object.fromEntries(
          Object.entries(r.byStatus)
            .sort()
            .map(([k, v]) => [`answers ${k}`, v]),
        ),
        'rejected batches checked unchanged': r.rejectedBatches,
        failures: r.failures.length,
      },
      failures: r.failures.length,
      notes: describeFailures(r.failures),
    };
  },
};
