/**
 * Cases (办件) as people meet them, in Debian's Chromium against `onewindow start` on a fresh data folder (the demo
 * seed publishes implementations and files a few demo cases for citizen.demo in 金水区):
 *
 *  - the applicant (citizen.demo), on a 390 px wide phone screen, opens the guide of the item the demo filed on,
 *    clicks 在线办理, submits the form empty and sees the server's errors at the fields, fills it in and lands on
 *    the new case;
 *  - the window clerk (clerk.jinshui) accepts it, the reviewer (reviewer.zhengzhou) starts the review, the approver
 *    (approver.zhengzhou) grants it; the applicant sees 准予许可 and every step in the timeline;
 *  - the window clerk files for the registered demo applicant at a window, picking them by name.
 *
 * Endpoints this depends on: GET /api/v1/cases, /cases/:id, /cases/:id/timeline, POST /cases, /cases/:id/<action>;
 * GET /api/v1/catalog/implementations/:id and /versions/:version, /guide; GET /api/v1/registry/persons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { modalSettled, serverAndBrowser } from './support/server.ts';
import { fillForm } from './support/forms.ts';

const { url, signedIn } = serverAndBrowser('ow-cases-browser-');

declare const document: { documentElement: { scrollWidth: number; clientWidth: number } };

/** The page's API token, to read what the test needs from the server. */
async function apiGet(page: Page, p: string): Promise<any> {
  const token = await page.evaluate(() =>
    (globalThis as unknown as { sessionStorage: { getItem: (k: string) => string | null } }).sessionStorage.getItem(
      'ow.token',
    ),
  );
  const r = await fetch(url(p), { headers: { authorization: `Bearer ${token}` } });
  const body = await r.text();
  assert.equal(r.status, 200, `${p}: ${body}`);
  return JSON.parse(body);
}

async function move(page: Page, caseId: string, action: string, status: string) {
  await page.goto(url(`/cases/${caseId}`));
  await page.getByTestId(`move-${action}`).click();
  await modalSettled(page);
  await page.getByTestId('move-ok').click();
  await page.locator(`[data-testid="case-status"][data-status="${status}"]`).waitFor();
}

