/**
 * Open311 API keys as a center's lead meets them, in Debian's Chromium against `onewindow start` on a fresh data
 * folder: the Zhengzhou center's lead issues a key on /hotline/api-keys and copies the secret shown once; a partner
 * files a request with it (POST /open311/v2/requests.json, form-encoded); the lead revokes it with a reason and the
 * next request is refused in Open311's error shape; the dashboard page draws its charts.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modalSettled, serverAndBrowser } from './support/server.ts';

const { url, signedIn } = serverAndBrowser('ow-hotline-keys-browser-');

async function file(key: string): Promise<{ status: number; body: unknown }> {
  const r = await fetch(url('/open311/v2/requests.json'), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      api_key: key,
      service_code: 'urban.roads',
      description: '浏览器测试：花园路窨井盖松动',
      address_string: '郑州市金水区花园路',
      phone: '13800000077',
      'attribute[region]': '410105',
    }).toString(),
  });
  return { status: r.status, body: await r.json() };
}

test('a center lead issues an Open311 key, a partner files with it, the lead revokes it; the dashboard draws', async () => {
  const { page, errors } = await signedIn('lead.hotline.zhengzhou');
  await page.goto(url('/hotline/api-keys'));
  for (let i = 0; i < 5 && !(await page.getByTestId('key-center').getByText('郑州市12345热线中心').count()); i++) {
    try {
      await page.getByTestId('key-center').click({ timeout: 5_000 });
      await page
        .locator('.ant-select-item-option')
        .filter({ hasText: '郑州市12345热线中心' })
        .first()
        .click({ timeout: 5_000 });
    } catch {
      await page.keyboard.press('Escape');
    }
    await page.waitForTimeout(300);
  }
  await page.getByTestId('key-client').fill('浏览器测试合作方App');
  await page.getByTestId('key-issue').click();
  const secret = (await page.getByTestId('new-key').innerText()).trim();
  assert.match(secret, /^ow311_[\w-]{32}$/);

  const ok = await file(secret);
  assert.equal(ok.status, 201, JSON.stringify(ok.body));
  assert.match((ok.body as Array<{ service_request_id: string }>)[0].service_request_id, /^410100\d{11}$/);

  const row = page.locator('.ant-table-row').filter({ hasText: '浏览器测试合作方App' });
  await page.reload();
  await row.getByText('有效').waitFor();
  await row.getByTestId('revoke-key').click();
  await modalSettled(page);
  await page.getByTestId('reason-input').fill('测试结束，停止合作');
  await page.getByTestId('reason-ok').click();
  await row.getByText(/已吊销/).waitFor();

  const refused = await file(secret);
  assert.equal(refused.status, 403);
  assert.equal((refused.body as Array<{ code: number }>)[0].code, 403);

  await page.goto(url('/hotline/dashboard'));
  await page.getByTestId('dash-status').locator('canvas').waitFor();
  await page.getByTestId('dash-hot').locator('canvas').waitFor();
  await page.getByTestId('dash-types').locator('canvas').waitFor();
  await page.getByTestId('dash-regions').locator('canvas').waitFor();
  await page.getByTestId('dash-rising').waitFor();
  await page.getByTestId('dash-repeat').getByText('重复投诉率').waitFor();
  assert.deepEqual(errors, []);
});
