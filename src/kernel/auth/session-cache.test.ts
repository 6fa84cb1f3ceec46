/** Cached session lookups: revocation through revokeSession is immediate, expiry is checked on every hit, and a change behind the cache's back waits at most SESSION_CACHE_TTL_MS. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects, freshDb } from '../db/testing.ts';
import { migrateToLatest } from '../db/migrate.ts';
import { allMigrations } from '../../server/testing.ts';
import {
  clearSessionCache,
  createAccount,
  openSession,
  principalForToken,
  revokeSession,
  SESSION_CACHE_TTL_MS,
  SESSION_TTL_MS,
} from './accounts.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] the auth hook's session cache never outlives a revocation or an expiry`, async () => {
    const db = await freshDb(dialect);
    try {
      await migrateToLatest(db.db, db.adapter, allMigrations());
      const now = new Date('2026-03-02T01:00:00Z');
      const id = await createAccount(
        db.db,
        db.adapter,
        {
          username: 'cache.test',
          password: 'cache-test-pw',
          name: '缓存测试',
          kind: 'staff',
          roles: ['window_clerk'],
          region: '410105',
          department: null,
        },
        now,
      );
      const cached = { cached: true };

      const s1 = await openSession(db.db, id, now);
      assert.equal((await principalForToken(db.db, db.adapter, s1.token, now, cached))?.id, id);
      await revokeSession(db.db, s1.token, now);
      assert.equal(
        await principalForToken(db.db, db.adapter, s1.token, now, cached),
        null,
        'revokeSession clears the cached entry at once',
      );

      const s2 = await openSession(db.db, id, now);
      assert.ok(await principalForToken(db.db, db.adapter, s2.token, now, cached));
      const later = new Date(now.getTime() + SESSION_TTL_MS);
      assert.equal(
        await principalForToken(db.db, db.adapter, s2.token, later, cached),
        null,
        'an expired session is refused from the cache too',
      );

      // Revoked by another process (straight in the database): this process may answer from its cache for at most
      // SESSION_CACHE_TTL_MS; once the entry is stale (here: cleared) the row is read again.
      const s3 = await openSession(db.db, id, now);
      assert.ok(await principalForToken(db.db, db.adapter, s3.token, now, cached));
      await db.db
        .updateTable('kernel_sessions')
        .set({ revoked_at: now.toISOString() })
        .where('account_id', '=', id)
        .execute();
      assert.ok(
        await principalForToken(db.db, db.adapter, s3.token, now, cached),
        `cached for up to ${SESSION_CACHE_TTL_MS} ms`,
      );
      assert.equal(
        await principalForToken(db.db, db.adapter, s3.token, now),
        null,
        'an uncached lookup sees the revocation',
      );
      clearSessionCache();
      assert.equal(await principalForToken(db.db, db.adapter, s3.token, now, cached), null);
    } finally {
      await db.drop();
    }
  });
}