test('an applicant applies on a phone, the clerk accepts, the reviewer reviews, the approver grants, the applicant sees it and rates it', async () => {
  const applicant = await signedIn('citizen.demo', {
    viewport: { width: 390, height: 844 },
    isMobile: true,
    hasTouch: true,
  });
  const mine = await apiGet(applicant.page, '/api/v1/cases');
  assert.ok(mine.items.length >= 1, 'the demo filed cases for citizen.demo');
  const implementationId: string = mine.items[0].implementation.id;
  const version = mine.items[0].implementation.version;
  const pinned = await apiGet(
    applicant.page,
    `/api/v1/catalog/implementations/${implementationId}/versions/${version}`,
  );

  // From the guide's 在线办理 to the form.
  const page = applicant.page;
  await page.goto(url(`/guide/${implementationId}`));
  await page.getByTestId('guide-apply').click();
  await page.getByTestId('apply-form').waitFor();
  assert.equal(new URL(page.url()).pathname, `/cases/apply/${implementationId}`);
  const title = await page.getByTestId('page-title').innerText();
  assert.ok(title.includes(pinned.item.name), title);

  // Submitted empty: the server's field errors land on the fields, in Chinese.
  await page.getByTestId('apply-submit').click();
  await page.locator('[data-testid="apply-error"][data-code="FORM_INVALID"]').waitFor();
  const bad = page.locator('.ant-form-item-has-error');
  await bad.first().waitFor();
  const required = (pinned.elements.form.required as string[]) ?? [];
  assert.equal(await bad.count(), required.length, 'one error per required field');
  assert.match(await bad.first().innerText(), /必填/);
  assert.doesNotMatch(await page.getByTestId('apply-page').innerText(), /form\.|root_/, 'no field paths shown');

  // Usable at 390 px: nothing wider than the screen.
  const widths = await page.evaluate(() => [
    document.documentElement.scrollWidth,
    document.documentElement.clientWidth,
  ]);
  const wide = await page.evaluate(() =>
    Array.from((document as any).querySelectorAll('body *') as any[])
      .filter((e) => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .slice(0, 8)
      .map((e) => `${e.tagName}.${String(e.className).slice(0, 60)} ${Math.round(e.getBoundingClientRect().right)}`),
  );
  assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide on a ${widths[1]} px screen: ${wide.join(' | ')}`);

  await fillForm(page, pinned.elements.form);
  await page.getByTestId('apply-submit').click();
  await page.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();
  const caseId = new URL(page.url()).pathname.split('/').pop()!;
  assert.match(await page.getByTestId('page-title').innerText(), /410105-\d{8}-\d{5}/);
  assert.match(await page.getByTestId('case-form').innerText(), /\d{4}\*{10}\d{3}[\dX]/, 'the ID shown masked');

  // A material, uploaded from the case page: listed with its type and digest.
  await page.getByTestId('material-file').setInputFiles({
    name: '营业执照.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.7\n%%EOF\n'),
  });
  await page.getByTestId('materials-table').getByText('营业执照.pdf').waitFor();
  assert.match(await page.getByTestId('materials-table').innerText(), /PDF/);
  // A file that is no PDF, JPEG, PNG or OFD is refused with a message a person can read.
  await page.getByTestId('material-file').setInputFiles({
    name: 'virus.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('MZ not a pdf'),
  });
  assert.match(await page.getByTestId('material-error').innerText(), /仅接受 PDF/);

  // The staff side: the clerk's home lists it under 待办 (awaiting an action the clerk may take), in words.
  const clerk = await signedIn('clerk.jinshui');
  const todo = clerk.page.getByTestId('home-todo');
  await todo.getByTestId('home-case').first().waitFor();
  assert.match(await todo.innerText(), /待办（\d+\+? 件）/);
  const details = await clerk.page.getByTestId('principal-details').innerText();
  assert.match(details, /工作人员/);
  assert.match(details, /金水区/);
  assert.doesNotMatch(details, /\d{6}|staff|SCJG|ZWFW/, 'the clerk is described in words, not codes');
  await move(clerk.page, caseId, 'accept', 'accepted');
  const reviewer = await signedIn('reviewer.zhengzhou');
  await move(reviewer.page, caseId, 'start_review', 'under_review');
  const approver = await signedIn('approver.zhengzhou');
  await move(approver.page, caseId, 'grant', 'granted');

  // The applicant sees the result and who did what.
  await page.reload();
  await page.locator('[data-testid="case-status"][data-status="granted"]').waitFor();
  const timeline = page.getByTestId('case-timeline');
  await timeline.getByText('准予许可').waitFor();
  const text = await timeline.innerText();
  for (const step of ['提交申请', '受理', '开始审查', '准予许可']) assert.ok(text.includes(step), `${step} in ${text}`);
  assert.match(text, /金水区综合窗口/);
  // And on the home page: 我的办件 with the result, no codes.
  await page.goto(url('/'));
  await page.getByTestId('home-my-cases').getByText('准予许可').first().waitFor();
  assert.doesNotMatch(await page.getByTestId('principal-details').innerText(), /\d{6}|person/);

  // Delivered and concluded, the applicant rates it (好差评): the case page leads to 我的评价, where the offer waits
  // (made by a subscriber on cases.case.concluded, so it arrives a moment later).
  await move(approver.page, caseId, 'conclude', 'concluded');
  const { number } = await apiGet(page, `/api/v1/cases/${caseId}`);
  await page.goto(url(`/cases/${caseId}`));
  await page.getByTestId('case-rate-link').click();
  const offer = page.getByTestId('rating-invitation').filter({ hasText: number });
  for (let i = 0; i < 30 && (await offer.count()) === 0; i++) {
    await page.waitForTimeout(1000);
    await page.reload();
  }
  await offer.getByTestId('rating-open').click();
  await modalSettled(page);
  await page.locator('.ant-modal .ant-rate-star').nth(4).locator('div').first().click(); // 5 stars: 非常满意
  await page.getByTestId('rating-submit').click();
  await page.locator('.ant-modal').waitFor({ state: 'detached' });
  await offer.getByTestId('score-5').waitFor();
  for (const p of [applicant, clerk, reviewer, approver]) assert.deepEqual(p.errors, []);
});

test('a window clerk files for a registered applicant, picked by name', async () => {
  const { page, errors } = await signedIn('clerk.jinshui');
  const cases = await apiGet(page, '/api/v1/cases?limit=50');
  const c = cases.items.find((x: any) => x.applicant.kind === 'person');
  assert.ok(c, 'a person’s case in 金水区');
  const pinned = await apiGet(
    page,
    `/api/v1/catalog/implementations/${c.implementation.id}/versions/${c.implementation.version}`,
  );
  await page.goto(url(`/cases/apply/${c.implementation.id}`));
  await page.getByTestId('apply-form').waitFor();
  await page.getByTestId('apply-person').click();
  await page.keyboard.type('示例申请人');
  const option = page.locator('.ant-select-item-option').first();
  await option.waitFor();
  assert.match(await option.innerText(), /示例申请人（\d{4}\*+/);
  await option.click();
  await page.getByTestId('apply-window').fill('金水区政务服务中心 3 号窗口');
  await fillForm(page, pinned.elements.form);
  await page.getByTestId('apply-submit').click();
  await page.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();
  assert.match(await page.getByTestId('case-facts').innerText(), /3 号窗口/);
  assert.deepEqual(errors, []);
});
