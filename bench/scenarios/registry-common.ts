/** Shared by the registry scenarios: seeding synthetic enterprises in bulk with the demo generator. */
import { sql, type Kysely } from 'kysely';
import { withPlainIndexesDeferred } from '../../src/kernel/db/bulk.ts';
import type { BenchContext } from '../harness.ts';
import { seedGenerated } from '../harness.ts';
import { demoEnterprise, seedRegistryDemo } from '../../src/modules/registry/demo.ts';

/**
 * Departments and demo accounts (incl. 'admin' / DEMO_PASSWORD) through the module's own seed, then `scale`
 * enterprises 0 … scale−1 from `demoEnterprise` in multi-row INSERTs, 50 000 rows per transaction, with the plain
 * indexes built after the load. Records the
 * seeding rate in `ctx.seedInfo.enterprises`.
 */
export async function seedEnterprises(ctx: BenchContext, scale: number): Promise<void> {
  const k = ctx.k;
  await seedRegistryDemo(k, { enterprises: 0, persons: 0 });
  if (k.adapter.dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(k.db); // 256 MB page cache while seeding
  const now = k.clock.now();
  const iso = now.toISOString();
  // The region index is built once after the load (sorted) instead of a million random inserts; USCC and id stay unique throughout.
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const stats = await withPlainIndexesDeferred(k.db as Kysely<any>, k.adapter, 'registry_enterprises', () =>
    seedGenerated(
      ctx,
      'registry_enterprises',
      0,
      scale,
      (n) => demoEnterprise(k, n, now, iso) as unknown as Record<string, unknown>,
      { label: 'enterprises' },
    ),
  );
  // Count the index build as inserting.
  const seconds = (performance.now() - t0) / 1000;
  const insertSeconds = stats.insertSeconds + (seconds - stats.seconds);
  const cpu = process.cpuUsage(cpu0);
  ctx.seedInfo.enterprises = {
    ...stats,
    seconds,
    insertSeconds,
    rowsPerSec: scale / seconds,
    insertRowsPerSec: scale / insertSeconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (k.adapter.dialect === 'postgres') await sql`analyze registry_enterprises`.execute(k.db);
}

export interface SeedStats {
  rows: number;
  seconds: number;
  generateSeconds: number;
  insertSeconds: number;
  rowsPerSec: number;
  generateRowsPerSec: number;
  insertRowsPerSec: number;
  /** CPU seconds of this process while seeding (user + system): what the seed costs whatever else the machine runs. */
  cpuSeconds?: number;
}

/** The seeding-rate measurement and a note estimating a 1M-row seed, from stats recorded at seeding time. */
export function seedReport(
  ctx: BenchContext,
  completedNote: string,
): { rowsPerSec: number; generateRowsPerSec: number } | null {
  const s = ctx.seedInfo.enterprises as SeedStats | undefined;
  if (!s) return null;
  const big = s.rows >= 100_000; // below that, JIT warm-up and fixed costs dominate: no extrapolation
  ctx.note(
    `Seeding ${completedNote}: ${s.rows.toLocaleString('en-US')} enterprises in ${s.seconds.toFixed(1)} s = ${Math.round(s.rowsPerSec).toLocaleString('en-US')} rows/s ` +
      `(generating ${s.generateSeconds.toFixed(1)} s at ${Math.round(s.generateRowsPerSec).toLocaleString('en-US')} rows/s, ` +
      `inserting ${s.insertSeconds.toFixed(1)} s at ${Math.round(s.insertRowsPerSec).toLocaleString('en-US')} rows/s` +
      (s.cpuSeconds !== undefined ? `; ${s.cpuSeconds.toFixed(1)} CPU s in this process` : '') +
      ')' +
      (big
        ? `; 1,000,000 rows ≈ ${(1_000_000 / s.rowsPerSec / 60).toFixed(1)} min at this rate. ` +
          (s.generateSeconds > s.insertSeconds
            ? 'The generator (demoEnterprise) is the bottleneck.'
            : 'Inserting is the bottleneck.')
        : '.'),
  );
  return { rowsPerSec: s.rowsPerSec, generateRowsPerSec: s.generateRowsPerSec };
}
