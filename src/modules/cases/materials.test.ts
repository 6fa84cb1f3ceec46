/** Case materials (uploads sniffed by content, digests, who may read) and deemed acceptance (a job), on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { deflateRawSync } from 'node:zlib';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../server/testing.ts';
import { JobRunner } from '../../kernel/jobs.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { FILLED, addAccount, publishedItem } from './test-fixtures.ts';
import { casesJobs } from './deemed.ts';
import { sniffMaterial, zipEntryNames } from '../../kernel/sniff.ts';
import { MAX_MATERIAL_BYTES } from './materials.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

/** A minimal zip (stored or deflated entries) with the given entry names, as OFD packages are. */
function zip(names: string[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const name of names) {
    const data = deflateRawSync(Buffer.from('<ofd:OFD/>'));
    const n = Buffer.from(name);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(data.length, 18);
    local.writeUInt16LE(n.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(data.length, 20);
    central.writeUInt16LE(n.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, n, data);
    centrals.push(central, n);
    offset += 30 + n.length + data.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(names.length, 8);
  end.writeUInt16LE(names.length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const PDF = Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(16)]);
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.alloc(16)]);

test('sniffing: PDF, JPEG, PNG and OFD (a zip holding OFD.xml) by content; anything else is none of them', () => {
  assert.equal(sniffMaterial(PDF), 'application/pdf');
  assert.equal(sniffMaterial(JPEG), 'image/jpeg');
  assert.equal(sniffMaterial(PNG), 'image/png');
  assert.deepEqual(zipEntryNames(zip(['OFD.xml', 'Doc_0/Document.xml'])), ['OFD.xml', 'Doc_0/Document.xml']);
  assert.equal(sniffMaterial(zip(['OFD.xml', 'Doc_0/Document.xml'])), 'application/ofd');
  assert.equal(sniffMaterial(zip(['word/document.xml'])), null, 'a zip without OFD.xml (a .docx) is not OFD');
  assert.equal(sniffMaterial(zip(['Doc_0/OFD.xml'])), null, 'OFD.xml must be the root entry');
  assert.equal(sniffMaterial(Buffer.from('MZ\x90\x00 an executable')), null);
  assert.equal(sniffMaterial(Buffer.from('<html>%PDF-</html>')), null, 'the signature must come first');
  assert.equal(sniffMaterial(Buffer.from('PK\x03\x04 truncated zip')), null);
});

