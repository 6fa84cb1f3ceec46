/**
 * The public 办事服务 as a citizen meets it first, in Debian's Chromium against `onewindow start` (demo seed):
 *  - on a phone (390×844), in normal and elder mode (适老模式): the search and a guide never scroll sideways; the
 *    header folds into a menu drawer that reaches 办事服务, 登录, the language switch and 适老模式; the guide's
 *    materials are cards; the region picker stays on the screen;
 *  - the guide for people: its visible text, its print view and its PDF carry no UUID, `DEMO.` code, semantic key
 *    or digest; those are in the collapsed 版本与核验 panel (web only; print and PDF keep one line);
 *  - "← 返回办事服务" and Back/reload keep the query and the region; 登录 from a guide returns to the guide.
 *  - the public home's entries come from the modules' routes: public records open directly, 我的办件 signs in first
 *    and returns to it.
 *
 * Screenshots go to $ONEWINDOW_SHOTS when set (to look at them), nowhere otherwise.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import type { Page } from 'playwright-core';
import { axe, serverAndBrowser } from './support/server.ts';
import { pdfPages } from '../src/modules/catalog/guide/pdf-text.ts';

const { url, browser } = serverAndBrowser('ow-portal-browser-');
const SHOTS = process.env.ONEWINDOW_SHOTS ?? null;

declare const window: { innerWidth: number };
declare const document: { documentElement: { scrollWidth: number } };
declare const localStorage: { setItem(k: string, v: string): void };

async function newPage(viewport = { width: 1366, height: 768 }): Promise<{ page: Page; errors: string[] }> {
  // bypassCSP only so the test can inject axe-core; the app's own CSP forbids inline scripts.
  const context = await browser().newContext({ locale: 'zh-CN', viewport, bypassCSP: true });
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { page, errors };
}

async function shot(page: Page, name: string) {
  if (SHOTS) await page.screenshot({ path: path.join(SHOTS, `${name}.png`), fullPage: true });
}

async function noSideways(page: Page, what: string) {
  const { scroll, inner } = await page.evaluate(() => ({
    scroll: document.documentElement.scrollWidth,
    inner: window.innerWidth,
  }));
  assert.ok(scroll <= inner, `${what}: scrollWidth ${scroll} > innerWidth ${inner}`);
}

/** What a person must not meet: a UUID, a `DEMO.` code, a SHA-256 digest, one of the form's semantic keys. */
function internalWords(text: string, semanticKeys: string[]): string[] {
  const found: string[] = [];
  for (const re of [
    /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i,
    /DEMO\.[A-Z]+/,
    /\b[0-9a-f]{64}\b/,
  ])
    found.push(...(re.exec(text) ?? []));
  for (const k of semanticKeys) if (text.includes(k)) found.push(k);
  return found;
}

interface GuideJson {
  digest: string | null;
  sections: Array<{ key: string; blocks: Array<{ key: string; rows?: Array<Record<string, string>> }> }>;
}

/** The 金水区 食品经营许可 guide's id, found the way a citizen finds it. */
async function foodGuide(page: Page): Promise<string> {
  await page.goto(url('/services?q=食品经营许可&region=410105'));
  const link = page.getByTestId('services-result-link').filter({ hasText: /^食品经营许可$/ });
  await link.first().waitFor();
  const id = await link.first().getAttribute('data-id');
  assert.ok(id);
  return id;
}

