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
 *
 * Endpoints this depends on: the catalog's item and implementation routes, POST /api/v1/cases and its moves,
 * GET /api/v1/certificates/mine, POST /api/v1/certificates/certificates/:id/revoke, GET/POST the case's materials.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { login, serverAndBrowser } from './support/server.ts';
import {
  certificateItem,
  certificateMaterial,
  FILLED,
  grantedCase,
} from '../src/modules/certificates/test-fixtures.ts';
import type { TestApp } from '../src/server/testing.ts';

const { url, browser } = serverAndBrowser('ow-certfree-browser-');

/** The fixtures' `TestApp` surface (inject, login) over HTTP against the running server. */
function overHttp(): TestApp {
  const inject = async (o: { method: string; url: string; headers?: Record<string, string>; payload?: unknown }) => {
    const r = await fetch(url(o.url), {
      method: o.method,
      headers: { ...(o.headers ?? {}), ...(o.payload ? { 'content-type': 'application/json' } : {}) },
      body: o.payload ? JSON.stringify(o.payload) : undefined,
    });
    const body = await r.text();
    return { statusCode: r.status, body, json: () => JSON.parse(body) };
  };
  const login = async (username: string) => {
    const r = await inject({
      method: 'POST',
      url: '/api/v1/session',
      payload: { username, password: 'onewindow-demo' },
    });
    assert.equal(r.statusCode, 201, r.body);
    return { authorization: `Bearer ${r.json().token}` };
  };
  return { app: { inject }, login } as unknown as TestApp;
}

async function signedIn(username: string): Promise<{ page: Page; errors: string[] }> {
  const context = await browser().newContext({ locale: 'zh-CN' });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await login(page, url, username);
  return { page, errors };
}

test('an applicant uses their e-certificate instead of an upload; the reviewer sees it valid, then revoked', async () => {
  const t = overHttp();
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
