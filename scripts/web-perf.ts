/**
 * What a citizen's phone meets on a cold load of the public pages, measured with Chromium's own tools (Lighthouse
 * is not installed): Debian's Chromium through playwright-core, a 390×844 phone (device scale 3, touch), the CPU
 * slowed 4× (CDP Emulation.setCPUThrottlingRate, Lighthouse's mobile factor) and Lighthouse's "slow 4G" network
 * (150 ms round trip, 1.6 Mbit/s down, 750 kbit/s up; CDP Network.emulateNetworkConditions), empty cache.
 *
 * For each page: FCP and LCP (paint and largest-contentful-paint entries), total blocking time (the part of each long
 * task over 50 ms, from FCP until the page is quiet), CLS, DOMContentLoaded and load, the number of requests and the
 * bytes transferred (all, JavaScript, CSS, fonts, API). The median of `--runs` cold loads (default 3).
 *
 *   node --import tsx scripts/web-perf.ts http://127.0.0.1:3000 [--runs 3] [--json out.json]
 *        [--lighthouse] [--lighthouse-only] [--report bench/results/issue-9/<date>.md] [--screenshots <dir>]
 *
 * `--lighthouse` also runs Lighthouse (npm `lighthouse` 12.8, its default mobile preset: simulated slow 4G and 4× CPU)
 * on the public home and the guide, `--runs` times each, driving Debian's Chromium through chrome-launcher (never a
 * downloaded browser), and reports the median performance, accessibility and best-practices scores with the
 * machine's load average at the start of each run (Lighthouse's performance score depends on CPU load: the simulated
 * phone's CPU time is the time measured on this machine × 4). `--report` writes a Markdown report, `--screenshots`
 * saves a 390×844 screenshot of each page measured.
 *
 * The server must run the demo (`npm start`): the guide measured is 金水区 食品经营许可's, found by the search.
 */
import { chromium, type CDPSession, type Page } from 'playwright-core';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execSync } from 'node:child_process';

