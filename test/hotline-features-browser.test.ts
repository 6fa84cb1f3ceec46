/**
 * Hotline transfers and the public report as people meet them, in Debian's Chromium against `onewindow start`: a
 * ticket registered through the API (as an Open311 or transferred one would be) waits on the Zhengzhou operator's
 * dispatch list; the operator transfers it to the province center with a reason; it leaves Zhengzhou's list and the
 * province operator finds it, with the transfer in its history; anyone reads the monthly public report, and axe finds
 * nothing serious on it. Endpoints: POST /api/v1/session, POST /api/v1/hotline/tickets, GET /api/v1/hotline/tickets,
 * GET /api/v1/hotline/centers, POST …/transfer, GET …/timeline, GET /api/v1/hotline/public/reports/:month.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { axe, modalSettled, pickOption, serverAndBrowser } from './support/server.ts';

const { url, signedIn } = serverAndBrowser('ow-hotline-features-browser-');
const CONTENT = '浏览器测试：跨市诉求，需省中心协调';

async function token(username: string): Promise<string> {
  const r = await fetch(url('/api/v1/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'onewindow-demo' }),
  });
  return ((await r.json()) as { token: string }).token;
}

test('an operator transfers a ticket to the province center; the province sees it and its history; the public report reads', async () => {
  const tok = await token('hotline.zhengzhou');
  const r = await fetch(url('/api/v1/hotline/tickets'), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
    body: JSON.stringify({
      requestType: 'complaint',
      topicCode: 'urban.roads',
      content: CONTENT,
      region: '410105',
      callerPhone: '13800000098',
    }),
  });
  const ticket = (await r.json()) as { number: string; status: string };
  assert.equal(ticket.status, 'registered');

  const operator = await signedIn('hotline.zhengzhou', { bypassCSP: true });
  let page = operator.page;
  await page.goto(url('/hotline'));
  const row = page.locator('.ant-table-row').filter({ hasText: ticket.number });
  await row.getByTestId('ticket-transfer').click();
  await modalSettled(page);
  await pickOption(page, 'move-center', '河南省12345热线中心');
  await page.getByTestId('move-reason').fill('涉及多个地市，请省中心协调');
  await page.getByTestId('move-ok').click();
  await row.waitFor({ state: 'detached' });
  assert.deepEqual(operator.errors, []);

  const province = await signedIn('hotline.province', { bypassCSP: true });
  page = province.page;
  await page.goto(url('/hotline'));
  const theirs = page.locator('.ant-table-row').filter({ hasText: ticket.number });
  await theirs.getByTestId('ticket-history').click();
  await page.getByTestId('ticket-timeline').getByText('从郑州市12345热线中心转至河南省12345热线中心').waitFor();
  assert.match(await page.getByTestId('ticket-timeline').innerText(), /涉及多个地市，请省中心协调/);
  assert.deepEqual(province.errors, []);

  const anyone = await signedIn(null, { bypassCSP: true });
  page = anyone.page;
  await page.goto(url('/hotline/report'));
  await page.getByTestId('report-total').waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /按诉求类型/);
  assert.ok(!text.includes(CONTENT) && !text.includes(ticket.number));
  assert.deepEqual(await axe(page), [], 'public report page');
  assert.deepEqual(anyone.errors, []);
});
