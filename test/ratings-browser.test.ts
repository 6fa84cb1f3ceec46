/**
 * Ratings (好差评) as people meet them, in Debian's Chromium against `onewindow start` on a fresh data folder (the demo
 * seed gives citizen.demo three rated illustrative services — one a 差评 with its rectification — and one to rate):
 *
 *  - the applicant opens 我的评价, rates the one left (2 stars, a poor-band tag, a comment);
 *  - the department lead (lead.zhengzhou) opens 差评整改, sees both rectifications with their lights, opens one and
 *    records the callback;
 *  - anyone, signed out, opens the public statistics page, which shows the figures and no personal data.
 *
 * Endpoints this depends on: GET/POST /api/v1/ratings/invitations[/:id/rate], GET /api/v1/ratings/vocabulary,
 * /rectifications[/:id], POST /rectifications/:id/callback, GET /api/v1/ratings/public/stats.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modalSettled, serverAndBrowser } from './support/server.ts';

const { url, signedIn } = serverAndBrowser('ow-ratings-browser-');

test('the applicant rates in 我的评价, the lead records a callback on the 差评, the public page shows the figures', async () => {
  const applicant = await signedIn('citizen.demo');
  let page = applicant.page;
  await page.goto(url('/ratings/mine'));
  const cards = page.getByTestId('rating-invitation');
  await cards.nth(4).waitFor();
  assert.equal(await cards.count(), 5, 'the ratings demo offered four, the cases demo one concluded case');
  assert.equal(await page.getByTestId('rating-open').count(), 1, 'one left to rate');
  await page.getByTestId('rating-open').click();
  await modalSettled(page);
  await page.locator('.ant-modal .ant-rate-star').nth(1).locator('div').first().click(); // 2 stars: 不满意
  await page.locator('.ant-modal').getByText('办事效率低').click();
  await page.getByTestId('rating-comment').fill('浏览器测试：等候时间太长');
  await page.getByTestId('rating-submit').click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
  await page.getByTestId('rating-open').waitFor({ state: 'detached' });
  assert.equal(await page.getByTestId('score-2').count(), 3, 'the two demos’ 差评 and this one');
  assert.deepEqual(applicant.errors, []);

  const lead = await signedIn('lead.zhengzhou');
  page = lead.page;
  await page.goto(url('/ratings/rectifications'));
  const rows = page.locator('.ant-table-tbody tr.ant-table-row');
  await rows.nth(2).waitFor();
  assert.equal(await rows.count(), 3);
  assert.equal(await page.getByTestId('light-green').count(), 3);
  assert.doesNotMatch(await page.locator('main').innerText(), /示例申请人|citizen/);
  await rows.last().locator('a').first().click();
  await page.getByTestId('rectification-status').waitFor();
  assert.match(await page.locator('main').innerText(), /浏览器测试：等候时间太长/);
  await page.getByTestId('action-callback').click();
  await modalSettled(page);
  await page.getByTestId('reason-input').fill('已电话回访，评价人反映午间窗口无人');
  await page.getByTestId('reason-ok').click();
  await page.getByTestId('rectification-status').getByText('已回访').waitFor();
  assert.deepEqual(lead.errors, []);

  const anyone = await signedIn(null);
  page = anyone.page;
  await page.goto(url('/ratings/public'));
  await page.locator('.ant-table-summary').getByText('合计').waitFor();
  const text = await page.locator('main').innerText();
  assert.match(text, /政务服务好差评公示/);
  assert.doesNotMatch(text, /示例申请人|浏览器测试|citizen/);
  await page.getByTestId('ratings-stats-by').getByText('按事项').click();
  await page.locator('.ant-table-summary').getByText('合计').waitFor();
  assert.deepEqual(anyone.errors, []);
});
