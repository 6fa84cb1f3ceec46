/**
 * The 12345 hotline as people meet it, in Debian's Chromium against `onewindow start` on a fresh data folder:
 * the Zhengzhou operator takes a call and dispatches it by the routing rules (the suggested routing), the Zhengzhou
 * 住建 handler accepts and replies in the department queue, the operator calls back (satisfied), and the ticket then
 * tracks as resolved and confirmed; the handler attaches a photo to the reply, and a citizen submits a request with
 * a photo. Endpoints: POST /api/v1/hotline/tickets, GET /api/v1/hotline/tickets, POST …/accept, …/attachments,
 * …/reply, …/callback, POST /api/v1/hotline/public/track, POST /api/v1/hotline/my/tickets (+ …/attachments).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modalSettled, pickOption, serverAndBrowser } from './support/server.ts';

const { url, signedIn } = serverAndBrowser('ow-hotline-browser-');
const CONTENT = '浏览器测试：农业路人行道护栏倒伏，存在安全隐患';
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.from('photo')]);

test('an operator takes a call and dispatches it, the department replies, the callback marks it satisfied', async () => {
  const operator = await signedIn('hotline.zhengzhou');
  let page = operator.page;
  await page.goto(url('/hotline'));
  await pickOption(page, 'intake-topic', '道路与市政设施');
  await page.getByTestId('intake-content').fill(CONTENT);
  await page.getByTestId('intake-phone').fill('13800000099');
  await page.getByTestId('intake-dispatch').click();
  const created = await page.getByTestId('created').innerText();
  const number = /(\d{17})/.exec(created)?.[1];
  assert.ok(number, created);
  assert.deepEqual(operator.errors, []);

  const handler = await signedIn('staff.zhengzhou.zj');
  page = handler.page;
  await page.goto(url('/hotline/queue'));
  const row = page.locator('.ant-table-row').filter({ hasText: number });
  await row.getByTestId('move-accept').click();
  await modalSettled(page);
  await page.getByTestId('move-ok').click();
  // While handling, the department attaches a photo of the fix to its reply.
  await row.getByText('办理中').waitFor();
  await row.getByTestId('ticket-files').click();
  await modalSettled(page);
  await page.getByTestId('attachment-input').setInputFiles({ name: '扶正后.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('ticket-attachments').getByText('扶正后.png').waitFor();
  await page.keyboard.press('Escape');
  await page.getByTestId('ticket-attachments').waitFor({ state: 'detached' });
  await row.getByTestId('move-reply').click();
  await modalSettled(page);
  await pickOption(page, 'move-outcome', '已解决');
  await page.getByTestId('move-reply-text').fill('已安排人员扶正护栏并加固。');
  await page.getByTestId('move-ok').click();
  await row.getByText('已答复待回访').waitFor();
  assert.deepEqual(handler.errors, []);

  page = operator.page;
  await page.goto(url('/hotline'));
  const toCall = page.locator('.ant-table-row').filter({ hasText: number });
  await toCall.getByTestId('reveal-caller').click(); // the full number to call back (a logged read)
  await toCall.getByTestId('caller-full').getByText('13800000099').waitFor();
  await toCall.getByTestId('callback-satisfied').click();
  await toCall.waitFor({ state: 'detached' });

  const anyone = await signedIn(null);
  page = anyone.page;
  await page.goto(url('/hotline/track'));
  await page.getByLabel('工单编号').fill(number);
  await page.getByLabel('联系电话').fill('13800000099');
  await page.getByRole('button', { name: '查询' }).click();
  await page.getByTestId('ticket-status').getByText('已解决（市民确认）').waitFor();
  assert.match(await page.locator('main').innerText(), /已安排人员扶正护栏并加固/);
  assert.deepEqual(anyone.errors, []);
});

test('a citizen submits a request with a photo and finds the file on their request', async () => {
  const citizen = await signedIn('citizen.demo');
  const page = citizen.page;
  await page.goto(url('/hotline/submit'));
  await pickOption(page, 'submit-topic', '道路与市政设施');
  await page.getByTestId('submit-content').fill('浏览器测试：文化路井盖缺失');
  await page.getByTestId('submit-region').fill('410105');
  await page.getByTestId('submit-phone').fill('13900000022');
  await page.getByTestId('submit-files').setInputFiles({ name: '井盖.png', mimeType: 'image/png', buffer: PNG });
  await page.getByTestId('submit-ok').click();
  const item = page.locator('.ant-list-item').filter({ hasText: '文化路井盖缺失' });
  await item.getByTestId('my-ticket-files').click();
  await page.getByTestId('ticket-attachments').getByText('井盖.png').waitFor();
  assert.deepEqual(citizen.errors, []);
});
