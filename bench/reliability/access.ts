/**
 * Access control (issue 14): the cross-city sweep of test/support/cross-city.ts — staff of every role in 洛阳 against
 * 郑州's records through every route that takes a record, lists, searches or exports — with one record per route in
 * the reduced form and three (of different tables where there are) in the full run. Leaks must be 0.
 */
import type { DialectName } from '../../src/kernel/db/adapter.ts';

// Typed by its place in PARTS (parts.ts), not by importing parts.ts: that import would be a cycle.
export const accessPart = {
  name: 'access',
  description: 'cross-city sweep: every route × second-city role against another city’s records',
  async run(opts: { db: DialectName; full: boolean; pgUrl: string }) {
    // The test harness reads its PostgreSQL server from the environment when first loaded.
    process.env.ONEWINDOW_TEST_DATABASE_URL ??= opts.pgUrl;
    const { testApp } = await import('../../src/server/testing.ts');
    const { crossCitySweep, seedCityA } = await import('../../test/support/cross-city.ts');
    const t = await testApp(opts.db);
    try {
      await seedCityA(t);
      const r = await crossCitySweep(t, { perRoute: opts.full ? 3 : 1, full: opts.full });
      const leaks = r.leaks.length + r.passwordHashLeaks.length;
      return {
        part: 'access',
        figures: {
          'record routes': r.recordRoutes.length,
          'list routes': r.listRoutes.length,
          roles: r.roles.length,
          'matrix size (routes × roles)': (r.recordRoutes.length + r.listRoutes.length) * r.roles.length,
          'record checks': r.recordChecks,
          'list checks': r.listChecks,
          denials: r.denials,
          'public answers': r.publicAnswers,
          'shared reads': r.sharedReads,
          'answers scanned for password hashes': r.answersScanned,
          'routes without a seeded record': r.unseededRoutes.length,
          leaks,
        },
        failures: leaks,
        notes: [...r.leaks, ...r.passwordHashLeaks.map((x) => `password hash in ${x}`)].slice(0, 10),
      };
    } finally {
      await t.close();
    }
  },
};
