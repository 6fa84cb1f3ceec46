/**
 * A draw as the department and its supervisor run it, in Debian's Chromium against `onewindow start`: the set-up (an
 * inspection item, three inspectors, a frozen task) goes through the API; then the department lead and the province's
 * supervisor each open the task page in their own browser, draw a secret on their device and commit, and reveal —
 * and the task is drawn, with its record digest on the page. The supervisor then re-runs the draw in the browser
 * from the public page (web/src/modules/inspections/rerun), and an anonymous visitor is told the seed comes later.
 *
 * Endpoints: POST /api/v1/catalog/items, /api/v1/inspections/{items,inspectors,tasks,tasks/:id/freeze},
 * GET /api/v1/inspections/tasks/:id[/ceremony], /api/v1/inspections/inspectors/candidates, POST /tasks/:id/commitments, /tasks/:id/reveals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickOption, serverAndBrowser } from './support/server.ts';

const { url, browser, signedIn } = serverAndBrowser('ow-inspections-browser-');

async function token(username: string): Promise<string> {
  const r = await fetch(url('/api/v1/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'onewindow-demo' }),
  });
  return ((await r.json()) as { token: string }).token;
}

async function post(tok: string, path: string, body: unknown): Promise<any> {
  const r = await fetch(url(path), {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${tok}` },
    body: JSON.stringify(body),
  });
  const json = await r.json();
  assert.ok(r.ok, `${path}: ${JSON.stringify(json)}`);
  return json;
}

test('the department lead and the supervisor draw a frozen task together in the browser', async () => {
  const admin = await token('admin');
  const lead = await token('lead.zhengzhou');
  const catalogItem = await post(admin, '/api/v1/catalog/items', {
    basicCode: '410T6000000009',
    name: '企业公示信息抽查',
    itemType: 6,
    legalBasis: [{ title: '《企业信息公示暂行条例》', article: '第十四条', excerpt: null }],
    levels: ['province', 'city', 'county'],
    departmentKind: 'SCJG',
  });
  const item = await post(lead, '/api/v1/inspections/items', {
    catalogItemId: catalogItem.id,
    subjectType: 'enterprise',
    method: 'on_site',
  });
  const session = async (u: string) =>
    (
      (await (
        await fetch(url('/api/v1/session'), { headers: { authorization: `Bearer ${await token(u)}` } })
      ).json()) as { principal: { id: string } }
    ).principal.id;
  for (const u of ['lead.zhengzhou', 'reviewer.zhengzhou', 'approver.zhengzhou'])
    await post(lead, '/api/v1/inspections/inspectors', {
      accountId: await session(u),
      certificateNo: `豫执-${u}`,
      fields: ['市场监管'],
      status: 'active',
    });
  const task = await post(lead, '/api/v1/inspections/tasks', {
    title: '浏览器测试抽查任务',
    itemIds: [item.id],
    filter: { region: '410100' },
    windowStart: '2026-01-01',
    windowEnd: '2099-12-31',
  });
  await post(lead, `/api/v1/inspections/tasks/${task.id}/freeze`, { version: 1 });

  const people = [await signedIn('lead.zhengzhou'), await signedIn('supervisor.province')];
  for (const p of people) {
    await p.page.goto(url(`/inspections/tasks/${task.id}`));
    await p.page.getByTestId('commit').click();
    await p.page.getByTestId('commit').waitFor({ state: 'detached' });
  }
  for (const p of people) {
    await p.page.reload();
    await p.page.getByTestId('reveal').click();
    await p.page.getByTestId('reveal').waitFor({ state: 'detached' });
  }
  const last = people[1].page;
  await last.reload();
  await last.getByTestId('record-digest').waitFor();
  assert.match(await last.getByTestId('task-status').innerText(), /已摇号/);
  assert.match(await last.getByTestId('record-digest').innerText(), /^[0-9a-f]{64}$/);

  // The supervisor re-runs the draw in the browser from the public page (a participant sees the seed at once) …
  await last.goto(url('/public/inspections'));
  await last.getByRole('tab', { name: '摇号记录' }).click();
  await last.getByTestId(`rerun-${task.id}`).click();
  await last.getByTestId('rerun-match').waitFor({ timeout: 30_000 });
  assert.match(await last.getByTestId('rerun-match').innerText(), /验算一致/);
  // … while the public, before the window ends, is told when it can.
  const anonymous = await (await browser().newContext({ locale: 'zh-CN' })).newPage();
  await anonymous.goto(url('/public/inspections'));
  await anonymous.getByRole('tab', { name: '摇号记录' }).click();
  await anonymous.getByTestId(`rerun-${task.id}`).click();
  await anonymous.getByText('检查期结束后公开').waitFor();

  // The lead publishes an annual plan from the directories page; it is public at once.
  const leadPage = people[0].page;
  await leadPage.goto(url('/inspections/directories'));
  await leadPage.getByRole('tab', { name: '执法检查人员名录库' }).click();
  await leadPage.getByText('豫执-reviewer.zhengzhou').waitFor();
  // … and adds a staff member of the department to the inspector directory, chosen by name (never by account id).
  await pickOption(leadPage, 'inspector-staff', '郑州市执法检查人员（示例）');
  await leadPage.getByTestId('inspector-certificate').fill('豫执-picker-01');
  await leadPage.getByTestId('add-inspector').click();
  await leadPage.getByRole('cell', { name: '豫执-picker-01' }).waitFor();
  const pickedId = await session('inspector.zhengzhou');
  assert.ok(!(await leadPage.locator('body').innerText()).includes(pickedId), 'no account id on the page');
  await leadPage.getByRole('tab', { name: '年度抽查计划' }).click();
  await leadPage.getByTestId('plan-year').fill('2027');
  await leadPage.getByTestId('plan-title').fill('2027 年企业公示信息抽查计划');
  await pickOption(leadPage, 'plan-items', '企业公示信息抽查');
  await leadPage.keyboard.press('Escape'); // a multiple select stays open after a pick
  await leadPage.getByTestId('add-plan').click();
  await leadPage.getByRole('cell', { name: '2027 年企业公示信息抽查计划' }).waitFor();
  await anonymous.goto(url('/public/inspections'));
  await anonymous.getByText('2027 · 2027 年企业公示信息抽查计划').waitFor();
  for (const p of people) assert.deepEqual(p.errors, []);
});
