/**
 * 多地联办 (joint handling across regions) as a window clerk files it, in Debian's Chromium against `onewindow start`
 * on a fresh data folder (the demo catalog publishes 企业设立登记 province-wide at the province, 金水区 and 洛阳
 * 老城区):
 *
 *  - the 金水区 window clerk (clerk.jinshui) opens 通办收件, chooses 多地联办, 洛阳 老城区 as the lead competent body,
 *    and two other bodies each doing a part — 金水区's and the province's, adding the second with 添加联办机关 — with
 *    the registered applicant, the window and the form; the case page shows both parts, then the clerk forwards it;
 *  - 洛阳's department lead (lead.luoyang) accepts it, and the case page shows both parts' review steps, each with
 *    the body that does it.
 *
 * Endpoints this depends on: GET /api/v1/reference/divisions, /catalog/search, /catalog/implementations/:id and its
 * published version, /registry/persons, /cases/:id, /cases/:id/anywhere, /cases/:id/steps; POST /cases/anywhere,
 * /cases/:id/forward, /cases/:id/accept.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { modalSettled, pickOption, serverAndBrowser } from './support/server.ts';
import { fillForm } from './support/forms.ts';

const { url, signedIn } = serverAndBrowser('ow-cases-anywhere-browser-');

type Json = Record<string, unknown>;

/** Picks a division in the region picker `testId` by its names from the province down; closes it when still open. */
async function pickRegion(page: Page, testId: string, names: string[]) {
  await page.getByTestId(testId).click();
  const popup = page.locator('.ow-region-popup:visible');
  for (const name of names) {
    const item = popup.locator('.ant-cascader-menu-item').filter({ hasText: new RegExp(`^${name}$`) });
    await item.first().waitFor();
    await item.first().click();
  }
  await page.keyboard.press('Escape');
  await page
    .getByTestId(testId)
    .getByText(names[names.length - 1])
    .waitFor();
  // Until its closing animation ends the popup is still visible: the next picker's popup must not be confused with it.
  await popup.first().waitFor({ state: 'hidden' });
}

/** Types into a searchable select, then picks the option showing `text` (through the shared pickOption). */
async function searchAndPick(page: Page, testId: string, query: string, text: string) {
  await page.getByTestId(testId).click();
  await page.keyboard.type(query);
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: text })
    .first()
    .waitFor();
  await pickOption(page, testId, text);
}

test('多地联办 with two parts: the clerk files it through 通办收件, the lead body accepts, both parts’ steps show', async () => {
  const clerk = await signedIn('clerk.jinshui');
  const page = clerk.page;
  await page.goto(url('/cases/anywhere'));
  await page.getByTestId('anywhere-page').waitFor();

  await pickOption(page, 'anywhere-mode', '多地联办');
  await pickRegion(page, 'anywhere-region', ['河南省', '洛阳市', '老城区']);
  // Waited for across the whole pick below, which under CI load may take its retries (pickOption: up to a minute and
  // more) before the service's version is even asked for: the page's default 30 s is not enough (CI, 2026-12-07).
  const version = page.waitForResponse(
    (r) => /\/api\/v1\/catalog\/implementations\/[^/]+\/versions\/\d+/.test(r.url()) && r.ok(),
    { timeout: 180_000 },
  );
  await searchAndPick(page, 'anywhere-service', '企业设立', '企业设立登记');
  const schema = ((await (await version).json()) as { elements?: { form?: { properties: Record<string, Json> } } })
    .elements?.form;

  // Two other bodies, each doing a part: the second added with 添加联办机关.
  await pickRegion(page, 'anywhere-part-region-0', ['河南省', '郑州市', '金水区']);
  await page.getByTestId('anywhere-part-task-0').fill('核验申请人在金水区的经营场所（浏览器测试）');
  await page.getByTestId('anywhere-part-add').click();
  await page.getByTestId('anywhere-part-1').waitFor();
  await pickRegion(page, 'anywhere-part-region-1', ['河南省']);
  await page.getByTestId('anywhere-part-task-1').fill('核验企业名称在全省范围内不重名（浏览器测试）');

  await searchAndPick(page, 'apply-person', '示例申请人', '示例申请人');
  await page.getByTestId('anywhere-window').fill('金水区政务服务中心 3 号通办窗口');
  assert.ok(schema, 'the service’s published version with its form');
  await page.locator('#root_' + Object.keys(schema.properties)[0]).waitFor();
  await fillForm(page, schema);
  await page.getByTestId('anywhere-submit').click();

  // The case page: both parts, waiting for the lead body's acceptance.
  await page.locator('[data-testid="case-status"][data-status="received"]').waitFor();
  const caseId = new URL(page.url()).pathname.split('/').pop()!;
  const panel = page.getByTestId('case-anywhere');
  await panel.getByTestId('case-anywhere-part-410105').waitFor();
  await panel.getByTestId('case-anywhere-part-410000').waitFor();
  const parts = await panel.innerText();
  assert.match(parts, /金水区[^\n]*核验申请人在金水区的经营场所/);
  assert.match(parts, /河南省[^\n]*核验企业名称在全省范围内不重名/);
  assert.equal((parts.match(/待受理后开始/g) ?? []).length, 2, parts);

  await page.getByTestId('move-forward').click();
  await modalSettled(page);
  await page.getByTestId('move-ok').click();
  await page.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();

  // The lead body accepts: each part opens as a step of the case, done by its own body.
  const lead = await signedIn('lead.luoyang');
  await lead.page.goto(url(`/cases/${caseId}`));
  await lead.page.getByTestId('move-accept').click();
  await modalSettled(lead.page);
  await lead.page.getByTestId('move-ok').click();
  await lead.page.locator('[data-testid="case-status"][data-status="accepted"]').waitFor();
  const steps = lead.page.getByTestId('case-steps');
  await steps.getByText('核验申请人在金水区的经营场所（浏览器测试）').waitFor();
  await steps.getByText('核验企业名称在全省范围内不重名（浏览器测试）').waitFor();
  const text = await steps.innerText();
  assert.match(text, /金水区 · [^\n]*市场监督管理局/);
  assert.match(text, /河南省 · [^\n]*市场监督管理局/);
  assert.doesNotMatch(text, /\b4101\d\d\b|[0-9a-f]{8}-[0-9a-f]{4}-/, 'no codes or UUIDs shown');
  const opened = await lead.page.getByTestId('case-anywhere').innerText();
  assert.equal((opened.match(/办理中/g) ?? []).length, 2, opened);

  for (const p of [clerk, lead]) assert.deepEqual(p.errors, []);
});
