/** When the daily expiry job (expiry.ts) runs: one job per China day, queued by its own runs and by issuing. */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { enqueueJob } from '../../kernel/jobs.ts';
import { startOfShanghaiDay } from '../../kernel/calendar/index.ts';

export const EXPIRY_JOB = 'certificates.expiry';

/** Queues the expiry run of the China day `date` (YYYY-MM-DD), at 00:10 that day; once per day whoever asks. */
export async function enqueueExpiryRun(k: Kernel, tx: Executor, date: string, now: Date): Promise<void> {
  await enqueueJob(tx, k.adapter, {
    kind: EXPIRY_JOB,
    payload: { date },
    dueAt: new Date(startOfShanghaiDay(date).getTime() + 10 * 60_000),
    uniqueKey: `${EXPIRY_JOB}:${date}`,
    maxAttempts: 5,
    now,
  });
}
