/**
 * Every page a person can reach, as that person, on a desk (1366×768) and on a phone (390×844), in zh-CN, in
 * Debian's Chromium against `onewindow start` (demo seed): signed out, and signed in as each demo role. From the
 * menu (on a phone: the menu drawer) and from one link of each kind inside each page (a case, a ticket, a guide…),
 * every page must show
 *  - no raw UUID, `DEMO.` code, dotted key (`enterprise.name`), UPPER_SNAKE error code, snake_case word, `code@N`
 *    version, JSON, field path (`materials[0]`) or SHA-256 digest — outside the few places where a person is meant
 *    to read one, listed in VERBATIM with the reason;
 *  - no English machine word (status, role, level, mode: `active`, `city`, `staff`, `published`…) in zh-CN;
 *  - on the phone, no sideways scrolling of the page, and no table cell squeezed below two characters;
 *  - axe-core: no serious or critical violation (checked once per page kind and viewport, to keep the run short).
 *
 * The links a page offers are followed inside the app (clicks, no reloads), one per kind of target (`/cases/:id`
 * once, not every case). To fit a CI run, each page kind is checked once per size, by the first identity to reach it
 * (signed out, the applicant, then staff from the window clerk to the admin); the home page, which differs for each,
 * is checked for everyone. Findings are gathered per identity and reported together.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { axe, login, serverAndBrowser } from './support/server.ts';

const { url, browser } = serverAndBrowser('ow-portal-crawl-');

declare const window: { innerWidth: number };
declare const document: {
  documentElement: { scrollWidth: number };
  querySelectorAll(s: string): ArrayLike<{
    innerText: string;
    getBoundingClientRect(): { width: number };
    getClientRects(): { length: number };
    closest(s: string): unknown;
  }>;
  body: { innerText: string };
};
declare const getComputedStyle: (el: unknown) => { fontSize: string; paddingLeft: string; paddingRight: string };

const DESK = { width: 1366, height: 768 };
const PHONE = { width: 390, height: 844 };

/** Who crawls: signed out, then the first demo account of each role. */
const IDENTITIES = [
  null,
  'citizen.demo',
  'clerk.jinshui',
  'reviewer.zhengzhou',
  'approver.zhengzhou',
  'lead.zhengzhou',
  'inspector.luoyang',
  'hotline.province',
  'supervisor.province',
  'discipline.province',
  'admin',
] as const;

/** What a person must not meet. */
const INTERNAL: Array<[string, RegExp]> = [
  ['UUID', /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i],
  ['DEMO. code', /DEMO\.[A-Z]/],
  ['dotted key', /\b[a-z][a-zA-Z]+\.[a-z][a-zA-Z]+\b/],
  ['error code', /\b[A-Z][A-Z0-9]+(?:_[A-Z0-9]+)+\b/],
  ['snake_case', /\b[a-z]+(?:_[a-z0-9]+)+\b/],
  ['code@N', /\b[\w.-]+@\d+\b/],
  ['JSON', /\{\s*"[a-zA-Z_]+"\s*:/],
  ['field path', /\b[a-zA-Z]+\[\d+\]|(?:^|\s)\/[a-z]+\/\d+\b/],
  ['digest', /\b[0-9a-f]{64}\b/],
  [
    'English machine word',
    /\b(?:active|inactive|draft|published|pending|submitted|revise|revised|derive|derived|city|county|province|township|staff|person|development|production|true|false|null|undefined|NaN|accepted|rejected|granted|denied|dispatched|resolved|suspended|revoked|enterprise|applicant|admin|reviewer|approver|issued|expired|withdrawn|assigned|returned|planned|drawn|completed|cancelled|scheduled|running|failed|unknown|licensing|immediate|promised|random|targeted|ok|error)\b/,
  ],
];

/**
 * Where a person is meant to read something verbatim, and why. Text inside these elements is left out of the
 * checks (the elements are still checked by axe).
 */
const VERBATIM = [
  // The demo accounts on the sign-in page: a username is what one types.
  '[data-testid="demo-accounts"]',
  // A verification page prints the document's or the record's digest: comparing it is the point.
  'code',
];

interface Finding {
  where: string;
  what: string;
}

/** The visible text of the page, without VERBATIM parts. */
async function visibleText(page: Page): Promise<string> {
  return page.evaluate((skip) => {
    const parts: string[] = [];
    const all = document.querySelectorAll(skip.join(','));
    const hidden = Array.from(all).map((e) => e.innerText);
    let text = document.body.innerText;
    for (const h of hidden) if (h) text = text.split(h).join(' ');
    parts.push(text);
    return parts.join('\n');
  }, VERBATIM);
}

function internalWords(text: string): string[] {
  const found: string[] = [];
  for (const [what, re] of INTERNAL) {
    const m = re.exec(text);
    if (m)
      found.push(`${what} “${m[0]}” in «${text.slice(Math.max(0, m.index - 20), m.index + 30).replace(/\s+/g, ' ')}»`);
  }
  return found;
}

/** Waits until the page has no API request in flight and no spinner or skeleton, for a quarter of a second. */
async function settle(page: Page, inflight: { n: number }) {
  const t0 = Date.now();
  let quiet = Date.now();
  while (Date.now() - t0 < 15_000) {
    if (inflight.n > 0 || (await page.locator('.ant-spin-spinning, .ant-skeleton').count()) > 0) quiet = Date.now();
    else if (Date.now() - quiet > 250) return;
    await page.waitForTimeout(50);
  }
}

/** A path's kind: ids and numbers replaced, the query dropped. */
function kind(href: string): string {
  return new URL(href, 'http://x').pathname
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':id')
    .replace(/\/[0-9A-Z-]{6,}(?=\/|$)/g, '/:n');
}