const CHROMIUM = process.env.ONEWINDOW_CHROMIUM ?? '/usr/bin/chromium';
const args = process.argv.slice(2);
const base = (args.find((a) => /^https?:\/\//.test(a)) ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
const flag = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const RUNS = Number(flag('--runs') ?? 3);
const JSON_OUT = flag('--json');
const LIGHTHOUSE_ONLY = args.includes('--lighthouse-only');
const LIGHTHOUSE = LIGHTHOUSE_ONLY || args.includes('--lighthouse');
const REPORT = flag('--report');
const SCREENSHOTS = flag('--screenshots');
/** What the report calls the build measured (`--label before`), when the server runs another checkout. */
const LABEL = flag('--label');
/** The targets of issue 9 (Lighthouse scores out of 100). */
const TARGETS = { performance: 90, accessibility: 95, bestPractices: 95 } as const;

/** Lighthouse's mobile preset: slow 4G, 4× CPU. */
const NETWORK = {
  offline: false,
  latency: 150,
  downloadThroughput: (1638.4 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;

interface Measure {
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  domContentLoaded: number;
  load: number;
  requests: number;
  bytes: { all: number; js: number; css: number; font: number; api: number; document: number };
}

declare const window: {
  __ow: { lcp: number; cls: number; longTasks: Array<{ start: number; duration: number }> };
};
declare const performance: {
  getEntriesByType(t: string): Array<{
    name: string;
    startTime: number;
    duration?: number;
    transferSize?: number;
    initiatorType?: string;
    domContentLoadedEventEnd?: number;
    loadEventEnd?: number;
  }>;
};
declare class PerformanceObserver {
  constructor(
    cb: (list: {
      getEntries(): Array<{ startTime: number; duration: number; value?: number; hadRecentInput?: boolean }>;
    }) => void,
  );
  observe(o: { type: string; buffered: boolean }): void;
}

async function measure(page: Page, cdp: CDPSession, url: string, ready: (p: Page) => Promise<void>): Promise<Measure> {
  await cdp.send('Network.clearBrowserCache');
  await page.addInitScript(() => {
    const w = window as unknown as {
      __ow: { lcp: number; cls: number; longTasks: Array<{ start: number; duration: number }> };
    };
    w.__ow = { lcp: 0, cls: 0, longTasks: [] };
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__ow.lcp = e.startTime;
    }).observe({ type: 'largest-contentful-paint', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) if (!e.hadRecentInput) w.__ow.cls += e.value ?? 0;
    }).observe({ type: 'layout-shift', buffered: true });
    new PerformanceObserver((l) => {
      for (const e of l.getEntries()) w.__ow.longTasks.push({ start: e.startTime, duration: e.duration });
    }).observe({ type: 'longtask', buffered: true });
  });
  await page.goto(url, { waitUntil: 'load' });
  await ready(page);
  await page.waitForLoadState('networkidle');
  await page.waitForTimeout(500);
  return page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0]!;
    const fcp = performance.getEntriesByType('paint').find((e) => e.name === 'first-contentful-paint')?.startTime ?? 0;
    // No named helpers in here: the page runs this code as it is, without tsx's __name wrapper.
    const resources = performance.getEntriesByType('resource');
    const b = { all: 0, js: 0, css: 0, font: 0, api: 0 };
    for (const r of resources) {
      const n = r.transferSize ?? 0;
      b.all += n;
      if (/\.m?js(\?|$)/.test(r.name)) b.js += n;
      if (/\.css(\?|$)/.test(r.name)) b.css += n;
      if (/\.(woff2?|ttf|otf)(\?|$)/.test(r.name)) b.font += n;
      if (r.name.includes('/api/')) b.api += n;
    }
    const w = window.__ow;
    return {
      fcp: Math.round(fcp),
      lcp: Math.round(w.lcp),
      tbt: Math.round(w.longTasks.filter((t) => t.start >= fcp).reduce((n, t) => n + Math.max(0, t.duration - 50), 0)),
      cls: Math.round(w.cls * 1000) / 1000,
      domContentLoaded: Math.round(nav.domContentLoadedEventEnd ?? 0),
      load: Math.round(nav.loadEventEnd ?? 0),
      requests: resources.length + 1,
      bytes: {
        document: nav.transferSize ?? 0,
        all: (nav.transferSize ?? 0) + b.all,
        js: b.js,
        css: b.css,
        font: b.font,
        api: b.api,
      },
    };
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

interface LighthouseRun {
  load: [number, number, number];
  performance: number;
  accessibility: number;
  bestPractices: number;
  fcp: number;
  lcp: number;
  tbt: number;
  cls: number;
  si: number;
  bytes: number;
  /** Audits below full marks in accessibility and best practices (weighted ones). */
  failing: string[];
}
const lighthouseRuns: Record<string, LighthouseRun[]> = {};

/** `--runs` Lighthouse runs of one page, each in a fresh Chromium (Debian's, through chrome-launcher). */
async function runLighthouse(url: string): Promise<LighthouseRun[]> {
  const { default: lighthouse } = await import('lighthouse');
  const chromeLauncher = await import('chrome-launcher');
  const out: LighthouseRun[] = [];
  for (let i = 0; i < RUNS; i++) {
    const chrome = await chromeLauncher.launch({
      chromePath: CHROMIUM,
      chromeFlags: ['--headless=new', '--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
    try {
      const load = os.loadavg().map((x) => Math.round(x * 100) / 100) as [number, number, number];
      const result = await lighthouse(url, {
        port: chrome.port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: ['performance', 'accessibility', 'best-practices'],
      });
      if (!result) throw new Error(`Lighthouse returned nothing for ${url}`);
      const lhr = result.lhr;
      if (lhr.runtimeError) throw new Error(`Lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
      const score = (id: string) => Math.round((lhr.categories[id]?.score ?? 0) * 100);
      const num = (id: string) => Math.round(lhr.audits[id]?.numericValue ?? 0);
      const failing = ['accessibility', 'best-practices'].flatMap((c) =>
        (lhr.categories[c]?.auditRefs ?? [])
          .filter((r) => r.weight > 0 && (lhr.audits[r.id]?.score ?? 1) < 1)
          .map((r) => `${c}: ${lhr.audits[r.id]!.title}`),
      );
      const run: LighthouseRun = {
        load,
        performance: score('performance'),
        accessibility: score('accessibility'),
        bestPractices: score('best-practices'),
        fcp: num('first-contentful-paint'),
        lcp: num('largest-contentful-paint'),
        tbt: num('total-blocking-time'),
        cls: Math.round((lhr.audits['cumulative-layout-shift']?.numericValue ?? 0) * 1000) / 1000,
        si: num('speed-index'),
        bytes: num('total-byte-weight'),
        failing,
      };
      console.log(
        `lighthouse ${url} run ${i + 1}: performance ${run.performance}, accessibility ${run.accessibility}, ` +
          `best practices ${run.bestPractices} (FCP ${run.fcp} ms, LCP ${run.lcp} ms, TBT ${run.tbt} ms, CLS ${run.cls}) ` +
          `at load ${load.join(' ')}`,
      );
      out.push(run);
    } finally {
      chrome.kill();
    }
  }
  return out;
}

function report(results: Record<string, Measure & { runs: number }>, lh: Record<string, LighthouseRun[]>): string {
  let commit = '?';
  try {
    commit = execSync('git describe --always --dirty', { encoding: 'utf8' }).trim();
  } catch {
    /* not a checkout */
  }
  const lines = [
    `## OneWindow phone load — ${new Date().toISOString().slice(0, 10)}${LABEL ? ` — ${LABEL}` : ''}`,
    '',
    `Machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, Node ${process.version}, ` +
      `${LABEL ? `build: ${LABEL} (server at ${base}); script at ` : ''}commit ${commit}, ` +
      `Chromium ${CHROMIUM}. Load average when the report was written: ${os
        .loadavg()
        .map((x) => x.toFixed(2))
        .join(' ')}.`,
    '',
  ];
  if (Object.keys(lh).length) {
    lines.push(
      `### Lighthouse 12.8 (mobile preset), median of ${RUNS} runs`,
      '',
      `Targets: performance ≥ ${TARGETS.performance}, accessibility ≥ ${TARGETS.accessibility}, best practices ≥ ` +
        `${TARGETS.bestPractices}. Lighthouse simulates a phone's CPU as 4× this machine's measured time, so the ` +
        'performance score falls as the load average (other sessions on this 2-core machine) rises.',
      '',
      '| page | performance | accessibility | best practices | FCP | LCP | TBT | CLS | bytes | runs (performance @ 1-min load) |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    );
    for (const [name, runs] of Object.entries(lh)) {
      const m = (f: (r: LighthouseRun) => number) => median(runs.map(f));
      lines.push(
        `| ${name} | ${m((r) => r.performance)} | ${m((r) => r.accessibility)} | ${m((r) => r.bestPractices)} | ` +
          `${m((r) => r.fcp)} ms | ${m((r) => r.lcp)} ms | ${m((r) => r.tbt)} ms | ${m((r) => r.cls)} | ` +
          `${Math.round(m((r) => r.bytes) / 1024)} KB | ${runs.map((r) => `${r.performance} @ ${r.load[0]}`).join(', ')} |`,
      );
    }
    const failing = [...new Set(Object.values(lh).flatMap((runs) => runs.flatMap((r) => r.failing)))];
    lines.push(
      '',
      failing.length
        ? `Audits below full marks: ${failing.join('; ')}.`
        : 'No accessibility or best-practices audit below full marks.',
      '',
    );
  }
  if (Object.keys(results).length) {
    lines.push(
      `### Chromium's own measures (CDP: 4× CPU, slow 4G), median of ${RUNS} cold loads`,
      '',
      '| page | FCP | LCP | TBT | CLS | requests | transferred | JS |',
      '|---|---:|---:|---:|---:|---:|---:|---:|',
    );
    for (const [name, r] of Object.entries(results))
      lines.push(
        `| ${name} | ${r.fcp} ms | ${r.lcp} ms | ${r.tbt} ms | ${r.cls} | ${r.requests} | ` +
          `${Math.round(r.bytes.all / 1024)} KB | ${Math.round(r.bytes.js / 1024)} KB |`,
      );
    lines.push('');
  }
  return lines.join('\n');
}

const browser = await chromium.launch({
  executablePath: CHROMIUM,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
});
try {
  // The guide: 金水区 食品经营许可, found as a citizen finds it.
  const found = (await (
    await fetch(`${base}/api/v1/catalog/search?q=${encodeURIComponent('食品经营许可')}&region=410105&limit=20`)
  ).json()) as { items?: Array<{ implementationId?: string; id?: string; name?: string; itemName?: string }> };
  const hit = found.items?.find((i) => (i.name ?? i.itemName) === '食品经营许可') ?? found.items?.[0];
  const guideId = hit?.implementationId ?? hit?.id;
  const pages: Array<[string, string, (p: Page) => Promise<void>]> = [
    ['public home', '/', (p) => p.getByTestId('public-home').waitFor()],
    [
      'search 食品经营许可 in 金水区',
      `/services?q=${encodeURIComponent('食品经营许可')}&region=410105`,
      (p) => p.getByTestId('services-result').first().waitFor(),
    ],
    ...(guideId
      ? [
          ['guide 食品经营许可 (金水区)', `/guide/${guideId}`, (p: Page) => p.getByTestId('guide').waitFor()] as [
            string,
            string,
            (p: Page) => Promise<void>,
          ],
        ]
      : []),
  ];
  const results: Record<string, Measure & { runs: number }> = {};
  if (SCREENSHOTS) {
    fs.mkdirSync(SCREENSHOTS, { recursive: true });
    for (const [name, url, ready] of pages) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 2,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      await page.goto(`${base}${url}`);
      await ready(page);
      await page.waitForLoadState('networkidle');
      const file = path.join(SCREENSHOTS, `phone-${name.split(' ')[0]}.png`);
      await page.screenshot({ path: file });
      console.log(`screenshot: ${file}`);
      await context.close();
    }
  }
  if (LIGHTHOUSE)
    for (const [name, url] of pages.filter(([n]) => n !== pages[1]![0]))
      lighthouseRuns[name] = await runLighthouse(`${base}${url}`);
  for (const [name, path, ready] of LIGHTHOUSE_ONLY ? [] : pages) {
    const runs: Measure[] = [];
    for (let i = 0; i < RUNS; i++) {
      const context = await browser.newContext({
        viewport: { width: 390, height: 844 },
        deviceScaleFactor: 3,
        isMobile: true,
        hasTouch: true,
        locale: 'zh-CN',
      });
      const page = await context.newPage();
      const cdp = await context.newCDPSession(page);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', NETWORK);
      await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
      runs.push(await measure(page, cdp, `${base}${path}`, ready));
      await context.close();
    }
    const pick = (f: (m: Measure) => number) => median(runs.map(f));
    results[name] = {
      runs: runs.length,
      fcp: pick((m) => m.fcp),
      lcp: pick((m) => m.lcp),
      tbt: pick((m) => m.tbt),
      cls: pick((m) => m.cls),
      domContentLoaded: pick((m) => m.domContentLoaded),
      load: pick((m) => m.load),
      requests: pick((m) => m.requests),
      bytes: {
        all: pick((m) => m.bytes.all),
        js: pick((m) => m.bytes.js),
        css: pick((m) => m.bytes.css),
        font: pick((m) => m.bytes.font),
        api: pick((m) => m.bytes.api),
        document: pick((m) => m.bytes.document),
      },
    };
    const r = results[name]!;
    const kb = (n: number) => `${(n / 1024).toFixed(0)} KB`;
    console.log(
      `${name}: FCP ${r.fcp} ms, LCP ${r.lcp} ms, TBT ${r.tbt} ms, CLS ${r.cls}, load ${r.load} ms; ` +
        `${r.requests} requests, ${kb(r.bytes.all)} transferred (JS ${kb(r.bytes.js)}, CSS ${kb(r.bytes.css)}, ` +
        `fonts ${kb(r.bytes.font)}, API ${kb(r.bytes.api)}) — median of ${r.runs}`,
    );
  }
  if (JSON_OUT)
    fs.writeFileSync(
      JSON_OUT,
      JSON.stringify(
        { base, network: NETWORK, cpuSlowdown: CPU_SLOWDOWN, results, lighthouse: lighthouseRuns },
        null,
        2,
      ),
    );
  if (REPORT) {
    fs.mkdirSync(path.dirname(REPORT), { recursive: true });
    fs.writeFileSync(REPORT, report(results, lighthouseRuns));
    console.log(`report: ${REPORT}`);
  }
} finally {
  await browser.close();
}