test('phone 390×844: search and guide fit the screen in normal and elder mode; the menu drawer reaches everything', async () => {
  const { page, errors } = await newPage({ width: 390, height: 844 });
  for (const elder of [false, true]) {
    const mode = elder ? 'elder' : 'normal';
    await page.goto(url('/services?q=营业执照&region=410105'));
    await page.getByTestId('services-result').first().waitFor();
    await page.getByTestId('header-menu').click();
    const drawer = page.getByTestId('header-drawer');
    // The drawer is loaded on the first tap (it is not part of the first screen).
    await drawer.waitFor();
    for (const id of ['header-services-link', 'header-login-link', 'lang-switch', 'elder-switch'])
      assert.ok(await drawer.getByTestId(id).isVisible(), `${mode}: ${id} in the menu drawer`);
    const on = (await page.getByTestId('app-root').getAttribute('data-elder')) === 'true';
    if (on !== elder) await drawer.getByTestId('elder-switch').click();
    await page.waitForSelector(`[data-elder="${elder}"]`);
    await shot(page, `phone-${mode}-drawer`);
    await page.keyboard.press('Escape');
    await drawer.waitFor({ state: 'hidden' });
    await noSideways(page, `${mode}: search`);
    assert.deepEqual(await axe(page), [], `${mode}: search on a phone`);
    await shot(page, `phone-${mode}-search`);

    // The region picker: one column, on the screen.
    await page.getByTestId('services-region').click();
    const popup = page.locator('.ow-region-popup');
    await popup.waitFor();
    await popup.locator('.ant-cascader-menu-item').first().waitFor();
    const box = await popup.boundingBox();
    assert.ok(box && box.x >= 0 && box.x + box.width <= 390, `${mode}: region picker within the screen`);
    await noSideways(page, `${mode}: region picker open`);
    await shot(page, `phone-${mode}-region`);
    await page.keyboard.press('Escape');

    await page.getByTestId('services-result-link').first().click();
    await page.getByTestId('guide').waitFor();
    await noSideways(page, `${mode}: guide`);
    assert.deepEqual(await axe(page), [], `${mode}: guide on a phone`);
    assert.ok(await page.getByTestId('guide-cards-materials').isVisible(), `${mode}: materials as cards`);
    assert.equal(await page.getByTestId('guide-table-materials').isVisible(), false, `${mode}: no wide table`);
    await shot(page, `phone-${mode}-guide`);
  }
  assert.deepEqual(errors, []);
});

test('a guide opened from its address on a phone: drawn by the server before any script, then by the page, in normal, elder and English mode', async () => {
  const { page: finder } = await newPage();
  const id = await foodGuide(finder);
  await finder.context().close();

  // Without JavaScript: what the phone paints first — the title, the facts and the materials, within the screen.
  const bare = await browser().newContext({
    locale: 'zh-CN',
    viewport: { width: 390, height: 844 },
    javaScriptEnabled: false,
  });
  const still = await bare.newPage();
  await still.goto(url(`/guide/${id}`));
  const drawn = still.locator('[data-ow-first-paint-page]');
  assert.equal(await drawn.locator('h1').innerText(), '食品经营许可');
  const text = await drawn.innerText();
  for (const words of ['申请材料', '办理地点和时间', '承诺办结时限']) assert.ok(text.includes(words), words);
  assert.deepEqual(internalWords(text, []), [], 'the first paint');
  await noSideways(still, 'first paint');
  await shot(still, 'phone-guide-first-paint');
  await bare.close();

  const modes: Array<[string, Record<string, string>]> = [
    ['normal', {}],
    ['elder', { 'ow.elder': '1' }],
    ['English', { 'ow.lang': 'en-US' }],
  ];
  for (const [mode, prefs] of modes) {
    const { page, errors } = await newPage({ width: 390, height: 844 });
    await page.addInitScript((p: Record<string, string>) => {
      for (const [k, v] of Object.entries(p)) localStorage.setItem(k, v);
    }, prefs);
    await page.goto(url(`/guide/${id}`));
    await page.getByTestId('guide').waitFor();
    assert.equal(
      await page.locator('[data-ow-first-paint-page]').count(),
      0,
      `${mode}: the page replaced the first paint`,
    );
    assert.equal(await page.getByTestId('app-root').getAttribute('data-elder'), mode === 'elder' ? 'true' : 'false');
    assert.ok(await page.getByTestId('guide-cards-materials').isVisible(), `${mode}: materials as cards`);
    await noSideways(page, `${mode}: guide from its address`);
    assert.deepEqual(errors, [], mode);
    await page.context().close();
  }
});

