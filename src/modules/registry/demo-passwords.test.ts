/** The demo seed hashes demo passwords at the test cost in test mode and at the standard cost otherwise (SQLite). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { loadConfig, type Mode } from '../../kernel/config.ts';
import { migratedDb } from '../../kernel/db/testing.ts';
import { ManualClock } from '../../kernel/calendar/index.ts';
import { createKernel, allMigrations } from '../../server/testing.ts';
import { seedRegistryDemo, DEMO_ACCOUNTS } from './demo.ts';

for (const [mode, form] of [
  ['test', /^scrypt\$n=16\$/],
  ['development', /^scrypt\$[^$]+\$[^$]+$/],
] as Array<[Mode, RegExp]>) {
  test(`demo accounts seeded in ${mode} mode are hashed at the ${mode === 'test' ? 'test' : 'standard'} cost`, async () => {
    const db = await migratedDb('sqlite', allMigrations());
    try {
      const config = {
        ...loadConfig({ ONEWINDOW_MODE: mode, ONEWINDOW_DATA_DIR: db.env.ONEWINDOW_DATA_DIR }),
        dataKey: randomBytes(32).toString('base64'),
      };
      const k = await createKernel({ config, clock: new ManualClock('2026-12-01T02:00:00Z'), db, migrate: false });
      await seedRegistryDemo(k, { enterprises: 0, persons: 0 });
      const rows = await k.db.selectFrom('kernel_accounts').select(['username', 'password_hash']).execute();
      assert.equal(rows.length, DEMO_ACCOUNTS.length);
      for (const r of rows) assert.match(r.password_hash, form, r.username);
    } finally {
      await db.drop();
    }
  });
}