/** Files and machine endpoints a page links to: not pages. */
const NOT_A_PAGE = /^\/(?:api|open311|credentials|\.well-known)\/|\.(?:pdf|csv|xlsx|json|zip|png|jpg)(?:\?|$)/;

const axeDone = new Set<string>();
/** Page kinds checked, per size: each is checked once, by the first identity to reach it. */
const pagesDone = new Set<string>();
/** Where each menu entry leads (learnt on the first click). */
const menuPaths = new Map<string, string>();
const linksDone = new Set<string>();

/** Checks the page now shown; `where` names it in findings. */
async function check(page: Page, where: string, phone: boolean, findings: Finding[]) {
  for (const w of internalWords(await visibleText(page))) findings.push({ where, what: w });
  if (phone) {
    const { scroll, inner, squeezed } = await page.evaluate(() => {
      const cells = Array.from(document.querySelectorAll('.ant-table-cell, th, td')).filter((c) => {
        const text = c.innerText.trim();
        // Hidden tables (the guide's, replaced by cards on a phone) have no boxes: not squeezed, just not shown.
        if (text.length < 2 || c.closest('.ant-table-selection-column') || c.getClientRects().length === 0)
          return false;
        const s = getComputedStyle(c);
        const inner = c.getBoundingClientRect().width - parseFloat(s.paddingLeft) - parseFloat(s.paddingRight);
        return inner < 2 * parseFloat(s.fontSize) - 0.5;
      });
      return {
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        squeezed: cells.slice(0, 3).map((c) => c.innerText.trim().slice(0, 10)),
      };
    });
    if (scroll > inner) findings.push({ where, what: `scrolls sideways: ${scroll} > ${inner}` });
    if (squeezed.length)
      findings.push({ where, what: `table cells narrower than two characters: ${squeezed.join(' / ')}` });
  }
  const axeKey = `${phone ? 'phone' : 'desk'} ${kind(new URL(page.url()).pathname)}`;
  if (!axeDone.has(axeKey)) {
    axeDone.add(axeKey);
    for (const v of await axe(page))
      findings.push({ where, what: `axe ${v.id} (${v.impact}) on ${v.nodes}: ${v.targets.slice(0, 2).join(' ; ')}` });
  }
}

