/**
 * The platform as a user meets it: `onewindow start` on a fresh data folder (what `npm start` runs) serves health,
 * OpenAPI, Swagger UI and the web UI within 60 s, and a second start reuses the data. Then Debian's Chromium,
 * driven by playwright-core, logs two roles in (different menus) and axe-core checks the login page and the shell
 * in normal and elder modes.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import net from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { axe } from './support/server.ts';

const CHROMIUM = process.env.ONEWINDOW_CHROMIUM ?? '/usr/bin/chromium';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-start-'));
let port = 0;
let server: ChildProcess | null = null;
let output = '';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

async function startServer(): Promise<number> {
  const t0 = Date.now();
  output = '';
  server = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ONEWINDOW_DATA_DIR: dataDir,
      ONEWINDOW_MODE: 'development',
      DATABASE_URL: '',
      ONEWINDOW_PG_SCHEMA: '',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  while (Date.now() - t0 < 90_000) {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}:\n${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok) return Date.now() - t0;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`server not ready after 90 s:\n${output}`);
}

async function stopServer() {
  if (!server || server.exitCode !== null) return;
  const exited = new Promise((r) => server!.once('exit', r));
  server.kill('SIGTERM');
  await exited;
}

const url = (p: string) => `http://127.0.0.1:${port}${p}`;
const json = async (r: Response | Promise<Response>): Promise<any> => (await r).json();
declare const document: { documentElement: { lang: string } };

before(async () => {
  port = await freePort();
});

after(async () => {
  await stopServer();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

test('a first start on an empty data folder is ready within 60 s and serves API, docs and web UI', async () => {
  const ms = await startServer();
  assert.ok(ms < 60_000, `first start took ${ms} ms`);
  assert.ok(fs.existsSync(path.join(dataDir, 'onewindow.sqlite')), 'the SQLite database is created in the data folder');
  assert.ok(fs.existsSync(path.join(dataDir, 'keys', 'personal-data.key')), 'a development key is generated');
  assert.deepEqual(await json(fetch(url('/healthz'))), { status: 'ok' });
  assert.equal((await json(fetch(url('/openapi.json')))).openapi, '3.1.0');
  assert.equal((await fetch(url('/docs/'))).status, 200);
  const index = await fetch(url('/'));
  assert.match(await index.text(), /<div id="root">/);
  const deep = await fetch(url('/registry'));
  assert.match(await deep.text(), /<div id="root">/, 'client routes fall back to index.html');
  const api404 = await fetch(url('/api/v1/nope'));
  assert.equal(api404.status, 404);
  assert.equal((await json(api404)).error.code, 'ROUTE_NOT_FOUND');
  const meta = await json(fetch(url('/api/v1/meta')));
  assert.equal(meta.demo, true);
  assert.ok(meta.demoAccounts.some((a: { username: string }) => a.username === 'admin'));
});

test('a second start reuses the data folder: no migrations, no reseeding', async () => {
  await stopServer();
  const ms = await startServer();
  assert.ok(ms < 60_000);
  assert.equal(/"msg":"migrated"/.test(output), false, 'nothing to migrate on the second start');
  const login = await fetch(url('/api/v1/session'), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: 'onewindow-demo' }),
  });
  const { token } = await json(login);
  const list = await json(
    fetch(url('/api/v1/registry/enterprises?limit=200'), { headers: { authorization: `Bearer ${token}` } }),
  );
  const firstIds = list.items.map((e: { id: string }) => e.id);
  assert.equal(new Set(firstIds).size, firstIds.length);
  assert.equal(list.items.length, 200, 'the default demo size (200 enterprises) — not doubled');
  assert.equal(
    list.nextCursor === null ||
      (
        await json(
          fetch(url(`/api/v1/registry/enterprises?limit=200&cursor=${list.nextCursor}`), {
            headers: { authorization: `Bearer ${token}` },
          }),
        )
      ).items.length === 0,
    true,
  );
});

async function login(page: Page, username: string) {
  await page.goto(url('/login'));
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill('onewindow-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('main-nav').waitFor();
}

test('in Chromium: two roles see different menus; axe finds nothing serious in normal and elder modes; an admin sets a time limit', async () => {
  assert.ok(fs.existsSync(CHROMIUM), `Debian's chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    // bypassCSP only so the test can inject axe-core; the app's own CSP forbids inline scripts.
    const context = await browser.newContext({ locale: 'zh-CN', bypassCSP: true });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));

    await page.goto(url('/login'));
    await page.getByTestId('login-form').waitFor();
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-CN');
    await page.getByTestId('demo-accounts').waitFor();
    assert.deepEqual(await axe(page), [], 'login page, normal mode');
    await page.getByTestId('elder-switch').click();
    await page.waitForSelector('[data-elder="true"]');
    assert.deepEqual(await axe(page), [], 'login page, elder mode');
    await page.getByTestId('elder-switch').click();
    await page.waitForSelector('[data-elder="false"]');

    await login(page, 'admin');
    const adminMenu = await page
      .locator('[data-testid^="menu-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    assert.deepEqual(await axe(page), [], 'shell as admin, normal mode');
    await page.getByTestId('elder-switch').click();
    await page.waitForSelector('[data-elder="true"]');
    assert.deepEqual(await axe(page), [], 'shell as admin, elder mode');
    await page.getByTestId('elder-switch').click();
    await page.waitForSelector('[data-elder="false"]');

    // 时限设置: the admin sets the province's acceptance limit, sees it as set here, then lets it inherit again.
    await page.goto(url('/reference'));
    const limit = page.getByTestId('limit-cases.acceptance_days');
    await limit.waitFor();
    const limitRow = page.getByTestId('limits-table').locator('tr', { has: limit });
    await limitRow.getByText('默认值').waitFor();
    await limit.fill('3');
    await page.getByTestId('limits-save').click();
    await limitRow.getByText('本级设置').waitFor();
    assert.equal(await limit.inputValue(), '3');
    await page.getByTestId('limit-inherit-cases.acceptance_days').click();
    await limitRow.getByText('默认值').waitFor();
    assert.equal(await limit.inputValue(), '5');
    await page.getByTestId('logout').click();
    await page.getByTestId('login-form').waitFor();

    await login(page, 'citizen.demo');
    const citizenMenu = await page
      .locator('[data-testid^="menu-"]')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')));
    assert.ok(adminMenu.includes('menu-system') && adminMenu.includes('menu-registry'), `admin menu: ${adminMenu}`);
    // cases:read is the applicant's since the cases module (their own cases, 我的办件); ratings:rate since ratings (我的评价);
    // certificates:own (我的证照) and hotline:submit (我要咨询投诉) since those modules; public pages show to everyone.
    assert.deepEqual(
      citizenMenu,
      [
        'menu-home',
        'menu-cases',
        'menu-caseBundles',
        'menu-caseInbox',
        'menu-ratings-mine',
        'menu-casePublicity',
        'menu-certificatesMine',
        'menu-certificatesVerify',
        'menu-hotline-submit',
        'menu-hotline-track',
        'menu-hotline-report',
        'menu-inspections-public',
      ],
      'an applicant sees the home page, their cases, ratings, certificates and hotline requests, and the public pages',
    );

    // The language switch turns the shell into English.
    await page.getByTestId('lang-switch').click();
    await page.waitForFunction(() => document.documentElement.lang === 'en');
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('in Chromium: Swagger UI at /docs renders and expands an operation without a CSP violation', async () => {
  assert.ok(fs.existsSync(CHROMIUM), `Debian's chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
  const browser: Browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage(); // the page's own CSP applies (no bypassCSP here)
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    await page.goto(url('/docs/'));
    // The spec is large (every module's routes): under CI load Swagger UI can take a while to parse and show it.
    await page.locator('.swagger-ui .info').first().waitFor({ timeout: 90_000 });
    await page.locator('.opblock').first().click();
    await page.locator('.opblock-body').first().waitFor();
    assert.deepEqual(violations, []);
  } finally {
    await browser.close();
  }
});
