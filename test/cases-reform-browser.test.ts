/**
 * A special procedure (特别程序) as the reviewer meets it, in Debian's Chromium against `onewindow start` on a fresh
 * data folder (the demo seed leaves one of citizen.demo's cases under review): the reviewer starts a hearing from the
 * case page — kind, maximum in working days and reason — sees the case paused with the procedure shown and no decision
 * offered, ends it, and the timeline names the hearing.
 *
 * Endpoints this depends on: GET /api/v1/cases, /cases/:id, /cases/:id/timeline,
 * POST /cases/:id/start_special_procedure, /cases/:id/end_special_procedure.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, modalSettled, pickOption, serverAndBrowser } from './support/server.ts';

const { url, browser } = serverAndBrowser('ow-cases-reform-browser-');

test('a reviewer starts a hearing on a case under review, the clock pauses, and ends it', async () => {
  const context = await browser().newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, url, 'reviewer.zhengzhou');
  const token = await page.evaluate(() =>
    (globalThis as unknown as { sessionStorage: { getItem: (k: string) => string | null } }).sessionStorage.getItem(
      'ow.token',
    ),
  );
  const r = await fetch(url('/api/v1/cases?status=under_review'), { headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200);
  const c = ((await r.json()) as { items: Array<{ id: string }> }).items[0];
  assert.ok(c, 'the demo left a case under review');

  await page.goto(url(`/cases/${c.id}`));
  await page.getByTestId('move-start_special_procedure').click();
  await modalSettled(page);
  // Nothing filled in: the form says what is required and sends nothing.
  await page.getByTestId('move-ok').click();
  await page.locator('.ant-form-item-has-error').first().waitFor();
  await pickOption(page, 'move-kind', '听证');
  await page.getByTestId('move-max-days').fill('10');
  await page.locator('.ant-modal textarea').fill('申请人依法申请听证');
  await page.getByTestId('move-ok').click();
  await page.locator('[data-testid="case-status"][data-status="suspended"]').waitFor();
  const shown = await page.getByTestId('case-special-procedure').innerText();
  assert.match(shown, /听证/);
  assert.match(shown, /最长 10 个工作日/);
  assert.equal(await page.getByTestId('move-grant').count(), 0, 'no decision while paused');

  await page.getByTestId('move-end_special_procedure').click();
  await modalSettled(page);
  await page.getByTestId('move-ok').click();
  await page.locator('[data-testid="case-status"][data-status="under_review"]').waitFor();
  const timeline = page.getByTestId('case-timeline');
  await timeline.getByText('结束特别程序（恢复计时）').waitFor();
  assert.match(await timeline.innerText(), /启动特别程序（暂停计时）：听证，最长 10 个工作日/);
  assert.deepEqual(errors, []);
});