async function crawl(identity: string | null): Promise<{ findings: Finding[]; pages: number }> {
  const findings: Finding[] = [];
  // bypassCSP only so the test can inject axe-core; the app's own CSP forbids inline scripts.
  const context = await browser().newContext({ locale: 'zh-CN', viewport: DESK, bypassCSP: true });
  const page = await context.newPage();
  const inflight = { n: 0 };
  const api = (r: { url(): string }) => new URL(r.url()).pathname.startsWith('/api/');
  page.on('request', (r) => void (api(r) && inflight.n++));
  page.on('requestfinished', (r) => void (api(r) && inflight.n--));
  page.on('requestfailed', (r) => void (api(r) && inflight.n--));
  page.on('pageerror', (e) => findings.push({ where: page.url(), what: `page error: ${e.message}` }));
  const who = identity ?? 'signed out';
  let pages = 0;

  /** Follows, inside the app, one link of each kind not yet followed (by anyone) from the page shown. */
  const follow = async (phone: boolean, from: string) => {
    const hrefs = await page
      .locator('#ow-main a[href^="/"]')
      .evaluateAll((as) => as.map((a) => a.getAttribute('href')!));
    for (const href of hrefs) {
      const k = `${phone ? 'phone' : 'desk'} ${kind(href)}`;
      if (NOT_A_PAGE.test(href) || linksDone.has(k)) continue;
      linksDone.add(k);
      await page
        .locator(`#ow-main a[href="${href.replace(/"/g, '\\"')}"]`)
        .first()
        .click();
      await settle(page, inflight);
      pages++;
      await check(page, `${who} ${phone ? 'phone' : 'desk'} ${href} (from ${from})`, phone, findings);
      return; // one hop per page: the menu brings the crawler back
    }
  };

  if (identity) await login(page, url, identity);
  else await page.goto(url('/'));
  await settle(page, inflight);

  for (const phone of [false, true]) {
    const view = phone ? 'phone' : 'desk';
    if (phone) {
      await page.setViewportSize(PHONE);
      if (identity) await page.goto(url('/')); // the session survives the reload (sessionStorage)
      await settle(page, inflight);
    }
    const here = async () => {
      await settle(page, inflight);
      pages++;
      const path = new URL(page.url()).pathname;
      await check(page, `${who} ${view} ${path}`, phone, findings);
      await follow(phone, path);
    };
    /** A page kind another identity checked already at this size is left out (the home page never is). */
    const fresh = (href: string) => {
      const k = `${view} ${kind(href)}`;
      if (kind(href) !== '/' && pagesDone.has(k)) return false;
      pagesDone.add(k);
      return true;
    };
    if (!identity) {
      // Signed out: the public home, each of its entries that opens without signing in, the header's links.
      await page.goto(url('/'));
      await page.getByTestId('public-home').waitFor();
      const entries = await page
        .getByTestId('home-entry')
        .evaluateAll((as) => as.map((a) => a.getAttribute('href')!).filter((h) => !h.startsWith('/login')));
      assert.ok(entries.length >= 4, 'the public home offers the public records (公示, 核验, 工单查询 …)');
      await here();
      for (const href of [...entries, '/services?q=食品经营许可&region=410105', '/login']) {
        if (!fresh(href)) continue;
        await page.goto(url(href));
        await here();
      }
      continue;
    }
    const openMenu = async () => {
      if (!phone) return page;
      await page.getByTestId('header-menu').click();
      // The drawer and the menu in it are loaded on the first tap (not part of the first screen).
      const drawer = page.getByTestId('header-drawer');
      await drawer.getByTestId('main-nav').waitFor();
      return drawer;
    };
    const entries = await (
      await openMenu()
    )
      .locator('[data-testid^="menu-"]')
      .evaluateAll((es) => es.map((e) => e.getAttribute('data-testid')!));
    if (phone) {
      await page.keyboard.press('Escape');
      await page.getByTestId('header-drawer').waitFor({ state: 'hidden' });
    }
    await here();
    for (const entry of entries) {
      const path = menuPaths.get(entry);
      if (path !== undefined && !fresh(path)) continue;
      await (await openMenu()).getByTestId(entry).first().click();
      if (phone) await page.getByTestId('header-drawer').waitFor({ state: 'hidden' });
      await settle(page, inflight);
      const reached = new URL(page.url()).pathname;
      menuPaths.set(entry, reached);
      if (path === undefined && !fresh(reached)) continue;
      await here();
    }
  }
  await context.close();
  return { findings, pages };
}

for (const identity of IDENTITIES) {
  test(`${identity ?? 'signed out'}: every page from the menu, and one link of each kind, speaks plain zh-CN, fits a phone and passes axe`, async () => {
    const t0 = Date.now();
    const { findings, pages } = await crawl(identity);
    console.log(`# ${identity ?? 'signed out'}: ${pages} pages in ${Date.now() - t0} ms`);
    assert.deepEqual(
      findings.map((f) => `${f.where}: ${f.what}`),
      [],
    );
  });
}
