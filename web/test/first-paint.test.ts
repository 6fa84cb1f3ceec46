// The public home's first paint (web/first-paint.html): what a phone draws before any JavaScript runs must say what
// the page will say once React renders it, and carry nothing a person or a test could act on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { messages } from '../src/shell/messages.ts';

const html = fs.readFileSync(fileURLToPath(new URL('../first-paint.html', import.meta.url)), 'utf8');
const markup = html.replace(/<!--[\s\S]*?-->/g, '');
const text = (cls: string) => new RegExp(`class="${cls}">([^<]*)<`).exec(markup)?.[1];

test('the first paint shows the zh-CN title, heading and introduction of the public home', () => {
  assert.equal(text('ow-first-paint-brand'), messages['app.title'].zh);
  assert.equal(text('ow-first-paint-h1'), messages['portal.heading'].zh);
  assert.equal(text('ow-first-paint-intro'), messages['portal.intro'].zh);
});

test('the first paint is hidden from assistive technology and holds nothing to act on', () => {
  const body = markup.replace(/<style>[\s\S]*?<\/style>/, '');
  assert.match(body, /^\s*<div class="ow-first-paint" aria-hidden="true">/);
  for (const forbidden of ['<a ', '<input', '<button', '<form', 'data-testid', '<script', 'style='])
    assert.ok(!body.includes(forbidden), forbidden);
});
