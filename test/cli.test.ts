/** The onewindow command: exit codes, user create, backup and restore on both databases, production refusals. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { testDialects, freshDb } from '../src/kernel/db/testing.ts';
import { runCli } from '../src/server/testing.ts';

const exec = promisify(execFile);
const dialects = await testDialects();

/**
 * The command with `env` over this process's environment. Run in this process (runCli: the same `main` the program
 * runs, without a child loading tsx and the app for each call); the tests of the package bin and of `npm run
 * onewindow` below start the real program.
 */
function cli(env: Record<string, string>) {
  return (...args: string[]) => runCli({ ...process.env, ONEWINDOW_MODE: 'test', ...env }, ...args);
}

/**
 * The command as its own process, for the production refusals: a refused `start` leaves its kernel open, which a
 * process that exits lets go of but the test process would keep (the next command on that folder then waits on it).
 */
function cliProcess(env: Record<string, string>) {
  return async (...args: string[]) => {
    try {
      const r = await exec(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], {
        env: { ...process.env, ONEWINDOW_MODE: 'test', ...env },
      });
      return { code: 0, stdout: r.stdout, stderr: r.stderr };
    } catch (e) {
      const err = e as { code: number; stdout: string; stderr: string };
      return { code: err.code, stdout: err.stdout, stderr: err.stderr };
    }
  };
}

test('usage errors exit 1 with the usage; unknown commands too', async () => {
  const run = cli({ ONEWINDOW_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ow-cli-')) });
  const r = await run('frobnicate');
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown command frobnicate/);
  assert.match(r.stderr, /onewindow <command>/);
  const u = await run('user', 'create', '--username', 'x1');
  assert.equal(u.code, 1);
  assert.match(u.stderr, /missing --roles/);
});

test('the package bin (what `npx onewindow` runs) works from any directory', async () => {
  const bin = path.resolve('bin/onewindow.js');
  const elsewhere = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-bin-'));
  const env = { ...process.env, ONEWINDOW_MODE: 'test', ONEWINDOW_DATA_DIR: elsewhere };
  const r = await exec(process.execPath, [bin, 'frobnicate'], { cwd: elsewhere, env }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  assert.equal(r.code, 1, r.stderr);
  assert.match(
    r.stderr,
    /unknown command frobnicate/,
    'the CLI itself answered (tsx loaded from the package, not the cwd)',
  );
  assert.doesNotMatch(r.stderr, /--import instead of --loader|ERR_MODULE_NOT_FOUND/);
  // A command that does real work: migrate a fresh SQLite database in that directory.
  const migrated = await exec(process.execPath, [bin, 'migrate'], { cwd: elsewhere, env });
  assert.match(migrated.stdout + migrated.stderr, /migrat/i);
  fs.rmSync(elsewhere, { recursive: true, force: true });
});

test('`npm run onewindow --` still runs the CLI', async () => {
  const r = await exec('npm', ['run', '--silent', 'onewindow', '--', 'frobnicate'], {
    env: {
      ...process.env,
      ONEWINDOW_MODE: 'test',
      ONEWINDOW_DATA_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'ow-npm-')),
    },
  }).then(
    () => ({ code: 0, stderr: '' }),
    (e: { code: number; stderr: string }) => ({ code: e.code, stderr: e.stderr }),
  );
  assert.equal(r.code, 1);
  assert.match(r.stderr, /unknown command frobnicate/);
});

