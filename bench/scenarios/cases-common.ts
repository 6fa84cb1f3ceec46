/**
 * Shared by the cases scenarios: the demo province through every module's own seed (accounts, catalog, three demo
 * cases), then `scale` cases cloned in bulk from the first demo case (still submitted) — each with its own id,
 * number and times, its `file` action row and audit-chain link (hashed and chained exactly as the app does, so
 * `onewindow audit verify` passes) and its acceptance deadline. Ids grow with n, numbers walk back one day per 400
 * cases so they never meet today's.
 */
import { sql, type Kysely } from 'kysely';
import type { BenchContext } from '../harness.ts';
import { bulkInsert } from '../harness.ts';
import { seedDemo } from '../../src/cli/seed.ts';
import { newId } from '../../src/kernel/ids.ts';
import { chainFor, digestOf, linkHash, toRecord } from '../../src/kernel/audit.ts';
import { withPlainIndexesDeferred } from '../../src/kernel/db/bulk.ts';
import type { ActionTable } from '../../src/kernel/db/kernel-tables.ts';

const PER_TX = 20_000;
const PER_DAY = 400;
const DAY_MS = 86_400_000;

/** The demo case the clones copy, and the form it was filed with (for submissions). */
export async function templateCase(ctx: Pick<BenchContext, 'k'>) {
  const k = ctx.k;
  // An ordinary online filing (the demo also holds handle-anywhere and bundle cases, whose first action is not `file`).
  const row = await k.db
    .selectFrom('cases_cases')
    .selectAll()
    .where('status', '=', 'submitted')
    .where('accepting_region', 'is', null)
    .where('part_regions', 'is', null)
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('kernel_actions')
          .select('kernel_actions.id')
          .whereRef('kernel_actions.subject_id', '=', 'cases_cases.id')
          .where('kernel_actions.subject_type', '=', 'cases.case')
          .where('kernel_actions.action', '=', 'file'),
      ),
    )
    .orderBy('id')
    .limit(1)
    .executeTakeFirstOrThrow();
  return row;
}

/** The n-th clone's submission time and number: one day further back per PER_DAY clones, numbered within its day. */
export function clone(template: { submitted_at: unknown; number: unknown }, n: number): { at: string; number: string } {
  const day = Math.floor(n / PER_DAY) + 1;
  const at = new Date(Date.parse(String(template.submitted_at)) - day * DAY_MS + (n % PER_DAY) * 1000).toISOString();
  const region = String(template.number).split('-')[0];
  // Shanghai's date, as the app numbers cases (UTC+8, no daylight saving).
  const date = new Date(Date.parse(at) + 8 * 3600_000).toISOString().slice(0, 10).replace(/-/g, '');
  return { at, number: `${region}-${date}-${String((n % PER_DAY) + 1).padStart(5, '0')}` };
}

/** The ids of the clones numbered `ns` (through the unique number index). */
export async function cloneIds(ctx: Pick<BenchContext, 'k'>, ns: number[]): Promise<string[]> {
  const template = await templateCase(ctx);
  const out: string[] = [];
  for (let i = 0; i < ns.length; i += 500) {
    const numbers = ns.slice(i, i + 500).map((n) => clone(template, n).number);
    const rows = await ctx.k.db
      .selectFrom('cases_cases')
      .select(['id', 'number'])
      .where('number', 'in', numbers)
      .execute();
    const byNumber = new Map(rows.map((r) => [r.number, r.id]));
    for (const nb of numbers) {
      const id = byNumber.get(nb);
      if (!id) throw new Error(`seeded case ${nb} is missing: reseed with --fresh`);
      out.push(id);
    }
  }
  return out;
}