test('the guide for people: page, print and PDF without UUIDs, DEMO. codes, semantic keys or digests', async () => {
  const { page, errors } = await newPage();
  const id = await foodGuide(page);
  const json = (await (await fetch(url(`/api/v1/catalog/implementations/${id}/guide`))).json()) as GuideJson;
  const verification = json.sections.find((s) => s.key === 'version')!;
  const keys = (verification.blocks.find((b) => b.key === 'semantic_keys')?.rows ?? []).map((r) => r.semanticKey);
  assert.ok(keys.length >= 1, 'the demo form has semantic keys');

  await page.goto(url(`/guide/${id}`));
  await page.getByTestId('guide').waitFor();
  const visible = await page.locator('body').innerText();
  assert.deepEqual(internalWords(visible, keys), [], 'the page as shown');
  assert.match(visible, /该材料由部门通过(电子证照|数据共享)获取，无需提交/, '免提交 in plain words');
  await shot(page, 'desktop-guide');

  // 版本与核验: collapsed; opened, it shows the digest and the codes.
  await page.getByTestId('guide-verification').getByRole('button').first().click();
  await page.getByTestId('guide-section-version').waitFor();
  const panel = await page.getByTestId('guide-section-version').innerText();
  if (json.digest) assert.ok(panel.includes(json.digest), 'the digest under 版本与核验');
  assert.ok(
    keys.every((k) => panel.includes(k)),
    'the semantic keys under 版本与核验',
  );

  // Print: the panel is left out, one 版本与核验 line is kept.
  await page.emulateMedia({ media: 'print' });
  const printed = await page.locator('body').innerText();
  assert.deepEqual(internalWords(printed, keys), [], 'the print view');
  assert.match(printed, /版本与核验：第 \d+ 版/);
  await page.emulateMedia({ media: 'screen' });

  const href = await page.getByTestId('guide-pdf').getAttribute('href');
  const pdf = Buffer.from(await (await fetch(new URL(href!, url('/')))).arrayBuffer());
  const text = pdfPages(pdf).join('\n');
  for (const t of [text, text.replace(/\n/g, '')]) assert.deepEqual(internalWords(t, keys), [], 'the PDF');
  assert.match(text.replace(/\n/g, ''), /版本与核验：第 \d+ 版/);
  assert.deepEqual(errors, []);
});

test('返回办事服务, Back and reload keep the query and region; 登录 from a guide returns to the guide', async () => {
  const { page, errors } = await newPage();
  const id = await foodGuide(page);
  const regionText = async () => (await page.getByTestId('services-region').innerText()).trim();
  await page.getByTestId('services-region').getByText('金水区').waitFor();

  const expectSearch = async (what: string) => {
    await page.getByTestId('services-result').first().waitFor();
    const u = new URL(page.url());
    assert.equal(u.pathname, '/services', what);
    assert.equal(u.searchParams.get('q'), '食品经营许可', `${what}: query`);
    assert.equal(u.searchParams.get('region'), '410105', `${what}: region`);
    assert.equal(await page.getByTestId('services-q').inputValue(), '食品经营许可', `${what}: query shown`);
    await page.getByTestId('services-region').getByText('金水区').waitFor();
    assert.doesNotMatch(await regionText(), /\d{6}/, `${what}: the region by name, not code`);
  };

  await page
    .getByTestId('services-result-link')
    .filter({ hasText: /^食品经营许可$/ })
    .first()
    .click();
  await page.getByTestId('guide').waitFor();
  await page.goBack();
  await expectSearch('Back');
  await page.reload();
  await expectSearch('reload');

  await page.goto(url(`/guide/${id}`));
  await page.getByTestId('guide').waitFor();
  await page.getByTestId('guide-back').click();
  await expectSearch('← 返回办事服务');

  // 登录 from a guide, and back on the guide once signed in.
  await page.goto(url(`/guide/${id}`));
  await page.getByTestId('guide').waitFor();
  await page.getByTestId('header-login-link').click();
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-username').fill('admin');
  await page.getByTestId('login-password').fill('onewindow-demo');
  await page.getByTestId('login-submit').click();
  await page.getByTestId('current-user').waitFor();
  await page.getByTestId('guide').waitFor();
  assert.equal(new URL(page.url()).pathname, `/guide/${id}`, 'back on the guide');
  assert.deepEqual(errors, []);
});