for (const dialect of dialects) {
  test(`[${dialect}] user create, backup, restore`, async () => {
    const db = await freshDb(dialect);
    const dataDir = db.env.ONEWINDOW_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ow-cli-'));
    const env = { ...db.env, ONEWINDOW_DATA_DIR: dataDir, ONEWINDOW_DATA_KEY: randomBytes(32).toString('base64') };
    const run = cli(env);
    try {
      assert.equal((await run('migrate')).code, 0);
      const made = await run(
        'user',
        'create',
        '--username',
        'wang.clerk',
        '--password',
        'correct-horse-9',
        '--name',
        '王窗口',
        '--roles',
        'window_clerk',
        '--region',
        '410105',
      );
      assert.equal(made.code, 0, made.stderr);
      assert.match(made.stdout, /created account wang\.clerk/);
      const dup = await run(
        'user',
        'create',
        '--username',
        'wang.clerk',
        '--password',
        'correct-horse-9',
        '--name',
        'x',
        '--roles',
        'window_clerk',
      );
      assert.equal(dup.code, 2, 'a failed operation exits 2');
      const badRole = await run(
        'user',
        'create',
        '--username',
        'li',
        '--password',
        'correct-horse-9',
        '--name',
        'x',
        '--roles',
        'king',
      );
      assert.equal(badRole.code, 1);

      const file = path.join(
        os.tmpdir(),
        `ow-backup-${randomBytes(4).toString('hex')}.${dialect === 'sqlite' ? 'sqlite' : 'pgdump'}`,
      );
      // A stored file (a case's material) is backed up beside the database and comes back on restore.
      const { FsBlobStore } = await import('../src/kernel/blobs.ts');
      const blobs = new FsBlobStore(path.join(dataDir, 'blobs'));
      const stored = await blobs.put(Buffer.from('%PDF-1.7 backup test'));
      const b = await run('backup', file);
      assert.equal(b.code, 0, b.stderr);
      assert.ok(fs.statSync(file).size > 0);
      fs.rmSync(path.join(dataDir, 'blobs'), { recursive: true, force: true });
      await db.db.deleteFrom('kernel_accounts').where('username', '=', 'wang.clerk').execute();
      if (dialect === 'sqlite') await db.close(); // restore replaces the file: nothing may hold it open
      const r = await run('restore', file);
      assert.equal(r.code, 0, r.stderr);
      const { openDb } = await import('../src/kernel/db/connect.ts');
      const check = dialect === 'sqlite' ? await openDb({ sqliteFile: path.join(dataDir, 'onewindow.sqlite') }) : db;
      const back = await check.db
        .selectFrom('kernel_accounts')
        .select('name')
        .where('username', '=', 'wang.clerk')
        .executeTakeFirst();
      assert.equal(back?.name, '王窗口', 'the restored database has the account again');
      if (dialect === 'sqlite') await check.close();
      assert.equal(String(await blobs.get(stored.key)), '%PDF-1.7 backup test', 'the stored file is back');
      fs.rmSync(file, { force: true });
      fs.rmSync(`${file}.blobs`, { recursive: true, force: true });
      const missing = await run('restore', '/nonexistent/backup');
      assert.equal(missing.code, 2);
      assert.match(missing.stderr, /no such backup file/);
    } finally {
      if (dialect === 'sqlite') fs.rmSync(dataDir, { recursive: true, force: true });
      else await db.drop();
    }
  });
}

test('production mode refuses to start without a data key, and with demo accounts', async () => {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-prod-'));
  const noKey = await cliProcess({ ONEWINDOW_DATA_DIR: dataDir, ONEWINDOW_MODE: 'production', PORT: '0' })('start');
  assert.equal(noKey.code, 2);
  assert.match(noKey.stderr, /ONEWINDOW_DATA_KEY/);
  // A development run leaves demo accounts behind; production must refuse that database.
  const devEnv = { ONEWINDOW_DATA_DIR: dataDir, ONEWINDOW_DATA_KEY: randomBytes(32).toString('base64') };
  assert.equal((await cliProcess(devEnv)('seed-demo', '--enterprises', '1', '--persons', '1')).code, 0);
  const demo = await cliProcess({ ...devEnv, ONEWINDOW_MODE: 'production', PORT: '0', ONEWINDOW_WEB: 'off' })('start');
  assert.equal(demo.code, 2);
  assert.match(demo.stderr, /demo accounts exist: admin/);
  const seed = await cliProcess({ ...devEnv, ONEWINDOW_MODE: 'production' })('seed-demo');
  assert.equal(seed.code, 1);
  assert.match(seed.stderr, /refused in production/);
  fs.rmSync(dataDir, { recursive: true, force: true });
});
