import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isRetryableTxError, retryAbortedTx } from './retry.ts';

const pgError = (code: string) => Object.assign(new Error(`pg ${code}`), { code });

test('a transaction aborted for a deadlock or a serialization failure runs again; other errors do not', async () => {
  assert.ok(isRetryableTxError(pgError('40P01')));
  assert.ok(isRetryableTxError(pgError('40001')));
  assert.ok(!isRetryableTxError(pgError('23505')), 'a unique violation is an answer, not a reason to retry');
  assert.ok(!isRetryableTxError(new Error('plain')));

  let runs = 0;
  const v = await retryAbortedTx(async () => {
    if (++runs < 3) throw pgError('40P01');
    return 'done';
  });
  assert.deepEqual([v, runs], ['done', 3]);

  runs = 0;
  await assert.rejects(
    retryAbortedTx(async () => {
      runs++;
      throw pgError('23505');
    }),
    /23505/,
  );
  assert.equal(runs, 1);

  runs = 0;
  await assert.rejects(
    retryAbortedTx(async () => {
      runs++;
      throw pgError('40001');
    }, 4),
    /40001/,
  );
  assert.equal(runs, 4, 'gives up after the last attempt');
});
