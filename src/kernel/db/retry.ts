/**
 * Retries a whole transaction that PostgreSQL aborted to break a deadlock (40P01) or a serialization failure
 * (40001). A transaction that records actions on two audit chains (a grant and the certificate it issues) locks
 * their heads in the order it meets them, so two such transactions can wait on each other; the database aborts one,
 * which rolled back everything, and running it again is safe. SQLite takes one write lock and never raises these.
 */
const RETRYABLE = new Set(['40P01', '40001']);

export function isRetryableTxError(e: unknown): boolean {
  return typeof e === 'object' && e !== null && RETRYABLE.has(String((e as { code?: unknown }).code));
}

export async function retryAbortedTx<T>(run: () => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await run();
    } catch (e) {
      if (i >= attempts || !isRetryableTxError(e)) throw e;
      // A short random pause, so the two transactions do not meet again in the same order.
      await new Promise((r) => setTimeout(r, Math.random() * 20 * i));
    }
  }
}
