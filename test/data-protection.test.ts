/**
 * Data protection across every module (issue 14), on both databases: after 郑州's records of every module are made
 * (test/support/cross-city.ts: cases with resident ID and phone in their forms, a certificate, a 12345 ticket with a
 * caller, inspections, the registry), no plaintext resident ID or phone number is found in any table (event payloads
 * included), the SQLite files, a `pg_dump` of the PostgreSQL database, the SQLite backup, or the holder's credential
 * (its JWT payload decoded). Then `onewindow backup` and `restore` into a fresh database: the audit chains verify, a
 * sample of records matches, and the stored files come back. Uploaded files: typed by content, stored under
 * generated names, served as attachments with nosniff. (test/pii-scan.test.ts covers trace-level server logs.)
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { sql } from 'kysely';
import { freshDb, testDialects, type TestDb } from '../src/kernel/db/testing.ts';
import { runCli, testApp } from '../src/server/testing.ts';
import { openDb } from '../src/kernel/db/connect.ts';
import { verifyAuditChain } from '../src/kernel/audit-verify.ts';
import { platformJwks } from '../src/kernel/platform-keys.ts';
import { FsBlobStore } from '../src/kernel/blobs.ts';
import { generateResidentId } from '../src/kernel/validators/resident-id.ts';
import { seedCityA } from './support/cross-city.ts';
import { FILLED } from '../src/modules/certificates/test-fixtures.ts';
import { findSecretsIn } from './support/pii.ts';

const dialects = await testDialects();

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');

for (const dialect of dialects) {
  test(`[${dialect}] no plaintext ID or phone in any module's data, dump, backup or credential; backup restores whole`, async () => {
    const t = await testApp(dialect);
    let restoredDb: TestDb | undefined;
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-dp-'));
    try {
      await seedCityA(t);
      const secrets = [
        '410105198808080016', // the case form's applicant (certificates' FILLED), also the certificate's holder
        '13812345678',
        generateResidentId({ region: '410105', birthDate: '1979-03-03', seq: 321 }),
        '13903710321',
        generateResidentId({ region: '410105', birthDate: '1970-01-01', seq: 322 }),
        generateResidentId({ region: '410105', birthDate: '1988-08-08', seq: 888 }), // citizen.demo
        '13903710999',
      ];
      // A 12345 ticket with a named caller and their phone.
      const op = await t.login('hotline.zhengzhou');
      const ticket = await t.app.inject({
        method: 'POST',
        url: '/api/v1/hotline/tickets',
        headers: { ...op, 'idempotency-key': 'dp-ticket' },
        payload: {
          requestType: 'complaint',
          topicCode: 'urban.roads',
          content: '路灯不亮（数据保护测试）',
          region: '410105',
          callerName: '王来电',
          callerPhone: '13903710999',
        },
      });
      assert.equal(ticket.statusCode, 201, ticket.body);

      // Uploads: a PDF is stored under a generated name and served as an attachment; an executable named .pdf is not.
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const granted = await t.k.db
        .selectFrom('cases_cases')
        .select(['id', 'item_id'])
        .where('status', '=', 'granted')
        .executeTakeFirstOrThrow();
      // Materials go to a case awaiting acceptance: a second application for the same item.
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: citizen,
        payload: { itemId: granted.item_id, region: '410105', form: FILLED },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      const pending = filed.json() as { id: string };
      const up = (name: string, body: Buffer) =>
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${pending.id}/materials?name=${encodeURIComponent(name)}`,
          headers: { ...clerk, 'content-type': 'application/octet-stream' },
          payload: body,
        });
      const bad = await up('申请书.pdf', Buffer.from('MZ\x90\x00 an executable'));
      assert.equal(bad.statusCode, 415, bad.body);
      const good = await up('../../etc/申请书.pdf', PDF);
      assert.equal(good.statusCode, 201, good.body);
      const row = await t.k.db.selectFrom('cases_materials').selectAll().executeTakeFirstOrThrow();
      assert.ok(!row.storage_key.includes('申请书') && !row.storage_key.includes('..'), row.storage_key);
      assert.equal(row.sha256, createHash('sha256').update(PDF).digest('hex'));
      const down = await t.app.inject({ url: `/api/v1/cases/${pending.id}/materials/${row.id}`, headers: clerk });
      assert.equal(down.statusCode, 200);
      assert.equal(down.headers['content-type'], 'application/pdf');
      assert.match(String(down.headers['content-disposition']), /^attachment; filename="/);
      assert.equal(down.headers['x-content-type-options'], 'nosniff');

      // The holder's credential: ID and phone neither in it nor in its decoded payload.
      const mine = (await t.app.inject({ url: '/api/v1/certificates/mine', headers: citizen })).json();
      assert.equal(mine.length, 1, 'a certificate was issued');
      const cred = await t.app.inject({ url: `/api/v1/certificates/mine/${mine[0].id}/credential`, headers: citizen });
      assert.equal(cred.statusCode, 200);
      const hits = findSecretsIn('credential', cred.body, secrets);

      // Every table, row by row, as JSON (the outbox's event payloads included).
      const tables = (await t.k.db.introspection.getTables()).map((x) => x.name);
      assert.ok(
        ['kernel_outbox', 'cases_cases', 'hotline_tickets', 'certificates_certificates'].every((x) =>
          tables.includes(x),
        ),
      );
      for (const table of tables) {
        const rows = (await sql`select * from ${sql.table(table)}`.execute(t.db.db.withoutPlugins())).rows;
        const text = JSON.stringify(rows);
        hits.push(...findSecretsIn(`table ${table}`, text, secrets));
      }
      assert.ok(
        (await t.k.db.selectFrom('cases_cases').select('form_data').execute()).length >= 4,
        'cases with forms were scanned',
      );

      const key = String(t.k.config.dataKey);
      const file = path.join(work, dialect === 'sqlite' ? 'backup.sqlite' : 'backup.pgdump');
      let env: Record<string, string>;
      if (dialect === 'sqlite') {
        const dir = t.db.env.ONEWINDOW_DATA_DIR;
        // The database file and the stored files under one data directory, as a deployment has them.
        fs.cpSync(path.join(t.dataDir, 'blobs'), path.join(dir, 'blobs'), { recursive: true });
        env = { ONEWINDOW_DATA_DIR: dir, ONEWINDOW_DATA_KEY: key };
        for (const f of fs.readdirSync(dir).filter((f) => f.startsWith('onewindow.sqlite')))
          hits.push(...findSecretsIn(`file ${f}`, fs.readFileSync(path.join(dir, f)).toString('latin1'), secrets));
      } else {
        env = { ...t.db.env, ONEWINDOW_DATA_DIR: t.dataDir, ONEWINDOW_DATA_KEY: key };
        const dump = execFileSync('pg_dump', ['--no-owner', '--data-only', t.db.env.DATABASE_URL], {
          maxBuffer: 512 * 1024 * 1024,
        }).toString('utf8');
        assert.ok(dump.includes('cases_cases'), 'the dump holds the data');
        hits.push(...findSecretsIn('pg_dump', dump, secrets));
      }
      const b = await runCli(env, 'backup', file);
      assert.equal(b.code, 0, b.stderr);
      if (dialect === 'sqlite')
        hits.push(...findSecretsIn('backup file', fs.readFileSync(file).toString('latin1'), secrets));
      assert.deepEqual(hits, []);

      // Restore into a fresh database and data directory.
      const freshDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-dp-restored-'));
      let restoreEnv: Record<string, string>;
      if (dialect === 'sqlite') restoreEnv = { ONEWINDOW_DATA_DIR: freshDir, ONEWINDOW_DATA_KEY: key };
      else {
        restoredDb = await freshDb('postgres');
        restoreEnv = { ...restoredDb.env, ONEWINDOW_DATA_DIR: freshDir, ONEWINDOW_DATA_KEY: key };
      }
      const r = await runCli(restoreEnv, 'restore', file);
      assert.equal(r.code, 0, r.stderr);
      const back =
        dialect === 'sqlite' ? await openDb({ sqliteFile: path.join(freshDir, 'onewindow.sqlite') }) : restoredDb!;
      try {
        const report = await verifyAuditChain(back.db, back.adapter, {
          keys: platformJwks(t.k.config).keys,
          now: t.clock.now(),
        });
        assert.equal(report.ok, true, JSON.stringify(report.problems.slice(0, 3)));
        assert.ok(report.links > 1000, `${report.links} links verified`);
        for (const table of [
          'cases_cases',
          'hotline_tickets',
          'certificates_certificates',
          'inspections_tasks',
          'registry_persons',
          'kernel_actions',
        ] as const) {
          const pick = async (db: typeof back.db) =>
            (await sql<{ id: string }>`select * from ${sql.table(table)} order by id`.execute(db)).rows.map((x) =>
              JSON.stringify(x),
            );
          const [was, is] = [await pick(t.db.db.withoutPlugins()), await pick(back.db.withoutPlugins())];
          assert.ok(was.length > 0, `${table} has rows`);
          assert.deepEqual(is, was, `${table} restored as it was`);
        }
        const blobs = new FsBlobStore(path.join(freshDir, 'blobs'));
        assert.deepEqual(await blobs.get(row.storage_key), PDF, 'the uploaded file is back');
      } finally {
        if (dialect === 'sqlite') await back.close();
      }
      fs.rmSync(freshDir, { recursive: true, force: true });
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
      await t.close();
      await restoredDb?.drop();
    }
  });
}
