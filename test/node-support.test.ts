/**
 * Which Node.js versions the project supports, and the engine warnings `npm ci` prints: the running Node satisfies
 * package.json's `engines`, the README states that range and the version tested, and every installed package whose
 * own `engines` the running Node does not satisfy is named (with its version) in the README's explanation.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';

type Version = [number, number, number];

function parse(v: string): Version {
  const [a = 0, b = 0, c = 0] = v
    .replace(/^v/, '')
    .split('.')
    .map((x) => (x === 'x' || x === '*' ? 0 : Number(x)));
  return [a, b, c];
}
const cmp = (a: Version, b: Version) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];

/** Whether `version` satisfies an npm range of the forms `engines` use: `||`, `^x.y.z`, `>=x`, `<x`, `x`, `x.x`. */
export function satisfies(version: string, range: string): boolean {
  const v = parse(version);
  return range.split('||').some((alt) =>
    alt
      .replace(/(>=|<=|>|<|=|\^|~)\s+/g, '$1')
      .trim()
      .split(/\s+/)
      .filter((c) => c && c !== '*')
      .every((c) => {
        const m = /^(\^|~|>=|<=|>|<|=)?v?([\dx*]+(?:\.[\dx*]+){0,2})$/.exec(c);
        if (!m) throw new Error(`unsupported range part ${c} in ${range}`);
        const [op = '', ver] = [m[1], m[2]];
        const parts = ver.split('.');
        const r = parse(ver);
        switch (op) {
          case '>=':
            return cmp(v, r) >= 0;
          case '>':
            return cmp(v, r) > 0;
          case '<=':
            return cmp(v, r) <= 0;
          case '<':
            return cmp(v, r) < 0;
          case '^':
            return v[0] === r[0] && cmp(v, r) >= 0;
          case '~':
            return v[0] === r[0] && v[1] === r[1] && cmp(v, r) >= 0;
          default: // `20`, `20.x`, `20.19.0`: match the given parts
            return parts.every((p, i) => p === 'x' || p === '*' || Number(p) === v[i]);
        }
      }),
  );
}

test('the range checker reads the ranges packages declare', () => {
  assert.equal(satisfies('20.20.2', '^20.19.0 || >=22.12.0'), true);
  assert.equal(satisfies('20.18.0', '^20.19.0 || >=22.12.0'), false);
  assert.equal(satisfies('20.20.2', '>=22'), false);
  assert.equal(satisfies('20.20.2', '18 || 20 || >=22'), true);
  assert.equal(satisfies('20.20.2', '20.x || 22.x || 23.x'), true);
  assert.equal(satisfies('21.1.0', '>=20.0.0 <21 || >=22'), false);
});

test('the running Node is supported, and the README says which versions are supported and tested', () => {
  const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
  const range: string = pkg.engines.node;
  assert.ok(satisfies(process.version, range), `Node ${process.version} is outside engines ${range}`);
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
  assert.equal(lock.packages[''].engines?.node, range, 'package-lock.json records the same engines');
  const readme = fs.readFileSync('README.md', 'utf8');
  const section = /## Node\.js versions\n([\s\S]*?)\n## /.exec(readme)?.[1];
  assert.ok(section, 'the README has a "Node.js versions" section');
  assert.match(section, /Supported:/);
  assert.match(section, /Tested:/);
  const [major, minor] = process.version.slice(1).split('.');
  assert.ok(section.includes(`Node ${major}.${minor}`), `the README names the tested version Node ${major}.${minor}`);
});

test('every engine warning `npm ci` prints on this Node is explained in the README', () => {
  const lock = JSON.parse(fs.readFileSync('package-lock.json', 'utf8'));
  const readme = fs.readFileSync('README.md', 'utf8');
  const unexplained: string[] = [];
  for (const [where, p] of Object.entries(
    lock.packages as Record<string, { version?: string; optional?: boolean; engines?: { node?: string } }>,
  )) {
    if (!where || p.optional || !p.engines?.node || typeof p.engines.node !== 'string') continue;
    if (!fs.existsSync(where)) continue; // not installed on this platform
    if (satisfies(process.version, p.engines.node)) continue;
    const name = where.replace(/^.*node_modules\//, '');
    if (!readme.includes(`${name}@${p.version}`)) unexplained.push(`${name}@${p.version} wants node ${p.engines.node}`);
  }
  assert.deepEqual(unexplained, []);
});
