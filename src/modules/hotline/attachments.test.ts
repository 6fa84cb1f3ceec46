/** Ticket attachments through the API, on every dialect: who uploads what when, who sees which file, the chain. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { testDialects } from '../../kernel/db/testing.ts';
import { actionsOf } from '../../kernel/audit.ts';
import { verifyAuditChain } from '../../kernel/audit-verify.ts';
import type { TestApp } from '../../server/testing.ts';
import { api, hotlineApp, type Headers } from './test-fixtures.ts';
import { MAX_ATTACHMENT_BYTES } from './attachments.ts';

const dialects = await testDialects();

const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('caller-photo')]);
const PDF = Buffer.from('%PDF-1.7\n% the center note\n%%EOF\n');
const JPEG = Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from('reply-photo')]);

function upload(t: TestApp, h: Headers, url: string, bytes: Buffer, type = 'application/octet-stream') {
  return t.app.inject({ method: 'POST', url, headers: { ...h, 'content-type': type }, payload: bytes });
}

for (const dialect of dialects) {
  test(`[${dialect}] attachments: caller, center and reply files; confidential callers' files hidden from the department`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const scjg = await t.login('lead.zhengzhou');
      const tk = await a.create(op, { confidential: true, dispatch: {} });
      const base = `/api/v1/hotline/tickets/${tk.id}/attachments`;

      // The operator takes in the caller's photo (the default kind) and adds a note of the center's own.
      const photo = await upload(t, op, `${base}?name=${encodeURIComponent('现场/照片.png')}`, PNG, 'image/jpeg');
      assert.equal(photo.statusCode, 201, photo.body);
      assert.equal(photo.json().kind, 'caller');
      assert.equal(photo.json().contentType, 'image/png'); // sniffed, whatever was declared
      assert.equal(photo.json().name, '照片.png'); // no folders
      assert.equal(photo.json().sha256, createHash('sha256').update(PNG).digest('hex'));
      const note = (await upload(t, op, `${base}?name=note.pdf&kind=center`, PDF)).json();
      assert.equal(note.kind, 'center');

      // Refusals: not a known type by its content, empty, too large, no name.
      const exe = await upload(t, op, `${base}?name=a.png`, Buffer.from('MZ not an image'), 'image/png');
      assert.equal(exe.statusCode, 415);
      assert.equal(exe.json().error.code, 'ATTACHMENT_TYPE_NOT_ALLOWED');
      assert.ok(exe.json().error.message.zh && exe.json().error.message.en);
      assert.equal((await upload(t, op, `${base}?name=a.png`, Buffer.alloc(0))).json().error.code, 'ATTACHMENT_EMPTY');
      const big = Buffer.concat([PDF, Buffer.alloc(MAX_ATTACHMENT_BYTES)]);
      assert.equal((await upload(t, op, `${base}?name=big.pdf`, big)).statusCode, 413);
      assert.equal((await upload(t, op, base, PDF)).statusCode, 400);

      // The department sees the center's note but not the confidential caller's photo (404, as an absent file).
      const seen = await a.ok('GET', base, zj);
      assert.deepEqual(
        seen.items.map((x: any) => x.kind),
        ['center'],
      );
      const hidden = await a.call('GET', `${base}/${photo.json().id}`, zj);
      const absent = await a.call('GET', `${base}/no-such-file`, zj);
      assert.equal(hidden.statusCode, 404);
      assert.equal(hidden.json().error.code, absent.json().error.code);
      // Another department's staff reach neither the ticket nor its files.
      assert.equal((await a.call('GET', base, scjg)).statusCode, 404);
      assert.equal((await upload(t, scjg, `${base}?name=x.pdf`, PDF)).statusCode, 404);

      // The department adds files to its reply only while handling the ticket.
      const early = await upload(t, zj, `${base}?name=reply.jpg`, JPEG);
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'ATTACHMENTS_CLOSED');
      await a.moveOk(zj, tk.id, 'accept', { version: 2 });
      const replyFile = await upload(t, zj, `${base}?name=${encodeURIComponent('整改后.jpg')}`, JPEG);
      assert.equal(replyFile.statusCode, 201, replyFile.body);
      assert.equal(replyFile.json().kind, 'reply');
      await a.moveOk(zj, tk.id, 'reply', { version: 3, outcome: 'resolved', reply: '已修复。' });
      assert.equal((await upload(t, zj, `${base}?name=late.jpg`, JPEG)).statusCode, 409);

      // The center side sees everything and downloads the bytes as uploaded, with their digest.
      const all = await a.ok('GET', base, op);
      assert.deepEqual(
        all.items.map((x: any) => x.kind),
        ['caller', 'center', 'reply'],
      );
      const dl = await a.call('GET', `${base}/${photo.json().id}`, op);
      assert.equal(dl.statusCode, 200);
      assert.ok(dl.rawPayload.equals(PNG));
      assert.equal(dl.headers['content-type'], 'image/png');
      assert.equal(dl.headers['x-content-sha256'], photo.json().sha256);
      assert.match(String(dl.headers['content-disposition']), /filename\*=UTF-8''%E7%85%A7%E7%89%87\.png/);
      const dlReply = await a.call('GET', `${base}/${replyFile.json().id}`, zj);
      assert.ok(dlReply.rawPayload.equals(JPEG));

      // A closed ticket takes no more files.
      await a.callback(op, tk.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      assert.equal((await upload(t, op, `${base}?name=after.pdf`, PDF)).json().error.code, 'ATTACHMENTS_CLOSED');

      // Each upload is an action row on the ticket's chain, naming no file; the chain verifies.
      const attach = (await actionsOf(t.k.db, 'hotline.ticket', tk.id)).filter((x) => x.action === 'attach');
      assert.equal(attach.length, 3);
      assert.ok(!JSON.stringify(attach).includes('照片'));
      const timeline = await a.ok('GET', `/api/v1/hotline/tickets/${tk.id}/timeline`, op);
      assert.ok(JSON.stringify(timeline).includes('上传附件'));
      assert.ok((await verifyAuditChain(t.k.db, t.k.adapter)).ok);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] attachments: the citizen uploads to their own request and reads the reply's file, not the center's`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const citizen = await t.login('citizen.demo');
      const mine = await a.ok('POST', '/api/v1/hotline/my/tickets', citizen, {
        requestType: 'complaint',
        topicCode: 'urban.roads',
        content: '文化路人行道地砖破损',
        region: '410105',
        callerPhone: '13900000022',
        confidential: true,
      });
      const own = `/api/v1/hotline/my/tickets/${mine.id}/attachments`;
      const photo = await upload(t, citizen, `${own}?name=road.png`, PNG);
      assert.equal(photo.statusCode, 201, photo.body);
      assert.equal(photo.json().kind, 'caller');
      // The staff path is not the citizen's, and another ticket is absent to them.
      assert.equal(
        (await upload(t, citizen, `/api/v1/hotline/tickets/${mine.id}/attachments?name=a.png`, PNG)).statusCode,
        403,
      );
      const other = await a.create(op, {});
      assert.equal(
        (await upload(t, citizen, `/api/v1/hotline/my/tickets/${other.id}/attachments?name=a.png`, PNG)).statusCode,
        404,
      );

      const staff = `/api/v1/hotline/tickets/${mine.id}/attachments`;
      await upload(t, op, `${staff}?name=note.pdf&kind=center`, PDF);
      await a.moveOk(op, mine.id, 'dispatch', { version: 1 });
      await a.moveOk(zj, mine.id, 'accept', { version: 2 });
      const reply = (await upload(t, zj, `${staff}?name=done.jpg`, JPEG)).json();
      // The department: the center's note and its own reply file, not the confidential caller's photo.
      assert.deepEqual(
        (await a.ok('GET', staff, zj)).items.map((x: any) => x.kind),
        ['center', 'reply'],
      );
      // The citizen: their photo and the reply's file, not the center's note.
      const list = await a.ok('GET', own, citizen);
      assert.deepEqual(
        list.items.map((x: any) => x.kind),
        ['caller', 'reply'],
      );
      const dl = await a.call('GET', `${own}/${reply.id}`, citizen);
      assert.ok(dl.rawPayload.equals(JPEG));
      const note = (await a.ok('GET', staff, op)).items.find((x: any) => x.kind === 'center');
      assert.equal((await a.call('GET', `${own}/${note.id}`, citizen)).statusCode, 404);
    } finally {
      await t.close();
    }
  });
}
