/**
 * Decision documents, 双公示 and messages as people meet them, in Debian's Chromium against `onewindow start` (its
 * workers on: the job runner publishes, the dispatcher makes messages):
 *
 *  - a demo case of citizen.demo is accepted, reviewed and granted through the API;
 *  - the applicant sees the 准予行政许可决定书 on the case page, opens its verification page (核验通过), checks the
 *    PDF they downloaded (核验通过) and a altered copy (核验未通过), and finds the message in 消息;
 *  - a visitor who is not signed in sees the decision on the 双公示 page, the applicant's name masked.
 *
 * Endpoints: POST /api/v1/session, /api/v1/cases/:id/<action>, /api/v1/cases/documents/verify; GET /api/v1/cases,
 * /api/v1/cases/:id/documents[/:documentId], /api/v1/cases/documents/:id/verification, /api/v1/cases/publicity,
 * /api/v1/cases/notifications.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, serverAndBrowser } from './support/server.ts';

const { url, browser } = serverAndBrowser('ow-cases-documents-browser-');

async function token(username: string): Promise<Record<string, string>> {
  const r = await fetch(url('/api/v1/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'onewindow-demo' }),
  });
  assert.equal(r.status, 201, await r.clone().text());
  return { authorization: `Bearer ${((await r.json()) as { token: string }).token}` };
}

async function api(h: Record<string, string>, p: string, body?: unknown): Promise<any> {
  const r = await fetch(url(p), {
    method: body === undefined ? 'GET' : 'POST',
    headers: { ...h, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await r.text();
  assert.ok(r.ok, `${p}: ${r.status} ${text}`);
  return JSON.parse(text);
}

async function until<T>(what: string, f: () => Promise<T | null | undefined>, ms = 20_000): Promise<T> {
  const t0 = Date.now();
  for (;;) {
    const v = await f();
    if (v) return v;
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

test('a grant gives the applicant a verifiable decision document and a message; the public sees it under 双公示', async () => {
  const citizen = await token('citizen.demo');
  const mine = await api(citizen, '/api/v1/cases?status=submitted');
  assert.ok(mine.items.length >= 1, 'the demo filed a case awaiting acceptance for citizen.demo');
  let c = mine.items[0];
  c = await api(await token('clerk.jinshui'), `/api/v1/cases/${c.id}/accept`, { version: c.version });
  c = await api(await token('reviewer.zhengzhou'), `/api/v1/cases/${c.id}/start_review`, { version: c.version });
  c = await api(await token('approver.zhengzhou'), `/api/v1/cases/${c.id}/grant`, { version: c.version });
  const [doc] = (await api(citizen, `/api/v1/cases/${c.id}/documents`)).items;
  assert.equal(doc.kind, 'grant_decision');

  // The applicant: the document on the case page, its verification page, a file check.
  const context = await browser().newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, url, 'citizen.demo');
  await page.goto(url(`/cases/${c.id}`));
  const docs = page.getByTestId('case-documents');
  await docs.getByText(doc.number).waitFor();
  assert.match(await docs.innerText(), /准予行政许可决定书/);
  await docs.getByTestId('document-verify').click();
  await page.getByTestId('verify-result').waitFor();
  assert.match(await page.getByTestId('verify-result').innerText(), /核验通过/);
  assert.match(await page.getByTestId('verify-facts').innerText(), new RegExp(doc.number));
  const pdf = Buffer.from(
    await (await fetch(url(`/api/v1/cases/${c.id}/documents/${doc.id}`), { headers: citizen })).arrayBuffer(),
  );
  await page
    .getByTestId('verify-file')
    .setInputFiles({ name: 'decision.pdf', mimeType: 'application/pdf', buffer: pdf });
  await page.getByTestId('verify-file-result').getByText('核验通过').waitFor();
  const altered = Buffer.from(pdf);
  altered[altered.length >> 1] ^= 1;
  await page
    .getByTestId('verify-file')
    .setInputFiles({ name: 'altered.pdf', mimeType: 'application/pdf', buffer: altered });
  await page.getByTestId('verify-file-result').getByText('核验未通过').waitFor();

  // The message, made by the dispatcher.
  await until('the message', async () => {
    const inbox = await api(citizen, '/api/v1/cases/notifications');
    return inbox.items.find((n: any) => n.kind === 'cases.case.granted' && n.caseId === c.id);
  });
  await page.goto(url('/cases/inbox'));
  // The demo's rated case was granted too: its message is there as well.
  await page.getByTestId('inbox-list').getByText('您的申请已准予许可').first().waitFor();
  assert.match(await page.getByTestId('inbox-list').innerText(), new RegExp(c.number));
  assert.deepEqual(errors, []);

  // 双公示, for a licensing item: published by the job runner, public, masked.
  const version = await api(
    citizen,
    `/api/v1/catalog/implementations/${c.implementation.id}/versions/${c.implementation.version}`,
  );
  assert.equal(version.item.itemType, 1, 'the demo case is for an administrative licensing item');
  await until('the publication', async () => {
    const list = await api({}, '/api/v1/cases/publicity?limit=100');
    return list.items.find((p: any) => p.caseNumber === c.number);
  });
  const visitor = await (await browser().newContext({ locale: 'zh-CN' })).newPage();
  await visitor.goto(url('/cases/publicity'));
  const table = visitor.getByTestId('publicity-table');
  await table.getByText(doc.number).waitFor();
  const text = await table.innerText();
  assert.ok(!text.includes('示例申请人'), 'the name masked');
  assert.match(text, /示\*{4}/);
});
