/** Password hashes: the cheap test cost is for demo accounts in test mode only. SQLite is enough here. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadConfig } from '../config.ts';
import { migratedDb } from '../db/testing.ts';
import { kernelMigrations } from '../db/kernel-migrations.ts';
import { accountMigrations, createAccount, demoPasswordCost, hashPassword, verifyPassword } from './accounts.ts';

test('demo passwords get the test cost in test mode only, never in development or production', () => {
  assert.equal(demoPasswordCost(loadConfig({ ONEWINDOW_MODE: 'test' }).mode), 'test');
  assert.equal(demoPasswordCost(loadConfig({ ONEWINDOW_MODE: 'development' }).mode), 'standard');
  assert.equal(demoPasswordCost(loadConfig({ ONEWINDOW_MODE: 'production' }).mode), 'standard');
  assert.equal(demoPasswordCost(loadConfig({}).mode), 'standard', 'the default mode is development');
});

test('both costs verify; a standard hash keeps its old form; a forged cost is refused', async () => {
  const standard = await hashPassword('correct-horse-9');
  assert.match(standard, /^scrypt\$[^$]+\$[^$]+$/, 'scrypt$salt$key, as stored before test costs existed');
  const cheap = await hashPassword('correct-horse-9', 'test');
  assert.match(cheap, /^scrypt\$n=16\$[^$]+\$[^$]+$/);
  for (const h of [standard, cheap]) {
    assert.equal(await verifyPassword('correct-horse-9', h), true);
    assert.equal(await verifyPassword('correct-horse-8', h), false);
  }
  assert.equal(
    await verifyPassword('correct-horse-9', cheap.replace('n=16', 'n=2')),
    false,
    'only known costs are accepted',
  );
});

test('only demo accounts may be hashed at the test cost', async () => {
  const db = await migratedDb('sqlite', [...kernelMigrations, ...accountMigrations]);
  try {
    const now = new Date('2026-12-01T02:00:00Z');
    const base = {
      name: '测试',
      kind: 'staff' as const,
      roles: [],
      region: null,
      department: null,
      password: 'correct-horse-9',
      passwordCost: 'test' as const,
    };
    await createAccount(db.db, db.adapter, { ...base, username: 'demo.one', demo: true }, now);
    await createAccount(db.db, db.adapter, { ...base, username: 'real.one' }, now);
    const rows = await db.db
      .selectFrom('kernel_accounts')
      .select(['username', 'password_hash'])
      .orderBy('username')
      .execute();
    assert.deepEqual(
      rows.map((r) => [r.username, r.password_hash.startsWith('scrypt$n=16$')]),
      [
        ['demo.one', true],
        ['real.one', false],
      ],
    );
  } finally {
    await db.drop();
  }
});
