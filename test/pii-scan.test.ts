/**
 * After a run through the public API, no plaintext resident ID or phone number is found in the database (every
 * table, every column, and the SQLite files' raw bytes), the server's logs, or event payloads — also after decoding
 * any base64/base64url/JWT-looking strings found there.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { testDialects, freshDb } from '../src/kernel/db/testing.ts';
import { generateResidentId } from '../src/kernel/validators/resident-id.ts';
import { generateUscc } from '../src/kernel/validators/uscc.ts';

const dialects = await testDialects();

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** Every string worth checking in `text`: itself plus the decodings of base64-ish and JWT-ish tokens in it. */
export function expand(text: string): string[] {
  const out = [text];
  for (const m of text.matchAll(/[A-Za-z0-9+/_-]{16,}={0,2}/g)) {
    for (const part of m[0].split('.')) {
      for (const enc of ['base64', 'base64url'] as const) {
        const decoded = Buffer.from(part, enc).toString('utf8');
        if (decoded) out.push(decoded);
      }
    }
  }
  for (const m of text.matchAll(/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*/g)) {
    for (const part of m[0].split('.')) out.push(Buffer.from(part, 'base64url').toString('utf8'));
  }
  return out;
}

function findSecrets(where: string, text: string, secrets: string[]): string[] {
  const hits: string[] = [];
  for (const s of expand(text)) for (const secret of secrets) if (s.includes(secret)) hits.push(`${where}: ${secret}`);
  return hits;
}

