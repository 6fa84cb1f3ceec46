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
import { chromium, type Browser, type Page } from 'playwright-core';

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

/** axe-core's serious and critical violations on the page as it is now (the context needs bypassCSP to inject axe). */
export async function axe(page: Page): Promise<AxeViolation[]> {
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
 * For a browser test file: a server on a fresh data folder and Debian's Chromium, started before its tests and
 * stopped (the folder removed) after them. `url` and `browser()` are for use inside the tests.
 */
export function serverAndBrowser(prefix: string): { url: (p: string) => string; browser: () => Browser } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  let server: RunningServer | null = null;
  let browser: Browser | null = null;
  before(async () => {
    assert.ok(fs.existsSync(CHROMIUM), `Debian's chromium at ${CHROMIUM} (apt-get install -y chromium fonts-noto-cjk)`);
    server = await startServer(dataDir, await freePort());
    browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  });
  after(async () => {
    await browser?.close();
    await server?.stop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });
  return { url: (p) => server!.url(p), browser: () => browser! };
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
