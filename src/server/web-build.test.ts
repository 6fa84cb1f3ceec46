// The first paint put into the built shell (src/server/web-build.ts): the header on every page, the public home's
// heading and introduction only at `/`, and the stylesheets after it so that it is drawn before they arrive.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FIRST_PAINT_FILE, HOME_PAGE, PAGE_SHELL, PAGE_SLOT, firstPaint, writeFirstPaint } from './web-build.ts';

test('index.html gets the header, home.html also the heading and introduction, page.html a slot; stylesheets follow #root', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'ow-first-paint-'));
  try {
    fs.writeFileSync(
      path.join(dir, 'index.html'),
      '<html><head><script type="module" crossorigin src="/assets/index-A.js"></script>\n' +
        '<link rel="modulepreload" crossorigin href="/assets/chunk-C.js">\n' +
        '<link rel="stylesheet" crossorigin href="/assets/index-B.css"></head>' +
        '<body><div id="root"></div></body></html>',
    );
    writeFirstPaint(dir);
    const shell = fs.readFileSync(path.join(dir, 'index.html'), 'utf8');
    const home = fs.readFileSync(path.join(dir, HOME_PAGE), 'utf8');
    const slotted = fs.readFileSync(path.join(dir, PAGE_SHELL), 'utf8');
    assert.ok(slotted.includes(PAGE_SLOT), 'page.html holds the slot a module fills');
    for (const page of [shell, home, slotted.replace(PAGE_SLOT, '')]) {
      assert.ok(page.includes('OneWindow 一网通办'));
      assert.ok(!page.includes('<!--'), 'no comments left');
      assert.ok(!page.includes('<template'), 'no template left');
      const head = page.slice(0, page.indexOf('<body>'));
      assert.ok(!head.includes('stylesheet'), 'the stylesheet is not in the head');
      assert.ok(page.indexOf('index-B.css') > page.indexOf('</div>'), 'the stylesheet comes after the first paint');
      // The app's code is asked for after the first paint, by a deferred boot script (loadAfterFirstPaint).
      const boot = /<script defer src="\/(assets\/boot-[0-9a-f]{8}\.js)"><\/script>/.exec(head);
      assert.ok(boot, 'a deferred boot script in the head');
      assert.ok(!page.includes('index-A.js') && !page.includes('modulepreload'), 'no module script or preload left');
      const code = fs.readFileSync(path.join(dir, boot[1]!), 'utf8');
      assert.ok(code.includes('"/assets/index-A.js"') && code.includes('"/assets/chunk-C.js"'), code);
      assert.ok(code.includes('requestAnimationFrame'), 'after the first frame');
    }
    assert.ok(!shell.includes('办事服务'), 'other pages: the header only');
    assert.ok(home.includes('<h1 class="ow-first-paint-h1">办事服务</h1>'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the first paint of the real web/first-paint.html holds its three variants', () => {
  const source = fs.readFileSync(FIRST_PAINT_FILE, 'utf8');
  assert.ok(!firstPaint(source, 'shell').includes('class="ow-first-paint-h1"'));
  assert.ok(!firstPaint(source, 'shell').includes(PAGE_SLOT));
  assert.ok(firstPaint(source, 'home').includes('class="ow-first-paint-intro"'));
  const page = firstPaint(source, 'page');
  assert.ok(page.includes(`<div class="ow-first-paint-main">${PAGE_SLOT}</div>`));
  assert.ok(!page.includes('class="ow-first-paint-h1"'));
  assert.equal(page.split('<!--').length, 2, 'the slot is the one comment left');
  assert.throws(() => firstPaint('<div></div>', 'home'), /no home template/);
});