export async function seedCases(ctx: BenchContext, scale: number): Promise<void> {
  const k = ctx.k;
  await seedDemo(k, { enterprises: 0, persons: 0 });
  if (k.adapter.dialect === 'sqlite') await sql`pragma cache_size = -262144`.execute(k.db);
  const db = k.db as Kysely<any>;
  const template = (await templateCase(ctx)) as unknown as Record<string, unknown> & {
    submitted_at: string;
    number: string;
    id: string;
  };
  const fileAction = await k.db
    .selectFrom('kernel_actions')
    .selectAll()
    .where('subject_type', '=', 'cases.case')
    .where('subject_id', '=', String(template.id))
    .where('action', '=', 'file')
    .executeTakeFirstOrThrow();
  const deadline = await k.db
    .selectFrom('kernel_deadlines')
    .selectAll()
    .where('subject_type', '=', 'cases.case')
    .where('subject_id', '=', String(template.id))
    .where('purpose', '=', 'acceptance')
    .executeTakeFirstOrThrow();
  const heads = new Map(
    (await k.db.selectFrom('kernel_chain_heads').select(['chain', 'position', 'hash']).execute()).map((h) => [
      Number(h.chain),
      { position: Number(h.position), hash: h.hash },
    ]),
  );
  const hashAlg = k.config.auditHash;

  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  await withPlainIndexesDeferred(db, k.adapter, 'cases_cases', () =>
    withPlainIndexesDeferred(db, k.adapter, 'kernel_actions', async () => {
      for (let start = 0; start < scale; start += PER_TX) {
        const end = Math.min(scale, start + PER_TX);
        const cases: Record<string, unknown>[] = [];
        const actions: ActionTable[] = [];
        const links: Record<string, unknown>[] = [];
        const deadlines: Record<string, unknown>[] = [];
        for (let n = start; n < end; n++) {
          const { at, number } = clone(template, n);
          const id = newId(Date.parse(at));
          cases.push({ ...template, id, number, submitted_at: at, created_at: at, updated_at: at });
          const chain = chainFor('cases.case', id);
          const head = heads.get(chain)!;
          const action: ActionTable = {
            ...fileAction,
            id: newId(Date.parse(at)),
            at,
            subject_id: id,
            after_digest: digestOf({ id, number }),
            request_id: null,
            chain,
            position: head.position + 1,
          };
          const hash = linkHash(head.hash, toRecord(action), hashAlg);
          links.push({
            chain,
            position: action.position,
            action_id: action.id,
            prev_hash: head.hash,
            hash,
            hash_alg: hashAlg,
          });
          heads.set(chain, { position: action.position, hash });
          actions.push(action);
          deadlines.push({ ...deadline, id: newId(Date.parse(at)), subject_id: id, start_at: at, updated_at: at });
        }
        await db.transaction().execute(async (tx) => {
          await bulkInsert(tx, k.adapter, 'cases_cases', cases);
          await bulkInsert(tx, k.adapter, 'kernel_actions', actions as unknown as Record<string, unknown>[]);
          await bulkInsert(tx, k.adapter, 'kernel_audit_links', links);
          await bulkInsert(tx, k.adapter, 'kernel_deadlines', deadlines);
          for (const [chain, h] of heads)
            await tx
              .updateTable('kernel_chain_heads')
              .set({ position: h.position, hash: h.hash })
              .where('chain', '=', chain)
              .execute();
        });
        if ((end / PER_TX) % 10 === 0 || end === scale)
          ctx.log(`  cases: ${end}/${scale} (${Math.round(end / ((performance.now() - t0) / 1000))} cases/s)`);
      }
    }),
  );
  const seconds = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  ctx.seedInfo.cases = {
    rows: scale,
    seconds,
    casesPerSec: scale / seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
  };
  if (k.adapter.dialect === 'postgres')
    for (const t of ['cases_cases', 'kernel_actions', 'kernel_audit_links', 'kernel_deadlines'])
      await sql.raw(`analyze ${t}`).execute(k.db);
}

/** A note on how the cases were seeded (this run or the cached database). */
export function caseSeedNote(ctx: BenchContext): void {
  const s = ctx.seedInfo.cases as { rows: number; seconds: number; casesPerSec: number } | undefined;
  if (!s) return;
  ctx.note(
    `Seeded ${s.rows.toLocaleString('en-US')} cases (row + file action + chain link + acceptance deadline each) in ${s.seconds.toFixed(1)} s ` +
      `(${Math.round(s.casesPerSec).toLocaleString('en-US')} cases/s)${ctx.seededNow ? '' : `, when the cache was built (${String(ctx.seedInfo.seededAt ?? 'earlier')})`}.`,
  );
}
