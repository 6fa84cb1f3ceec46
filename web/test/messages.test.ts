// Every UI string exists in both languages, no key is declared by two modules, and every key the code names exists.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { WEB_MODULES } from '../src/shell/modules.ts';
import { messages as shellMessages } from '../src/shell/messages.ts';
import type { Messages } from '../src/shell/i18n.ts';

const sources: Array<[string, Messages]> = [
  ['shell', shellMessages],
  ...WEB_MODULES.map((m) => [m.id, m.messages] as [string, Messages]),
];

test('every key has a non-empty zh-CN and en-US text', () => {
  const missing: string[] = [];
  for (const [owner, msgs] of sources) {
    for (const [key, v] of Object.entries(msgs)) {
      if (typeof v.zh !== 'string' || v.zh.trim() === '') missing.push(`${owner}: ${key} (zh)`);
      if (typeof v.en !== 'string' || v.en.trim() === '') missing.push(`${owner}: ${key} (en)`);
    }
  }
  assert.deepEqual(missing, []);
});

test('the two languages use the same {variables}', () => {
  const vars = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  const bad: string[] = [];
  for (const [owner, msgs] of sources) {
    for (const [key, v] of Object.entries(msgs))
      if (vars(v.zh).join() !== vars(v.en).join()) bad.push(`${owner}: ${key}`);
  }
  assert.deepEqual(bad, []);
});

test('no key is declared twice (the shell merges every module into one dictionary)', () => {
  const seen = new Map<string, string>();
  const dup: string[] = [];
  for (const [owner, msgs] of sources) {
    for (const key of Object.keys(msgs)) {
      if (seen.has(key)) dup.push(`${key}: ${seen.get(key)} and ${owner}`);
      seen.set(key, owner);
    }
  }
  assert.deepEqual(dup, []);
});

test('a module keeps its strings under its own prefixes (catalog.*, registry.*, …), so keys do not collide as modules grow', () => {
  const prefixes: Record<string, string[]> = {
    system: ['home.', 'login.', 'reference.', 'system.', 'nav.'],
    registry: ['registry.', 'nav.'],
    catalog: ['catalog.', 'bundles.', 'centers.', 'delegations.', 'guide.', 'import.', 'services.', 'nav.'],
  };
  for (const m of WEB_MODULES) {
    const allowed = prefixes[m.id] ?? [`${m.id}.`, 'nav.'];
    const stray = Object.keys(m.messages).filter((k) => !allowed.some((p) => k.startsWith(p)));
    assert.deepEqual(stray, [], `module ${m.id}`);
  }
});

test("every route's title is a known key", () => {
  const known = new Set(sources.flatMap(([, m]) => Object.keys(m)));
  const unknown = WEB_MODULES.flatMap((m) =>
    m.routes.filter((r) => !known.has(r.title)).map((r) => `${m.id} ${r.path}: ${r.title}`),
  );
  assert.deepEqual(unknown, []);
});

test("literal t('…') keys in the web sources all exist", () => {
  const known = new Set(sources.flatMap(([, m]) => Object.keys(m)));
  const files: string[] = [];
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.tsx?$/.test(e.name) && !e.name.endsWith('.d.ts')) files.push(p);
    }
  };
  walk(path.resolve('web/src'));
  const unknown: string[] = [];
  for (const f of files) {
    for (const m of fs.readFileSync(f, 'utf8').matchAll(/\bt\('([\w.]+)'/g))
      if (!known.has(m[1])) unknown.push(`${path.relative('web/src', f)}: ${m[1]}`);
  }
  assert.deepEqual(unknown, []);
});
