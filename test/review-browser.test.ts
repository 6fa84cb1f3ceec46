/**
 * Review steps (审查环节) as reviewers meet them, in Debian's Chromium against `onewindow start` on a fresh data folder
 * (the demo seed files a 食品经营许可 case for citizen.demo and starts its review; reviewer2.zhengzhou declared kinship
 * with citizen.demo):
 *
 *  - reviewer2 finds nothing in 待我审查 and, on the case page, is told why they cannot act (回避);
 *  - reviewer.zhengzhou finds the step in 待我审查 with its light, opens the case and gives the opinion; the approver
 *    grants it.
 *
 * Endpoints this depends on: GET /api/v1/cases/review-queue, /cases/:id, /cases/:id/steps;
 * POST /cases/:id/steps/:stepId/complete, /cases/:id/grant.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { modalSettled, serverAndBrowser } from './support/server.ts';

const { url, signedIn } = serverAndBrowser('ow-review-browser-');

test('a recused reviewer is told why; another reviewer gives the opinion from 待我审查; the approver grants', async () => {
  const recused = await signedIn('reviewer2.zhengzhou');
  await recused.page.goto(url('/cases/review-queue'));
  await recused.page.getByTestId('review-queue').getByText('暂无待审查的环节').waitFor();

  const reviewer = await signedIn('reviewer.zhengzhou');
  const page = reviewer.page;
  await page.goto(url('/cases/review-queue'));
  const queue = page.getByTestId('review-queue');
  await queue.getByText('食品经营许可').waitFor();
  assert.match(await queue.innerText(), /正常|黄灯|红灯/);
  await queue.getByRole('link').first().click();
  await page.getByTestId('case-steps').waitFor();
  const caseId = new URL(page.url()).pathname.split('/').pop()!;

  await recused.page.goto(url(`/cases/${caseId}`));
  assert.match(await recused.page.getByTestId('step-recusal').innerText(), /亲属关系.*回避|回避/s);
  assert.equal(await recused.page.locator('[data-testid^="step-complete-"]').count(), 0);

  await page.locator('[data-testid^="step-complete-"]').first().click();
  await page.getByTestId('step-comment').fill('材料齐全，符合法定形式（浏览器测试）');
  await page.getByTestId('step-ok').click();
  await page.locator('[data-testid^="step-status-"][data-status="done"]').first().waitFor();
  assert.match(await page.getByTestId('case-steps').innerText(), /同意/);

  const approver = await signedIn('approver.zhengzhou');
  await approver.page.goto(url(`/cases/${caseId}`));
  await approver.page.getByTestId('move-grant').click();
  await modalSettled(approver.page);
  await approver.page.getByTestId('move-ok').click();
  await approver.page.locator('[data-testid="case-status"][data-status="granted"]').waitFor();
  for (const p of [recused, reviewer, approver]) assert.deepEqual(p.errors, []);
});