function upload(t: TestApp, h: Headers, id: string, name: string, body: Buffer, type = 'application/octet-stream') {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/cases/${id}/materials?name=${encodeURIComponent(name)}`,
    headers: { ...h, 'content-type': type },
    payload: body,
  });
}

for (const dialect of dialects) {
  test(`[${dialect}] materials: uploaded by the applicant or the clerk, typed by content, digest kept and checked, read only by those who see the case`, async () => {
    const t = await testApp(dialect);
    try {
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: citizen,
        payload: { itemId, region: '410105', form: FILLED },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      const c = filed.json();

      // A PDF declared as octet-stream, and an OFD declared as PDF: the stored type is what the content is.
      const r1 = await upload(t, citizen, c.id, '../../申请书.pdf', PDF);
      assert.equal(r1.statusCode, 201, r1.body);
      const m1 = r1.json();
      assert.equal(m1.name, '申请书.pdf', 'path parts removed');
      assert.equal(m1.contentType, 'application/pdf');
      assert.equal(m1.size, PDF.length);
      assert.equal(m1.sha256, createHash('sha256').update(PDF).digest('hex'));
      const ofd = zip(['OFD.xml', 'Doc_0/Document.xml']);
      const r2 = await upload(t, citizen, c.id, '营业执照', ofd, 'application/pdf');
      assert.equal(r2.statusCode, 201, r2.body);
      assert.equal(r2.json().contentType, 'application/ofd');

      // Refused: another type (415), empty (400), too large (413), no name (400).
      const exe = await upload(t, citizen, c.id, 'a.pdf', Buffer.from('MZ\x90\x00 not a pdf at all'));
      assert.equal(exe.statusCode, 415);
      assert.equal(exe.json().error.code, 'MATERIAL_TYPE_NOT_ALLOWED');
      assert.ok(exe.json().error.message.zh.includes('PDF'));
      assert.equal((await upload(t, citizen, c.id, 'a.pdf', Buffer.alloc(0))).statusCode, 400);
      const big = Buffer.concat([PDF, Buffer.alloc(MAX_MATERIAL_BYTES)]);
      assert.equal((await upload(t, citizen, c.id, 'big.pdf', big)).statusCode, 413);
      const noName = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/materials`,
        headers: { ...citizen, 'content-type': 'application/octet-stream' },
        payload: PDF,
      });
      assert.equal(noName.statusCode, 400);

      // Listed on the case; the window clerk adds one too; each upload is an action in the case's log.
      const clerk = await t.login('clerk.jinshui');
      assert.equal((await upload(t, clerk, c.id, '身份证.png', PNG)).statusCode, 201);
      const list = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/materials`, headers: citizen });
      assert.equal(list.statusCode, 200);
      assert.deepEqual(
        list.json().items.map((m: any) => [m.name, m.contentType]),
        [
          ['申请书.pdf', 'application/pdf'],
          ['营业执照', 'application/ofd'],
          ['身份证.png', 'image/png'],
        ],
      );
      const log = await actionsOf(t.k.db, 'cases.case', c.id);
      assert.equal(log.filter((a) => a.action === 'add_material').length, 3);
      const events = await t.k.db.selectFrom('kernel_outbox').select('type').where('subject_id', '=', c.id).execute();
      assert.equal(events.filter((e) => e.type === 'cases.material.added').length, 3);
      const timeline = await t.app.inject({ method: 'GET', url: `/api/v1/cases/${c.id}/timeline`, headers: citizen });
      assert.ok(timeline.json().items.some((e: any) => e.label.zh === '上传申请材料'));

      // Download: the bytes, their type and a UTF-8 file name; the reviewer in Zhengzhou reads it too.
      const dl = await t.app.inject({
        method: 'GET',
        url: `/api/v1/cases/${c.id}/materials/${m1.id}`,
        headers: citizen,
      });
      assert.equal(dl.statusCode, 200);
      assert.equal(dl.headers['content-type'], 'application/pdf');
      assert.match(String(dl.headers['content-disposition']), /filename\*=UTF-8''%E7%94%B3%E8%AF%B7%E4%B9%A6\.pdf/);
      assert.deepEqual(dl.rawPayload, PDF);
      const reviewer = await t.login('reviewer.zhengzhou');
      const byReviewer = `/api/v1/cases/${c.id}/materials/${m1.id}`;
      assert.equal((await t.app.inject({ method: 'GET', url: byReviewer, headers: reviewer })).statusCode, 200);
      // Outside the case's sight: as absent (404), for the list and the file alike.
      const luoyang = await addAccount(t, 'reviewer.luoyang', ['reviewer'], '410300', '410300-SCJG');
      for (const url of [`/api/v1/cases/${c.id}/materials`, byReviewer]) {
        const r = await t.app.inject({ method: 'GET', url, headers: luoyang });
        assert.equal(r.statusCode, 404, `${url}: ${r.body}`);
      }
      assert.equal((await t.app.inject({ method: 'GET', url: byReviewer })).statusCode, 401);

      // Once accepted, the materials are closed.
      const accepted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/accept`,
        headers: clerk,
        payload: { version: c.version },
      });
      assert.equal(accepted.statusCode, 200, accepted.body);
      const late = await upload(t, citizen, c.id, 'late.pdf', PDF);
      assert.equal(late.statusCode, 409);
      assert.equal(late.json().error.code, 'MATERIALS_CLOSED');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] deemed acceptance: 5 working days across National Day 2026 (Sat 10-10 works), by the system, flagged, once`, async () => {
    // Mon 2026-09-28 09:00 Shanghai: 5 working days are 9-29, 9-30, 10-09, 10-10 (the adjusted Saturday) … due 10-10.
    const t = await testApp(dialect, { start: '2026-09-28T01:00:00Z' });
    try {
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const filed = await t.app.inject({
        method: 'POST',
        url: '/api/v1/cases',
        headers: citizen,
        payload: { itemId, region: '410105', form: FILLED },
      });
      assert.equal(filed.statusCode, 201, filed.body);
      const c = filed.json();
      assert.equal(c.deadlines.find((d: any) => d.purpose === 'acceptance').dueDate, '2026-10-10');
      const runner = new JobRunner({ db: t.k.db, adapter: t.k.adapter, clock: t.clock });
      for (const [kind, handler] of Object.entries(casesJobs(t.k))) runner.register(kind, handler);
      // Signed in afresh after each move of the clock (sessions expire).
      const get = async (id = c.id) =>
        (
          await t.app.inject({ method: 'GET', url: `/api/v1/cases/${id}`, headers: await t.login('citizen.demo') })
        ).json();

      // During the holiday and on the adjusted Saturday itself: not yet due, nothing happens.
      t.clock.set('2026-10-05T02:00:00Z');
      assert.equal((await runner.runOnce()).claimed, 0);
      t.clock.set('2026-10-10T15:00:00Z'); // 23:00 Shanghai on Sat 10-10
      assert.equal((await runner.runOnce()).claimed, 0);
      assert.equal((await get()).status, 'submitted');

      // Sunday 10-11: the limit has passed.
      t.clock.set('2026-10-11T01:00:00Z');
      const r = await runner.runOnce();
      assert.deepEqual([r.claimed, r.done], [1, 1]);
      const after = await get();
      assert.equal(after.status, 'accepted');
      assert.equal(after.acceptedAt, '2026-09-28T01:00:00.000Z', 'accepted from the day it was received');
      assert.deepEqual(after.flags, ['deemed_accepted']);
      // The decision clock runs from the submission day: 5 promised working days from Mon 9-28 → Sat 10-10.
      assert.equal(after.deadlines.find((d: any) => d.purpose === 'decision').dueDate, '2026-10-10');
      const log = await actionsOf(t.k.db, 'cases.case', c.id);
      const deemed = log.filter((a) => a.action === 'deem_accepted');
      assert.equal(deemed.length, 1);
      assert.equal(deemed[0].actorId, 'system');
      assert.match(deemed[0].reason ?? '', /第三十二条/);
      const events = await t.k.db.selectFrom('kernel_outbox').select('type').where('subject_id', '=', c.id).execute();
      assert.equal(events.filter((e) => e.type === 'cases.case.deemed_accepted').length, 1);
      const tl = (
        await t.app.inject({
          method: 'GET',
          url: `/api/v1/cases/${c.id}/timeline`,
          headers: await t.login('citizen.demo'),
        })
      ).json();
      assert.deepEqual(tl.items.at(-1).actor, { name: '系统', role: 'system' });
      assert.equal(tl.items.at(-1).label.zh, '逾期视为受理');

      // Idempotent: the job again (at least once delivery) changes nothing.
      const { deemAcceptedIfOverdue } = await import('./deemed.ts');
      assert.equal(await deemAcceptedIfOverdue(t.k, c.id, t.clock.now()), false);
      assert.equal((await actionsOf(t.k.db, 'cases.case', c.id)).filter((a) => a.action === 'deem_accepted').length, 1);
      // No route exposes the move.
      const direct = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/deem_accepted`,
        headers: await t.login('lead.zhengzhou'),
        payload: { version: after.version, reason: 'x' },
      });
      assert.equal(direct.statusCode, 404);

      // A case accepted in time is left alone by its job.
      t.clock.set('2026-10-12T01:00:00Z');
      const other = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: await t.login('citizen.demo'),
          payload: { itemId, region: '410105', form: FILLED },
        })
      ).json();
      const clerk = await t.login('clerk.jinshui');
      const ok = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${other.id}/accept`,
        headers: clerk,
        payload: { version: other.version },
      });
      assert.equal(ok.statusCode, 200, ok.body);
      t.clock.set('2026-10-30T01:00:00Z');
      const r2 = await runner.runOnce();
      assert.deepEqual([r2.claimed, r2.done], [1, 1]);
      const o = await get(other.id);
      assert.deepEqual(o.flags, []);
      assert.equal(o.acceptedAt, '2026-10-12T01:00:00.000Z');
    } finally {
      await t.close();
    }
  });
}