for (const dialect of dialects) {
  test(`[${dialect}] no plaintext ID or phone number in the database, logs or events after a run`, async () => {
    const db = await freshDb(dialect);
    const dataDir = db.env.ONEWINDOW_DATA_DIR ?? fs.mkdtempSync(path.join(os.tmpdir(), 'ow-pii-'));
    const port = await freePort();
    let logs = '';
    const server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
      env: {
        ...process.env,
        ...db.env,
        ONEWINDOW_DATA_DIR: dataDir,
        ONEWINDOW_MODE: 'development',
        ONEWINDOW_LOG_LEVEL: 'trace',
        ONEWINDOW_WEB: 'off',
        ONEWINDOW_DEMO_ENTERPRISES: '20',
        ONEWINDOW_DEMO_PERSONS: '20',
        ONEWINDOW_DATA_KEY: randomBytes(32).toString('base64'),
        PORT: String(port),
        HOST: '127.0.0.1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    server.stdout.on('data', (d) => (logs += d));
    server.stderr.on('data', (d) => (logs += d));
    const base = `http://127.0.0.1:${port}`;
    const secrets: string[] = [];
    try {
      // Start-up migrates and seeds the demo at trace level: minutes when the machine is busy (CI runs files side
      // by side), so wait long, but stop at once if the server exits, and say why it never answered.
      const readyBy = Date.now() + 300_000;
      let ready = false;
      while (!ready && Date.now() < readyBy && server.exitCode === null) {
        ready = await fetch(`${base}/readyz`).then(
          (r) => r.ok,
          () => false,
        );
        if (!ready) await new Promise((r) => setTimeout(r, 500));
      }
      assert.ok(ready, `the server never became ready (exit code ${server.exitCode}):\n${logs.slice(-3000)}`);
      const call = async (method: string, p: string, body?: unknown, token?: string) => {
        const r = await fetch(base + p, {
          method,
          headers: {
            ...(body ? { 'content-type': 'application/json' } : {}),
            ...(token ? { authorization: `Bearer ${token}` } : {}),
          },
          body: body ? JSON.stringify(body) : undefined,
        });
        return { status: r.status, body: (await r.json().catch(() => null)) as any };
      };
      const login = await call('POST', '/api/v1/session', { username: 'clerk.jinshui', password: 'onewindow-demo' });
      assert.equal(login.status, 201, 'logged in');
      const token = login.body.token as string;
      for (let i = 0; i < 3; i++) {
        const id = generateResidentId({ region: '410105', birthDate: `198${i}-0${i + 1}-1${i}`, seq: 600 + i });
        const phone = `1390371${String(4000 + i)}`;
        secrets.push(id, phone);
        const p = await call(
          'POST',
          '/api/v1/registry/persons',
          { residentId: id, name: `测试${i}`, phone, region: '410105' },
          token,
        );
        assert.equal(p.status, 201);
        const found = await call('POST', '/api/v1/registry/persons/lookup', { residentId: id }, token);
        assert.deepEqual([found.status, found.body.id], [200, p.body.id], 'lookup by ID');
        const byPhone = await call('POST', '/api/v1/registry/persons/search-by-phone', { phone }, token);
        assert.equal(byPhone.status, 200, 'search by phone');
        assert.deepEqual(
          byPhone.body.items.map((x: { id: string }) => x.id),
          [p.body.id],
        );
        const reveal = await call('POST', `/api/v1/registry/persons/${p.body.id}/reveal`, { reason: '核验' }, token);
        assert.equal(reveal.body.residentId, id, 'the reveal itself returns the full number to the caller');
        const newPhone = `1370371${String(5000 + i)}`;
        secrets.push(newPhone);
        const patched = await call(
          'PATCH',
          `/api/v1/registry/persons/${p.body.id}`,
          { version: 1, phone: newPhone },
          token,
        );
        assert.equal(patched.status, 200, 'phone changed');
        const repId = generateResidentId({ region: '410105', birthDate: '1970-01-01', seq: 700 + i });
        secrets.push(repId);
        const ent = await call(
          'POST',
          '/api/v1/registry/enterprises',
          {
            uscc: generateUscc({ division: '410105', seq: 9000 + i }),
            name: `扫描测试公司${i}`,
            orgType: 'enterprise',
            entityType: '有限责任公司',
            region: '410105',
            address: '测试路',
            industry: '62',
            legalRepresentative: { name: '法人', residentId: repId },
          },
          token,
        );
        assert.equal(ent.status, 201, 'enterprise with a legal representative registered');
        // Bad input must not echo personal data into errors or logs either.
        const bad = await call(
          'POST',
          '/api/v1/registry/persons',
          { residentId: id.slice(0, 17) + (id[17] === '0' ? '1' : '0'), name: 'x', phone, region: '410105' },
          token,
        );
        assert.deepEqual(
          [bad.status, bad.body.error.code],
          [400, 'RESIDENT_ID_CHECK_DIGIT'],
          'a mistyped ID is refused',
        );
      }
      const dup = await call(
        'POST',
        '/api/v1/registry/persons',
        { residentId: secrets[0], name: '重复', region: '410105' },
        token,
      );
      assert.deepEqual([dup.status, dup.body.error.code], [409, 'PERSON_ALREADY_REGISTERED'], 'a duplicate is refused');
    } finally {
      const exited = new Promise((r) => server.once('exit', r));
      server.kill('SIGTERM');
      await exited;
    }
    assert.ok(logs.includes('"req"'), 'request logs were written (trace level)');

    const hits: string[] = [];
    hits.push(...findSecrets('logs', logs, secrets));
    // Every table, every row, as JSON.
    const { openDb } = await import('../src/kernel/db/connect.ts');
    const check = dialect === 'sqlite' ? await openDb({ sqliteFile: path.join(dataDir, 'onewindow.sqlite') }) : db;
    const tables =
      dialect === 'sqlite'
        ? (await sql<{ name: string }>`select name from sqlite_master where type = 'table'`.execute(check.db)).rows.map(
            (r) => r.name,
          )
        : (
            await sql<{
              name: string;
            }>`select table_name as name from information_schema.tables where table_schema = current_schema()`.execute(
              check.db,
            )
          ).rows.map((r) => r.name);
    assert.ok(tables.includes('kernel_outbox') && tables.includes('registry_persons'));
    for (const table of tables) {
      const rows = (await sql`select * from ${sql.table(table)}`.execute(check.db)).rows;
      hits.push(...findSecrets(`table ${table}`, JSON.stringify(rows), secrets));
    }
    if (dialect === 'sqlite') {
      await check.close();
      for (const f of fs.readdirSync(dataDir).filter((f) => f.startsWith('onewindow.sqlite'))) {
        hits.push(...findSecrets(`file ${f}`, fs.readFileSync(path.join(dataDir, f)).toString('latin1'), secrets));
      }
    }
    assert.deepEqual(hits, []);
    if (dialect === 'sqlite') fs.rmSync(dataDir, { recursive: true, force: true });
    else await db.drop();
  });
}

test('the scanner itself finds a secret hidden in base64 and in a JWT payload', () => {
  const secret = '11010519491231002X';
  assert.equal(
    findSecrets('x', `{"a":"${Buffer.from(`{"id":"${secret}"}`).toString('base64')}"}`, [secret]).length > 0,
    true,
  );
  const jwt = `eyJhbGciOiJub25lIn0.${Buffer.from(JSON.stringify({ sub: secret })).toString('base64url')}.`;
  assert.equal(findSecrets('x', `token=${jwt}`, [secret]).length > 0, true);
  assert.deepEqual(findSecrets('x', 'nothing here', [secret]), []);
});