test('signed out, / is the public home: search first, 登录 a link; it fits a phone in normal and elder mode', async () => {
  const { page, errors } = await newPage({ width: 390, height: 844 });
  for (const elder of [false, true]) {
    await page.goto(url('/'));
    await page.getByTestId('public-home').waitFor();
    assert.equal(new URL(page.url()).pathname, '/', 'no redirect to the login page');
    assert.equal(await page.getByTestId('login-form').count(), 0);
    if (elder) {
      await page.getByTestId('header-menu').click();
      await page.getByTestId('header-drawer').getByTestId('elder-switch').click();
      await page.waitForSelector('[data-elder="true"]');
      await page.keyboard.press('Escape');
      await page.getByTestId('header-drawer').waitFor({ state: 'hidden' });
    }
    await noSideways(page, `home, ${elder ? 'elder' : 'normal'} mode`);
    assert.deepEqual(await axe(page), [], `home on a phone, ${elder ? 'elder' : 'normal'} mode`);
    await shot(page, `phone-${elder ? 'elder' : 'normal'}-home`);
  }
  await page.getByTestId('home-q').fill('营业执照');
  await page.getByTestId('home-q').press('Enter');
  await page.getByTestId('services-result').first().waitFor();
  assert.equal(new URL(page.url()).searchParams.get('q'), '营业执照');
  await page.goto(url('/'));
  await page.getByTestId('home-login').click();
  await page.getByTestId('login-form').waitFor();
  assert.deepEqual(errors, []);
});

test('forgiving search on a phone: initials, a typo and English find what was meant and say so; nothing found offers popular items and 12345', async () => {
  const { page, errors } = await newPage({ width: 390, height: 844 });
  const searchFor = async (q: string) => {
    await page.getByTestId('services-q').fill(q);
    await page.getByTestId('services-submit').click();
  };
  await page.goto(url('/services?region=410105'));
  await page.getByTestId('services-page').waitFor();

  await searchFor('');
  await page
    .getByTestId('services-status')
    .getByText(/拼音首字母/)
    .waitFor();

  await searchFor('yyzz');
  await page.getByTestId('services-interpreted').getByText('按拼音首字母理解为“营业执照”').waitFor();
  await page.getByTestId('services-result').first().waitFor();
  const marked = await page.locator('[data-testid="services-result"] mark').allInnerTexts();
  const why = await page.getByTestId('services-result-why').allInnerTexts();
  assert.ok(
    marked.includes('营业执照') || why.some((w) => w.includes('营业执照')),
    'each hit shows why it matched: the word marked in its name, or a line naming the word in its guide',
  );
  await noSideways(page, 'search results on a phone');

  await searchFor('营叶执照');
  await page.getByTestId('services-interpreted').getByText('您是不是要找“营业执照”').waitFor();

  await searchFor('food business licence');
  await page.getByTestId('services-interpreted').getByText('按英文理解为“食品经营许可”').waitFor();
  await page.getByTestId('services-result-link').filter({ hasText: '食品经营许可' }).first().waitFor();

  await searchFor('量子纠缠');
  await page.getByTestId('services-empty').getByText(/12345/).waitFor();
  await page.getByTestId('services-popular').filter({ hasText: '结婚登记' }).click();
  await page.getByTestId('services-result-link').filter({ hasText: '结婚登记' }).first().waitFor();
  assert.equal(new URL(page.url()).searchParams.get('q'), '结婚登记', 'the popular item searched is in the URL');
  await shot(page, 'phone-forgiving-search');
  assert.deepEqual(errors, []);
});

test('the public home lists the modules’ entries: public records open directly, 我的办件 goes through 登录 and comes back', async () => {
  const { page, errors } = await newPage({ width: 390, height: 844 });
  await page.goto(url('/'));
  const entries = page.getByTestId('home-entries');
  await entries.waitFor();
  const hrefs = await page.getByTestId('home-entry').evaluateAll((as) => as.map((a) => a.getAttribute('href')));
  for (const open of ['/cases/publicity', '/certificates/verify', '/hotline/track', '/public/inspections'])
    assert.ok(hrefs.includes(open), `${open} opens without signing in`);
  assert.ok(hrefs.includes(`/login?next=${encodeURIComponent('/cases')}`), '我的办件 asks to sign in first');
  await entries.getByText('我的办件').click();
  await page.getByTestId('login-form').waitFor();
  await page.getByTestId('login-username').fill('citizen.demo');
  await page.getByTestId('login-password').fill('onewindow-demo');
  await page.getByTestId('login-submit').click();
  await page.waitForURL((u) => u.pathname === '/cases');
  await page.getByTestId('header-menu').waitFor();
  assert.deepEqual(errors, []);
});
