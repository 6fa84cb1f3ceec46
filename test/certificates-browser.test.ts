/**
 * The public certificate verification page and the certificate settings in Debian's Chromium against
 * `onewindow start` on a fresh demo data folder:
 *
 *  - through the API: an item whose result is a 食品经营许可证 is published and a case for citizen.demo granted (the
 *    certificate is issued); the holder downloads its PDF;
 *  - a stranger (no account) opens 证照核验 and uploads the PDF: the server reads its QR code and the page says 有效
 *    with the holder's name, the ID masked, no id shown (on a phone too, without sideways scrolling); a photo of
 *    the QR code (a PNG) is decoded in the browser and verifies too; the QR code's id-only fallback (#id=) verifies
 *    by id; a file that is no certificate says why;
 *  - the department revokes the certificate (API): the same PDF now says 无效 and why;
 *  - the department lead changes (变更) a second certificate on the issued list: new face value, a reason; the old
 *    version shows 已被替代 and the holder has its second edition (the request carries the edited field only);
 *  - the administrator opens 证照配置: types with their face fields; defines a type through the form (two face
 *    fields, a department by name; a malformed GB/T 36904 type code shows the API's error next to the field); issuer keys of a department chosen by name,
 *    the trust list with the imported issuers — no raw code or UUID shown; no serious accessibility violation.
 *
 * Endpoints this depends on: the catalog's item and implementation routes, POST /api/v1/cases and its moves,
 * GET /api/v1/certificates/mine(/:id/pdf|credential), POST /api/v1/certificates/verify(/pdf), GET
 * /api/v1/certificates/verify/:id, POST /api/v1/certificates/certificates/:id/revoke, the admin's types, keys and
 * trust-list routes (POST /api/v1/certificates/types among them), GET /api/v1/catalog/browse/departments.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import type { Page } from 'playwright-core';
import { axe, login, pickOption, serverAndBrowser, overHttp } from './support/server.ts';
import { certificateItem, grantedCase } from '../src/modules/certificates/test-fixtures.ts';

const { url, browser } = serverAndBrowser('ow-certificates-browser-');
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;

async function newPage(): Promise<{ page: Page; errors: string[] }> {
  const context = await browser().newContext({ locale: 'zh-CN', bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

test('a stranger verifies a certificate from its PDF, a photo of its QR code and its id; the admin sees the settings', async () => {
  const t = overHttp(url);
  const itemId = await certificateItem(t);
  await grantedCase(t, itemId);
  const citizenH = await t.login('citizen.demo');
  const certs = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizenH })).json();
  const cert = certs.find((c: { type: { code: string } }) => c.type.code === 'DEMO.SPJYXKZ');
  assert.ok(cert, JSON.stringify(certs));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-cert-files-'));
  try {
    const pdfRes = await fetch(url(`/api/v1/certificates/mine/${encodeURIComponent(cert.id)}/pdf`), {
      headers: citizenH,
    });
    assert.equal(pdfRes.status, 200);
    const pdfFile = path.join(dir, '食品经营许可证.pdf');
    fs.writeFileSync(pdfFile, Buffer.from(await pdfRes.arrayBuffer()));
    const { credential } = (
      await t.app.inject({ method: 'GET', url: `/api/v1/certificates/mine/${cert.id}/credential`, headers: citizenH })
    ).json();
    const pngFile = path.join(dir, 'qr.png');
    await QRCode.toFile(pngFile, `${url('/certificates/verify')}#vc=${credential}`, { scale: 4, margin: 4 });
    const notCert = path.join(dir, 'note.txt');
    fs.writeFileSync(notCert, 'not a certificate');

    // A stranger: the PDF.
    const { page, errors } = await newPage();
    await page.goto(url('/certificates/verify'));
    await page.getByTestId('page-title').waitFor();
    const result = page.getByTestId('verify-result');
    await page.getByTestId('verify-file').setInputFiles(pdfFile);
    await result.waitFor();
    assert.match(await result.innerText(), /有效/);
    assert.doesNotMatch(await result.innerText(), /无效/);
    const shown = await page.locator('main').innerText();
    assert.ok(shown.includes(cert.holder.name), shown);
    assert.ok(shown.includes('食品经营许可证'), shown);
    assert.match(shown, /\d{4}\*{6,}\d{3}[\dX]/, 'the resident ID masked');
    assert.doesNotMatch(shown, UUID);
    assert.deepEqual(await axe(page), [], 'verify page with an answer');

    // On a phone: the page fits the screen (no sideways scrolling), the answer included.
    {
      const phone = await browser().newContext({ locale: 'zh-CN', viewport: { width: 375, height: 740 } });
      const p = await phone.newPage();
      await p.goto(url('/certificates/verify'));
      await p.getByTestId('verify-file').setInputFiles(pdfFile);
      await p.getByTestId('verify-result').waitFor();
      const [scrollWidth, innerWidth] = await p.evaluate(() => {
        const g = globalThis as unknown as {
          innerWidth: number;
          document: { documentElement: { scrollWidth: number } };
        };
        return [g.document.documentElement.scrollWidth, g.innerWidth];
      });
      assert.ok(scrollWidth <= innerWidth, `fits a phone: ${scrollWidth} <= ${innerWidth}`);
      await phone.close();
    }

    // A photo of the QR code, decoded in the browser.
    await page.reload();
    await page.getByTestId('verify-file').setInputFiles(pngFile);
    await result.waitFor();
    assert.match(await result.innerText(), /有效/);
    assert.equal(await page.getByTestId('verify-input').inputValue(), credential);

    // A file that is no certificate: the reason in words.
    await page.reload();
    await page.getByTestId('verify-file').setInputFiles(notCert);
    await page.getByTestId('verify-error').waitFor();
    assert.match(await page.getByTestId('verify-error').innerText(), /PDF/);

    // The QR code's id-only fallback.
    await page.goto(url(`/certificates/verify#id=${encodeURIComponent(cert.id)}`));
    await result.waitFor();
    assert.match(await result.innerText(), /有效/);

    // Revoked by the department: the same PDF now says why it is invalid.
    const lead = await t.login('lead.zhengzhou');
    const revoked = await t.app.inject({
      method: 'POST',
      url: `/api/v1/certificates/certificates/${cert.id}/revoke`,
      headers: lead,
      payload: { version: cert.version, reason: '吊销许可' },
    });
    assert.equal(revoked.statusCode, 200, revoked.body);
    await page.goto(url('/certificates/verify'));
    await page.getByTestId('verify-file').setInputFiles(pdfFile);
    await result.waitFor();
    assert.match(await result.innerText(), /无效[\s\S]*注销/);
    assert.deepEqual(errors, []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }

  // The department changes (变更) a second certificate: a new face value and a reason; the old version is superseded.
  const c2 = await grantedCase(t, itemId);
  const second = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizenH }))
    .json()
    .find((c: { caseId: string }) => c.caseId === c2.id);
  assert.ok(second);
  {
    const { page, errors } = await newPage();
    await login(page, url, 'lead.zhengzhou');
    await page.goto(url('/certificates'));
    const row = page.locator(`tr[data-row-key="${second.id}"]`);
    const sent: unknown[] = [];
    page.on('request', (r) => {
      if (r.method() === 'POST' && r.url().endsWith(`/certificates/${encodeURIComponent(second.id)}/change`))
        sent.push(r.postDataJSON());
    });
    await row.getByTestId('certificate-change').click();
    const site = page.getByTestId('reissue-face-siteAddress');
    await site.waitFor();
    assert.equal(await site.inputValue(), second.face.siteAddress, 'the current face prefilled');
    await site.fill('郑州市金水区示例路 2 号');
    await page.getByTestId('reissue-reason').fill('经营场所变更');
    await page.locator('.ant-modal-footer .ant-btn-primary').click();
    await row.getByText('已被替代').waitFor();
    // Only the edited field is sent, with the reason and the version it applies to.
    assert.deepEqual(sent, [
      { version: second.version, reason: '经营场所变更', face: { siteAddress: '郑州市金水区示例路 2 号' } },
    ]);
    assert.deepEqual(errors, []);
  }
  const issued = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizenH })).json();
  const next = issued.find((c: { supersedes: string | null }) => c.supersedes === second.id);
  assert.ok(next, JSON.stringify(issued));
  assert.equal(next.number.split('.').at(-2), '002', 'the number’s version part: the second edition');
  // The new edition carries the edited field and keeps every other one.
  assert.deepEqual(next.face, { ...second.face, siteAddress: '郑州市金水区示例路 2 号' });

  // The administrator's settings: types, keys of a department chosen by name, the trust list.
  const { page, errors } = await newPage();
  await login(page, url, 'admin');
  await page.goto(url('/certificates/admin'));
  const types = page.getByTestId('types-table');
  await types.getByText('食品经营许可证').first().waitFor();
  await types.locator('.ant-table-row-expand-icon').first().click();
  await page.getByTestId('type-detail').first().waitFor();
  const typesText = await types.innerText();
  assert.match(typesText, /类型代码/);
  assert.doesNotMatch(typesText, /DEMO\.|410105-|urn:/);
  assert.doesNotMatch(typesText, UUID);
  assert.deepEqual(await axe(page), [], 'certificate types');

  // The administrator defines a type through the form: two face fields, a department chosen by name.
  await page.getByTestId('type-define').click();
  const form = page.getByTestId('define-form');
  await form.waitFor();
  await page.getByTestId('define-code').fill('HN.CSXKZ');
  await page.getByTestId('define-name-zh').fill('测试许可证');
  await page.getByTestId('define-name-en').fill('Test licence');
  // 21 characters but no 3-digit sequence at the end: the API's error shows next to the field.
  await page.getByTestId('define-type-code').fill('ABCDEFGHIJKLMNOPQRSTU');
  await page.getByTestId('define-field-name-0').fill('holderName');
  await page.getByTestId('define-field-zh-0').fill('持证主体');
  await page.getByTestId('define-field-en-0').fill('Holder');
  await page.getByTestId('define-add-field').click();
  await page.getByTestId('define-field-name-1').fill('issueDate');
  await page.getByTestId('define-field-zh-1').fill('发证日期');
  await page.getByTestId('define-field-en-1').fill('Date of issue');
  await pickOption(page, 'define-field-kind-1', '日期');
  // A semantic key none of the demo types uses: typed in.
  await page.getByTestId('define-field-key-1').click();
  await page.keyboard.type('certificate.issueDate');
  await page.keyboard.press('Enter');
  await page.getByTestId('define-departments').click();
  await page.keyboard.type('金水区市场监督');
  await pickOption(page, 'define-departments', '金水区市场监督管理局');
  await page.locator('.ant-modal-title').click();
  assert.deepEqual(await axe(page), [], 'the define-a-type form');
  const typeCodeItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('define-type-code') });
  await page.getByTestId('define-submit').click();
  await typeCodeItem.locator('.ant-form-item-explain-error').waitFor();
  assert.match(await typeCodeItem.innerText(), /统一社会信用代码加三位顺序码/);
  await page.getByTestId('define-type-code').fill('12410000MB1234567A001');
  await page.getByTestId('define-submit').click();
  await page.getByTestId('type-defined').waitFor();
  await types.getByText('测试许可证').waitFor();
  assert.match(await types.locator('tr', { hasText: '测试许可证' }).innerText(), /持证主体、发证日期/);
  assert.doesNotMatch(await types.innerText(), /HN\.CSXKZ|410105-|urn:/);
  // The same code again: the API's answer next to the code (the form opens empty again).
  await page.getByTestId('type-define').click();
  assert.equal(await page.getByTestId('define-code').inputValue(), '');
  await page.getByTestId('define-code').fill('HN.CSXKZ');
  await page.getByTestId('define-name-zh').fill('测试许可证');
  await page.getByTestId('define-name-en').fill('Test licence');
  await page.getByTestId('define-type-code').fill('12410000MB1234567A002');
  await page.getByTestId('define-field-name-0').fill('holderName');
  await page.getByTestId('define-field-zh-0').fill('持证主体');
  await page.getByTestId('define-field-en-0').fill('Holder');
  await page.getByTestId('define-submit').click();
  const codeItem = form.locator('.ant-form-item').filter({ has: page.getByTestId('define-code') });
  await codeItem.locator('.ant-form-item-explain-error').waitFor();
  assert.match(await codeItem.innerText(), /该证照类型已定义/);
  await page.locator('.ant-modal-footer .ant-btn').filter({ hasText: '取消' }).click();
  await form.waitFor({ state: 'detached' });
  const adminH = await t.login('admin');
  const jinshui = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/issuers', headers: adminH }))
    .json()
    .find((d: { name: string }) => d.name === '金水区市场监督管理局');
  assert.ok(jinshui);
  const definedType = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/types' }))
    .json()
    .find((c: { code: string }) => c.code === 'HN.CSXKZ');
  assert.deepEqual(definedType, {
    ...definedType,
    name: { zh: '测试许可证', en: 'Test licence' },
    typeCode: '12410000MB1234567A001',
    validity: { kind: 'period', value: 5, unit: 'year' },
    departments: [jinshui.code],
    illustrative: false,
    faceSchema: {
      type: 'object',
      properties: {
        holderName: { type: 'string', title: '持证主体', 'x-title-en': 'Holder', 'x-semantic-key': 'holder.name' },
        issueDate: {
          type: 'string',
          format: 'date',
          title: '发证日期',
          'x-title-en': 'Date of issue',
          'x-semantic-key': 'certificate.issueDate',
        },
      },
      required: ['holderName'],
    },
  });

  await page.getByRole('tab', { name: '签发密钥' }).click();
  // The department by name (searched: a province has many).
  const select = page.getByTestId('keys-department');
  await select.click();
  await page.keyboard.type('金水区市场监督');
  await pickOption(page, 'keys-department', '金水区市场监督管理局');
  const keys = page.getByTestId('keys-table');
  await keys.getByText('使用中').first().waitFor();
  assert.match(await keys.innerText(), /Ed25519/);
  assert.doesNotMatch(await page.locator('main').innerText(), /410105-SCJG|urn:|DEMO\./);
  assert.deepEqual(await axe(page), [], 'issuer keys');

  await page.getByRole('tab', { name: '信任列表' }).click();
  await page.getByTestId('trust-imported').waitFor();
  assert.match(await page.getByTestId('trust-imported').innerText(), /尚未导入/);
  assert.deepEqual(await axe(page), [], 'trust list');
  assert.deepEqual(errors, []);
});
