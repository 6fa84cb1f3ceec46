/**
 * The draft edit page as an admin meets it, in Debian's Chromium against `onewindow start` on a fresh data folder:
 * sections (tabs), the effective date picked from a calendar, a material added without typing a key, a form field
 * added with the form builder (what it holds chosen in words) and seen in the live preview, then saved: the server
 * stores a key made for the material and a property named from the field's semantic key, and the implementation
 * page shows both.
 *
 * Endpoints this depends on: GET /api/v1/catalog/search (public); POST /implementations/:id/revise, GET and PATCH
 * /implementations/:id, GET /api/v1/certificates/types.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { login, modalSettled, overHttp, pickOption, serverAndBrowser } from './support/server.ts';

const { url, browser } = serverAndBrowser('ow-catalog-edit-browser-');

declare const document: { documentElement: { scrollWidth: number } };
declare const innerWidth: number;

async function until(check: () => Promise<boolean>, what: string, ms = 5_000) {
  const t0 = Date.now();
  while (!(await check())) {
    if (Date.now() - t0 > ms) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

test('admin: the edit page in sections, a date picker, a material without a key, a form field from the builder', async () => {
  const found = (await (
    await fetch(url(`/api/v1/catalog/search?q=${encodeURIComponent('食品经营许可')}&region=410105&limit=5`))
  ).json()) as { items: Array<{ implementationId: string; name: string }> };
  const hit = found.items.find((i) => i.name === '食品经营许可');
  assert.ok(hit, 'the demo publishes 食品经营许可 in 金水区');

  const context = await browser().newContext({ locale: 'zh-CN', viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, url, 'admin');
  await page.goto(url(`/catalog/implementations/${hit.implementationId}`));
  await page.getByTestId('action-revise').click();
  await modalSettled(page);
  await page.getByTestId('reason-input').fill('浏览器测试：编辑页');
  await page.getByTestId('reason-ok').click();
  await page.locator('[data-testid="implementation-page"][data-status="draft"]').waitFor();
  const draftPath = new URL(page.url()).pathname;
  await page.getByTestId('action-edit').click();
  await page.getByTestId('edit-form').waitFor();

  // Sections, each a tab; the save bar is outside them.
  const tabs = page.getByTestId('edit-sections').getByRole('tab');
  assert.deepEqual(await tabs.allInnerTexts(), [
    '基本信息',
    '申请材料',
    '收费',
    '服务方式',
    '办理结果',
    '中介服务与办理流程',
    '申请表单',
  ]);
  await page.getByTestId('edit-save').waitFor();

  // The effective date from a calendar: today.
  const picker = page.locator('.ant-picker').first();
  await picker.click();
  await page
    .locator(
      '.ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-now-btn, .ant-picker-dropdown:not(.ant-picker-dropdown-hidden) .ant-picker-today-btn',
    )
    .first()
    .click();
  const picked = await picker.locator('input').inputValue();
  assert.match(picked, /^\d{4}-\d{2}-\d{2}$/);

  // No machine key is typed anywhere: no field labelled 键 in any section (all are mounted), no JSON box.
  assert.equal(await page.locator('.ant-form-item-label label', { hasText: /^键$/ }).count(), 0, 'no key field');
  assert.equal(await page.getByTestId('edit-form-schema').count(), 0, 'no JSON Schema text box');

  // A material: only its name is typed.
  await tabs.filter({ hasText: '申请材料' }).click();
  const materials = page.getByTestId('edit-material');
  const before = await materials.count();
  await page.getByRole('button', { name: '添加材料' }).click();
  await materials.nth(before).waitFor();
  await materials.nth(before).getByLabel('材料名称').fill('浏览器测试材料');
  assert.equal(await materials.nth(before).getByText('键', { exact: true }).count(), 0);

  // A form field: what it holds, picked in words; the title follows; the preview shows it as the applicant will.
  await tabs.filter({ hasText: '申请表单' }).click();
  await page.getByTestId('form-builder').waitFor();
  const fields = page.getByTestId('builder-field');
  const n = await fields.count();
  assert.ok(n > 0, 'the demo form has fields');
  assert.equal((await page.getByTestId('builder-preview').locator('input').count()) > 0, true, 'the preview renders');
  await page.getByTestId('builder-add').click();
  const holds = fields.nth(n).getByTestId('builder-holds');
  await holds.click();
  await page.keyboard.type('职工人数');
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '职工人数' })
    .first()
    .click();
  await holds.getByText('职工人数').waitFor();
  assert.equal(await fields.nth(n).getByTestId('builder-title').inputValue(), '职工人数');
  await fields.nth(n).getByTestId('builder-kind').click();
  await page
    .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option', { hasText: '整数' })
    .first()
    .click();
  await page.getByTestId('builder-preview').getByText('职工人数').waitFor();

  // A nested field: a list of rows (股东名单), each row a shareholder's name and ID number, picked in words as any
  // field; the preview shows the list with one row and the row's fields.
  await page.getByTestId('builder-add').click();
  const list = fields.nth(n + 1);
  await pickOption(page, list.getByTestId('builder-kind'), '多行列表（如股东名单）');
  await list.getByTestId('builder-title').fill('股东名单');
  assert.equal(await list.getByTestId('builder-holds').count(), 0, 'a list holds rows, not a value of its own');
  for (const [i, what] of [
    [0, '股东姓名（名称）'],
    [1, '股东证件号码'],
  ] as const) {
    await list.getByTestId('builder-add-sub').click();
    const sub = list.getByTestId('builder-subfield').nth(i);
    await pickOption(page, sub.getByTestId('builder-holds'), what);
    assert.equal(await sub.getByTestId('builder-title').inputValue(), what);
  }
  const preview = page.getByTestId('builder-preview');
  await preview.getByText('股东名单').first().waitFor();
  await preview.getByText('股东证件号码').first().waitFor();
  await preview.getByText('股东姓名（名称）').first().waitFor();

  // On a phone the builder and its preview are one column, without sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  await until(
    () => page.evaluate(() => document.documentElement.scrollWidth <= innerWidth),
    'the edit page fits 390 px',
  );
  await page.setViewportSize({ width: 1366, height: 768 });

  await page.getByTestId('edit-save').click();
  await page.waitForURL((u) => u.pathname === draftPath);
  await page.locator('[data-testid="implementation-page"][data-status="draft"]').waitFor();

  // What the server stored: a key made for the material, the field named from what it holds.
  const app = overHttp(url);
  const auth = await app.login('admin');
  const id = draftPath.split('/').pop()!;
  const r = await app.app.inject({ method: 'GET', url: `/api/v1/catalog/implementations/${id}`, headers: auth });
  assert.equal(r.statusCode, 200, r.body);
  const impl = r.json() as {
    effectiveFrom: string;
    elements: {
      materials: Array<{ key: string; name: string }>;
      form: {
        properties: Record<string, { type: string; title: string; 'x-semantic-key': string }>;
        required: string[];
      };
    };
  };
  assert.equal(impl.effectiveFrom, picked);
  const added = impl.elements.materials.find((m) => m.name === '浏览器测试材料');
  assert.match(added?.key ?? '', /^material_\d+$/);
  assert.deepEqual(impl.elements.form.properties.enterprise_employeeCount, {
    type: 'integer',
    title: '职工人数',
    'x-semantic-key': 'enterprise.employeeCount',
  });
  assert.ok(impl.elements.form.required.includes('enterprise_employeeCount'));
  // The list: an array of objects, named from what its rows hold, each row's fields with their semantic keys.
  assert.deepEqual(impl.elements.form.properties.shareholder_list, {
    type: 'array',
    title: '股东名单',
    items: {
      type: 'object',
      properties: {
        shareholder_name: { type: 'string', title: '股东姓名（名称）', 'x-semantic-key': 'shareholder.name' },
        shareholder_idNumber: { type: 'string', title: '股东证件号码', 'x-semantic-key': 'shareholder.idNumber' },
      },
      required: ['shareholder_name', 'shareholder_idNumber'],
    },
  });
  assert.ok(impl.elements.form.required.includes('shareholder_list'));
  assert.equal(Object.keys(impl.elements.form.properties).length, n + 2, 'the other fields kept');
  assert.deepEqual(errors, []);
});
