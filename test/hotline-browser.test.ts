/**
 * The 12345 hotline as people meet it, in Debian's Chromium against `onewindow start` on a fresh data folder:
 * the Zhengzhou operator takes a call and dispatches it by the routing rules (the suggested routing), the Zhengzhou
 * 住建 handler accepts and replies in the department queue, the operator calls back (satisfied), and the ticket then
 * tracks as resolved and confirmed. Endpoints: POST /api/v1/hotline/tickets, GET /api/v1/hotline/tickets,
 * POST …/accept, …/reply, …/callback, POST /api/v1/hotline/public/track.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { login, modalSettled, pickOption, serverAndBrowser } from './support/server.ts';

const { url, browser } = serverAndBrowser('ow-hotline-browser-');
const CONTENT = '浏览器测试：农业路人行道护栏倒伏，存在安全隐患';

async function signedIn(username: string | null): Promise<{ page: Page; errors: string[] }> {
  const context = await browser().newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (username) await login(page, url, username);
  return { page, errors };
}

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
