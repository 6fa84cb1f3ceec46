/**
 * Certificate-free materials (免证可办) in Debian's Chromium against `onewindow start` on a fresh demo data folder:
 *
 *  - through the API: an item whose result is a 食品经营许可证 is published and a case for citizen.demo granted (the
 *    certificate is issued); a second item lists that licence as a material a certificate may give, and citizen.demo
 *    files a case for it;
 *  - citizen.demo opens the case: 使用电子证照 offers the licence (no number or id shown in the choice), 使用 records
 *    it: the materials table shows 电子证照 and 有效;
 *  - the reviewer opens the case: 电子证照, its type and issuer, 有效; the department revokes it (API); on reload the
 *    reviewer's page says 无效：证照已被注销.
 *  - shared data and reuse: the apply page offers 人口基础信息库 for a listed material; ticked, it fills the material
 *    right after filing (共享数据 with the masked fields on the case page); 使用以前上传的材料 attaches a file of an
 *    earlier case (以前上传的材料); My cases shows the read in 我的数据使用记录.
 *
 * Endpoints this depends on: the catalog's item and implementation routes, POST /api/v1/cases and its moves,
 * GET /api/v1/certificates/mine, POST /api/v1/certificates/certificates/:id/revoke, GET/POST the case's materials.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickOption, serverAndBrowser, overHttp } from './support/server.ts';
import {
  certificateItem,
  certificateMaterial,
  FILLED,
  grantedCase,
  sharedMaterial,
} from '../src/modules/certificates/test-fixtures.ts';

const { url, signedIn } = serverAndBrowser('ow-certfree-browser-');

test('an applicant uses their e-certificate instead of an upload; the reviewer sees it valid, then revoked', async () => {
  const t = overHttp(url);
  await grantedCase(t, await certificateItem(t));
  const citizenH = await t.login('citizen.demo');
  const certs = (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizenH })).json();
  const cert = certs.find((c: { type: { code: string } }) => c.type.code === 'DEMO.SPJYXKZ');
  assert.ok(cert, JSON.stringify(certs));
  const item2 = await certificateItem(t, 'DEMO.GGCSWSXKZ', [
    certificateMaterial('food_licence', '食品经营许可证', 'DEMO.SPJYXKZ'),
  ]);
  const filed = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: citizenH,
    payload: { itemId: item2, region: '410105', form: FILLED },
  });
  assert.equal(filed.statusCode, 201, filed.body);
  const c2 = filed.json();

  const citizen = await signedIn('citizen.demo');
  await citizen.page.goto(url(`/cases/${c2.id}`));
  const choice = citizen.page.getByTestId('certificate-choice');
  await choice.waitFor();
  const choiceText = await choice.innerText();
  assert.match(choiceText, /食品经营许可证/);
  assert.doesNotMatch(choiceText, new RegExp(`${cert.number.replaceAll('.', '\\.')}|urn:uuid|DEMO\\.`));
  await choice.getByTestId('certificate-choice-use').click();
  await choice.getByText('已使用电子证照').waitFor();
  const table = citizen.page.getByTestId('materials-table');
  await table.getByTestId('material-certificate').waitFor();
  await table.getByTestId('check-valid').waitFor();
  assert.deepEqual(citizen.errors, []);

  const reviewer = await signedIn('reviewer.zhengzhou');
  await reviewer.page.goto(url(`/cases/${c2.id}`));
  const rTable = reviewer.page.getByTestId('materials-table');
  await rTable.getByTestId('check-valid').waitFor();
  assert.match(await rTable.innerText(), /电子证照[\s\S]*食品经营许可证/);
  assert.equal(await reviewer.page.getByTestId('certificate-choice').count(), 0, 'staff cannot choose for the holder');

  const lead = await t.login('lead.zhengzhou');
  const revoked = await t.app.inject({
    method: 'POST',
    url: `/api/v1/certificates/certificates/${cert.id}/revoke`,
    headers: lead,
    payload: { version: cert.version, reason: '吊销许可' },
  });
  assert.equal(revoked.statusCode, 200, revoked.body);
  await reviewer.page.reload();
  await rTable.getByTestId('check-invalid').waitFor();
  assert.match(await rTable.getByTestId('check-invalid').innerText(), /无效：证照已被注销/);
  assert.match(await rTable.innerText(), /提交时核验：有效/);
  assert.deepEqual(reviewer.errors, []);
});

test('the apply page fills a material from shared data on filing; the case page reuses an earlier upload', async () => {
  const t = overHttp(url);
  const item = await certificateItem(t, 'DEMO.SPJYXKZ', [sharedMaterial('id', '申请人身份证明', '人口基础信息库')]);
  const citizenH = await t.login('citizen.demo');
  const earlier = await t.app.inject({
    method: 'POST',
    url: '/api/v1/cases',
    headers: citizenH,
    payload: { itemId: item, region: '410105', form: FILLED },
  });
  assert.equal(earlier.statusCode, 201, earlier.body);
  const c0 = earlier.json();
  const up = await fetch(
    url(`/api/v1/cases/${c0.id}/materials?name=${encodeURIComponent('场所照片.pdf')}&key=application`),
    {
      method: 'POST',
      headers: { ...citizenH, 'content-type': 'application/octet-stream' },
      body: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
    },
  );
  assert.equal(up.status, 201, await up.text());

  const citizen = await signedIn('citizen.demo');
  const page = citizen.page;
  await page.goto(url(`/cases/apply/${c0.implementation.id}`));
  await page.getByTestId('apply-form').waitFor();
  const sources = page.getByTestId('apply-sources');
  await sources.waitFor();
  assert.match(await sources.innerText(), /申请人身份证明[\s\S]*人口基础信息库/);
  await page.getByTestId('apply-source-shared').check();
  for (const [name, value] of Object.entries(FILLED)) await page.locator(`#root_${name}`).fill(value);
  await page.getByTestId('apply-submit').click();
  await page.locator('[data-testid="case-status"][data-status="submitted"]').waitFor();
  const table = page.getByTestId('materials-table');
  const shared = table.getByTestId('material-shared-data');
  await shared.waitFor();
  const sharedText = await shared.innerText();
  assert.match(sharedText, /共享数据[\s\S]*人口基础信息库[\s\S]*公民身份号码：\d{4}\*+/);

  const reuse = page.getByTestId('reuse-choice');
  await reuse.waitFor();
  await pickOption(page, 'reuse-select', '场所照片.pdf');
  await reuse.getByTestId('reuse-consent').check();
  await reuse.getByTestId('reuse-use').click();
  await table.getByTestId('material-reused').waitFor();
  assert.match(await table.innerText(), /场所照片\.pdf/);

  await page.goto(url('/cases'));
  const reads = page.getByTestId('data-reads');
  await reads.getByText('申请人身份证明', { exact: false }).first().waitFor();
  assert.match(await reads.innerText(), /人口基础信息库/);
  assert.deepEqual(citizen.errors, []);
});
