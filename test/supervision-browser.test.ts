/**
 * E-supervision (电子监察) in Debian's Chromium against `onewindow start` on a fresh data folder (the demo seed files a
 * few cases in 金水区):
 *
 *  - the department lead of 郑州 accepts, reviews and grants one demo case himself (through the API): flagged;
 *  - the province's supervisor opens 电子监察 from the menu: the figures match the API, the three charts are drawn, and
 *    the flagged case is listed with its irregularity in words; its link opens the case, which shows the flag in words;
 *  - the province's discipline inspector opens the same case: its timeline and flag, and not one move.
 *
 * Endpoints this depends on: GET /api/v1/cases, /cases/:id, /cases/:id/timeline, /cases/:id/flags,
 * /cases/supervision/stats, /cases/supervision/flagged; POST /api/v1/cases/:id/<action>.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { login, serverAndBrowser } from './support/server.ts';

const { url, browser } = serverAndBrowser('ow-supervision-browser-');

async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser().newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, url, username);
  return { page, errors };
}

/** A call with the page's API token. */
async function api(page: Page, method: string, p: string, body?: unknown): Promise<any> {
  const token = await page.evaluate(() =>
    (globalThis as unknown as { sessionStorage: { getItem: (k: string) => string | null } }).sessionStorage.getItem(
      'ow.token',
    ),
  );
  const r = await fetch(url(p), {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const text = await r.text();
  assert.equal(r.status, 200, `${method} ${p}: ${text}`);
  return JSON.parse(text);
}

test('a supervisor sees the figures, charts and a flagged case in words; a discipline inspector reads it and cannot act', async () => {
  const lead = await signedIn('lead.zhengzhou');
  const open = (await api(lead.page, 'GET', '/api/v1/cases?status=submitted')).items;
  assert.ok(open.length >= 1, 'the demo filed cases in 金水区');
  let c = open[0];
  for (const action of ['accept', 'start_review', 'grant'])
    c = await api(lead.page, 'POST', `/api/v1/cases/${c.id}/${action}`, { version: c.version });

  const { page, errors } = await signedIn('supervisor.province');
  const flags = await api(page, 'GET', `/api/v1/cases/${c.id}/flags`);
  assert.ok(
    flags.items.some((f: { code: string }) => f.code === 'same_person_accept_decide'),
    JSON.stringify(flags),
  );
  await page.getByTestId('menu-supervision').click();
  await page.getByTestId('sup-flagged-list').waitFor();
  const stats = await api(page, 'GET', '/api/v1/cases/supervision/stats');
  await page.getByTestId('sup-cases').getByText(String(stats.totals.cases), { exact: true }).waitFor();
  for (const chart of ['sup-chart-region', 'sup-chart-department', 'sup-chart-lights'])
    await page.getByTestId(chart).locator('canvas').first().waitFor();
  const listed = await api(page, 'GET', '/api/v1/cases/supervision/flagged');
  assert.ok(
    listed.items.some((x: { id: string }) => x.id === c.id),
    JSON.stringify(listed),
  );
  const row = page.getByTestId('sup-flagged-list').locator('tr', { hasText: c.number });
  await row
    .getByText('受理与决定为同一人')
    .waitFor({ timeout: 10_000 })
    .catch(async (e) => {
      throw new Error(`${e}\n${await page.getByTestId('sup-flagged-list').innerText()}`);
    });
  assert.doesNotMatch(await page.getByTestId('sup-flagged-list').innerText(), /same_person|_accept_|outside_office/);
  await row.getByRole('link', { name: c.number }).click();
  await page.locator('[data-testid="case-flag"][data-flag="same_person_accept_decide"]').waitFor();
  assert.equal(
    await page.locator('[data-testid="case-flag"][data-flag="same_person_accept_decide"]').innerText(),
    '受理与决定为同一人',
  );
  assert.deepEqual(errors, []);

  const inspector = await signedIn('discipline.province');
  await inspector.page.goto(url(`/cases/${c.id}`));
  await inspector.page.locator('[data-testid="case-flag"][data-flag="same_person_accept_decide"]').waitFor();
  await inspector.page.getByTestId('case-timeline').getByText('准予许可').first().waitFor();
  assert.equal(await inspector.page.locator('[data-testid^="move-"]').count(), 0, 'no move offered');
  assert.deepEqual(inspector.errors, []);
});
