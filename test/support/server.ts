/**
 * Helpers for browser tests that run the real platform: a free port, `onewindow start` on a temp data folder (what
 * `npm start` runs: migrate, seed the demo, build the web UI when stale), axe-core in a page, and signing in.
 * The same steps as test/start-and-browser.test.ts, shared so each browser test does not copy them.
 */
import { after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Locator, type Page } from 'playwright-core';
import type { TestApp } from '../../src/server/testing.ts';

export const CHROMIUM = process.env.ONEWINDOW_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
}

/** The environment of `onewindow start` and `seed-demo` here: development mode, SQLite in `dataDir`. */
function serverEnv(dataDir: string): NodeJS.ProcessEnv {
  return {
    ...process.env,
    ONEWINDOW_DATA_DIR: dataDir,
    ONEWINDOW_MODE: 'development',
    DATABASE_URL: '',
    ONEWINDOW_PG_SCHEMA: '',
  };
}

export interface RunningServer {
  port: number;
  url: (p: string) => string;
  /** Everything the server printed so far. */
  output: () => string;
  stop: () => Promise<void>;
}

/** Starts `onewindow start` (development mode, SQLite in `dataDir`) and waits for /readyz; returns how long it took. */
export async function startServer(
  dataDir: string,
  port: number,
  opts: { timeoutMs?: number } = {},
): Promise<RunningServer & { ms: number }> {
  const t0 = Date.now();
  let output = '';
  const server: ChildProcess = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start'], {
    env: { ...serverEnv(dataDir), PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  server.stdout!.on('data', (d) => (output += d));
  server.stderr!.on('data', (d) => (output += d));
  const stop = async () => {
    if (server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise((r) => server.once('exit', r));
    server.kill('SIGTERM');
    await exited;
  };
  const limit = opts.timeoutMs ?? 90_000;
  while (Date.now() - t0 < limit) {
    if (server.exitCode !== null) throw new Error(`server exited ${server.exitCode}:\n${output}`);
    try {
      const r = await fetch(`http://127.0.0.1:${port}/readyz`);
      if (r.ok)
        return { port, ms: Date.now() - t0, url: (p) => `http://127.0.0.1:${port}${p}`, output: () => output, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  await stop();
  throw new Error(`server not ready after ${limit / 1000} s:\n${output}`);
}

export interface AxeViolation {
  id: string;
  impact: string;
  nodes: number;
  targets: string[];
}

declare const window: unknown;
declare const document: {
  getAnimations(): Array<{ playState: string; effect: { getTiming(): { iterations?: number } } | null }>;
};

/** axe-core's serious and critical violations on the page as it is now (the context needs bypassCSP to inject axe). */
export async function axe(page: Page): Promise<AxeViolation[]> {
  // A toast or a menu still fading in has a partial opacity, and axe would measure its contrast mid-animation: wait
  // until every finite animation has finished (an endless spinner never does, so it is left out).
  await page.waitForFunction(() =>
    document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
  );
  await page.addScriptTag({ path: path.resolve('node_modules/axe-core/axe.min.js') });
  const result = await page.evaluate(async () => {
    const r = await (
      window as {
        axe: {
          run: () => Promise<{
            violations: Array<{ id: string; impact: string; nodes: Array<{ target: unknown[] }> }>;
          }>;
        };
      }
    ).axe.run();
    return r.violations.map((v) => ({
      id: v.id,
      impact: v.impact,
      nodes: v.nodes.length,
      targets: v.nodes.slice(0, 5).map((n) => String(n.target[0])),
    }));
  });
  return result.filter((v) => v.impact === 'serious' || v.impact === 'critical');
}

/** Signs in through the login form with the demo password and waits for the menu (on a phone: the menu button). */
export async function login(
  page: Page,
  url: (p: string) => string,
  username: string,
  password = 'onewindow-demo',
): Promise<void> {
  await page.goto(url('/login'));
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => !u.pathname.startsWith('/login'));
  await page.getByTestId('main-nav').or(page.getByTestId('header-menu')).first().waitFor();
}

/**
 * For a browser test file: a server on a fresh data folder and Debian's Chromium, started (side by side) before its
 * tests and stopped (the folder removed) after them. The folder starts as a copy of `seededDataDir()`, so the
 * server finds the demo province migrated and seeded, as on any start after the first. `url`, `browser()` and
 * `signedIn` are for use inside the tests.
 */
export function serverAndBrowser(prefix: string): {
  url: (p: string) => string;
  browser: () => Browser;
  signedIn: SignedIn;
} {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Debian's chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
    const launched = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
    try {
      fs.cpSync(await seededDataDir(), dataDir, { recursive: true });
      // A generous limit: it only stops a server that never comes up; a shared machine under load can take minutes.
      server = await startServer(dataDir, await freePort(), { timeoutMs: 300_000 });
    } finally {
      browser = await launched;
    }
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  const url = (p: string) => server!.url(p);
  const signedIn: SignedIn = async (username, options = {}) => {
    const context = await browser!.newContext({ locale: 'zh-CN', ...options });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    if (username) await login(page, url, username);
    return { page, errors };
  };
  return { url, browser: () => browser!, signedIn };
}

/**
 * A new zh-CN browser context (`options` added), signed in as `username` (null: signed out), with the page errors it
 * meets, for a test to assert there were none.
 */
export type SignedIn = (
  username: string | null,
  options?: BrowserContextOptions,
) => Promise<{ page: Page; errors: string[] }>;

/** Names this test run (scripts/test.mjs sets ONEWINDOW_TEST_RUN for all its test processes), else this process. */
const RUN = /^[a-z0-9]{1,16}$/.test(process.env.ONEWINDOW_TEST_RUN ?? '')
  ? process.env.ONEWINDOW_TEST_RUN!
  : `p${process.pid}`;

/**
 * A data folder where `onewindow seed-demo` migrated the database and seeded the demo province (what the first
 * `onewindow start` on an empty folder does), made once per test run and shared by its browser tests, which copy
 * it: seeding costs seconds of CPU and each browser test would otherwise pay them. It lies with the run's database
 * templates, which scripts/test.mjs removes at the end (a process running alone removes its own at exit).
 * test/start-and-browser.test.ts still starts on an empty folder.
 */
export async function seededDataDir(): Promise<string> {
  const dir = path.join(os.tmpdir(), `ow-templates-${RUN}`);
  const ready = path.join(dir, 'demo-data');
  const lock = `${ready}.lock`;
  fs.mkdirSync(dir, { recursive: true });
  if (RUN === `p${process.pid}`) process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  for (;;) {
    if (fs.existsSync(ready)) return ready;
    try {
      fs.mkdirSync(lock); // one process of the run seeds; the others wait for it
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      if (!holderAlive(lock)) fs.rmSync(lock, { recursive: true, force: true });
      await new Promise((r) => setTimeout(r, 300));
      continue;
    }
    try {
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      const building = fs.mkdtempSync(`${ready}.building-`);
      const seeded = await new Promise<{ code: number | null; output: string }>((resolve) => {
        let output = '';
        const p = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'seed-demo'], {
          env: serverEnv(building),
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        p.stdout!.on('data', (d) => (output += d));
        p.stderr!.on('data', (d) => (output += d));
        p.on('exit', (code) => resolve({ code, output }));
      });
      if (seeded.code !== 0) throw new Error(`onewindow seed-demo exited ${seeded.code}:\n${seeded.output}`);
      fs.renameSync(building, ready); // complete, or not there at all
      return ready;
    } finally {
      fs.rmSync(lock, { recursive: true, force: true });
    }
  }
}

/** Whether the process that took the lock is still running (a lock left by a process that died is taken over). */
function holderAlive(lock: string): boolean {
  try {
    process.kill(Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8')), 0);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EPERM') return true;
    try {
      return Date.now() - fs.statSync(lock).mtimeMs < 30_000; // no pid yet: the holder has only just made the lock
    } catch {
      return false; // gone already
    }
  }
}

/** Waits until no antd dialog is still animating in: a click during the zoom can land on a moving target. */
export async function modalSettled(page: Page) {
  await page.locator('.ant-modal').first().waitFor();
  await page.waitForFunction(
    () =>
      !(globalThis as unknown as { document: { querySelector(s: string): unknown } }).document.querySelector(
        '.ant-zoom-appear, .ant-zoom-enter, .ant-zoom-appear-active, .ant-zoom-enter-active',
      ),
  );
}

/**
 * Picks the option `text` of the antd select `testId` (or the select a locator finds) until the select shows it. Only the open dropdown's options are
 * clicked: a dropdown opened earlier stays in the page, hidden, and an option of the same name there cannot be clicked.
 * Under CI load the list may still be sliding in (a click then lands on what is behind it): it tries again.
 */
export async function pickOption(page: Page, testId: string | Locator, text: string): Promise<void> {
  // A test id, or a locator for a select whose test id repeats (one per row of a list).
  const select = typeof testId === 'string' ? page.getByTestId(testId) : testId;
  await select.waitFor();
  for (let i = 0; i < 5 && !(await select.getByText(text).count()); i++) {
    try {
      await select.click({ timeout: 5_000 });
      const option = page
        .locator('.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option')
        .filter({ hasText: text })
        .first();
      await option.waitFor({ state: 'visible', timeout: 5_000 });
      await option.click({ timeout: 5_000 });
    } catch {
      // The keyboard, which no animation can intercept: the focused select moves its active option with the arrows.
      await select
        .locator('input')
        .first()
        .focus()
        .catch(() => {});
      for (let step = 0; step < 12; step++) {
        await page.keyboard.press('ArrowDown');
        const active = page.locator(
          '.ant-select-dropdown:not(.ant-select-dropdown-hidden) .ant-select-item-option-active',
        );
        if ((await active.count()) && (await active.first().innerText()).includes(text)) {
          await page.keyboard.press('Enter');
          break;
        }
      }
      if (!(await select.getByText(text).count())) await page.keyboard.press('Escape');
    }
    await page.waitForTimeout(300);
  }
  await select.getByText(text).waitFor();
}

/** The fixtures' `TestApp` surface (inject, login) over HTTP against a running server at `url`. */
export function overHttp(url: (p: string) => string): TestApp {
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
