/** Past good replies in the knowledge base: which closures give one, personal data stripped, retired by a poor rating. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { hotlineSubscribers } from './subscribers.ts';
import { api, hotlineApp } from './test-fixtures.ts';
import { stripPersonalData } from './past-replies.ts';

const dialects = await testDialects();

const PERSONAL = [
  '王小明',
  '13912345678',
  '139 1234 5678',
  '41010519900101123X',
  '12号院',
  '501室',
  '王先生',
  '李女士',
  '13800001111',
  '0371-12345678',
  'wxm@example.com',
];

test('stripPersonalData: names, phones, ID numbers, e-mail and house numbers go; the matter stays', () => {
  const known = { names: ['王小明'], phones: ['13912345678'], addresses: ['金水区文化路12号院'] };
  const q = stripPersonalData(
    '我叫王小明，家住金水区文化路12号院3号楼2单元501室，电话139 1234 5678，身份证41010519900101123X，' +
      '楼下烧烤店油烟太大，邮箱wxm@example.com',
    known,
  );
  const a = stripPersonalData(
    '王先生您好，已责令文化路烧烤店安装油烟净化器。如有问题请拨打0371-12345678或联系李女士13800001111。',
    known,
  );
  for (const p of PERSONAL) assert.ok(!q.includes(p) && !a.includes(p), `${p} stripped: ${q} / ${a}`);
  assert.match(q, /我叫\[姓名\]/);
  assert.match(q, /楼下烧烤店油烟太大/);
  assert.match(a, /^市民您好，已责令文化路烧烤店安装油烟净化器/);
  // Without known values the patterns still catch a stranger's number and ID, and leave plain text alone.
  assert.equal(stripPersonalData('联系人张三，手机13700001234'), '联系人[姓名]，手机[电话]');
  const plain = '文化路人行道地砖破损，已于3日内修复2处。';
  assert.equal(stripPersonalData(plain), plain);
});

for (const dialect of dialects) {
  test(`[${dialect}] knowledge base: a resolved ticket with a satisfied callback becomes a past reply, stripped; a poor rating retires it`, async () => {
    const t = await hotlineApp(dialect);
    try {
      const a = api(t);
      const op = await t.login('hotline.zhengzhou');
      const zj = await t.login('staff.zhengzhou.zj');
      const citizen = await t.login('citizen.demo');
      const search = (q: string) =>
        a.ok('POST', '/api/v1/hotline/knowledge/search', op, { q, region: '410105' }) as Promise<{
          answers: Array<{ id: string; source: string; question: string; answer: string }>;
        }>;
      const handle = async (id: string, reply: string, outcome = 'resolved') => {
        await a.moveOk(zj, id, 'accept', { version: 2 });
        await a.moveOk(zj, id, 'reply', { version: 3, outcome, reply });
      };

      // Satisfied, resolved: it joins the knowledge base, with the caller's data stripped.
      const good = await a.create(op, {
        content:
          '我叫王小明，家住金水区文化路12号院3号楼2单元501室，电话13912345678，身份证41010519900101123X，楼下烧烤店油烟扰民。',
        callerName: '王小明',
        callerPhone: '13912345678',
        address: '金水区文化路12号院',
        dispatch: {},
      });
      await handle(
        good.id,
        '王先生您好，已责令烧烤店安装油烟净化器。如有问题请拨打0371-12345678或联系李女士13800001111。',
      );
      await a.callback(op, good.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      // Basically satisfied, explained, unreached: none of them is a model answer.
      const basic = await a.create(op, { content: '烧烤店油烟扰民，晚上营业到凌晨', dispatch: {} });
      await handle(basic.id, '已要求烧烤店缩短营业时间。');
      await a.callback(op, basic.id, { version: 4, reached: true, satisfaction: 'basically_satisfied' });
      const explained = await a.create(op, { content: '烧烤店油烟太大，要求取缔', dispatch: {} });
      await handle(explained.id, '该店证照齐全，无法取缔。', 'explained');
      await a.callback(op, explained.id, { version: 4, reached: true, satisfaction: 'satisfied' });

      const found = await search('烧烤店油烟');
      const past = found.answers.filter((x) => x.source === 'past_reply');
      assert.deepEqual(
        past.map((x) => x.id),
        [good.id],
      );
      const text = JSON.stringify(past);
      for (const p of PERSONAL) assert.ok(!text.includes(p), `${p} not in ${text}`);
      assert.match(past[0].answer, /油烟净化器/);
      const stored = JSON.stringify(await t.k.db.selectFrom('hotline_past_replies').selectAll().execute());
      assert.ok(!stored.includes('13912345678') && !stored.includes('王小明'));
      // Another city's operators do not find Zhengzhou's replies.
      const ly = await t.login('hotline.luoyang');
      const far = await a.ok('POST', '/api/v1/hotline/knowledge/search', ly, { q: '烧烤店油烟', region: '410300' });
      assert.equal(far.answers.filter((x: any) => x.source === 'past_reply').length, 0);

      // A ticket filed online and rated poorly after a satisfied callback leaves the knowledge base; a good rating keeps one.
      const file = (content: string) =>
        a.ok('POST', '/api/v1/hotline/my/tickets', citizen, {
          requestType: 'complaint',
          topicCode: 'urban.roads',
          content,
          region: '410105',
          callerPhone: '13900000022',
        });
      const poor = await file('路灯不亮，晚上出行不便');
      const fine = await file('井盖缺失，路灯旁有安全隐患');
      for (const tk of [poor, fine]) {
        await a.moveOk(op, tk.id, 'dispatch', { version: 1 });
        await handle(tk.id, '已修复路灯和井盖。');
        await a.callback(op, tk.id, { version: 4, reached: true, satisfaction: 'satisfied' });
      }
      assert.equal((await search('路灯')).answers.filter((x) => x.source === 'past_reply').length, 2);
      const dispatcher = new OutboxDispatcher(t.k, {
        subscribers: bindSubscribers(t.k, hotlineSubscribers),
        fanOutBatch: 1000,
        deliveryBatch: 1000,
      });
      await dispatcher.runOnce();
      const invitations = (await a.ok('GET', '/api/v1/ratings/invitations', citizen)).items as Array<{
        id: string;
        subjectId: string;
      }>;
      const inv = (id: string) => invitations.find((i) => i.subjectId === id)!.id;
      await a.ok('POST', `/api/v1/ratings/invitations/${inv(poor.id)}/rate`, citizen, {
        score: 2,
        comment: '路灯第二天又坏了',
      });
      await a.ok('POST', `/api/v1/ratings/invitations/${inv(fine.id)}/rate`, citizen, { score: 5 });
      await dispatcher.runOnce();
      await dispatcher.runOnce();
      assert.deepEqual(
        (await search('路灯')).answers.filter((x) => x.source === 'past_reply').map((x) => x.id),
        [fine.id],
      );
    } finally {
      await t.close();
    }
  });
}
