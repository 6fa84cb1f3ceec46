/** canonicalJson (audit.ts) equals the reference RFC 8785 implementation, `canonicalize`, and refuses what it refuses. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import canonicalize from 'canonicalize';
import { canonicalJson } from './audit.ts';

const reference = canonicalize as unknown as (v: unknown) => string;

/** A small seeded generator (mulberry32), so a failure names a value that can be produced again. */
function prng(seed: number) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ALPHABET = [
  'a',
  'B',
  'z',
  '0',
  ' ',
  '"',
  '\\',
  '\n',
  '\u0001',
  '\u007f',
  'é',
  '营',
  '业',
  '😀',
  '\u2028',
  'Ω',
  '\ufeff',
];

function randomValue(rnd: () => number, depth: number): unknown {
  const pick = Math.floor(rnd() * (depth > 3 ? 6 : 9));
  const str = () =>
    Array.from({ length: Math.floor(rnd() * 8) }, () => ALPHABET[Math.floor(rnd() * ALPHABET.length)]).join('');
  switch (pick) {
    case 0:
      return null;
    case 1:
      return rnd() < 0.5;
    case 2:
      return Math.floor((rnd() - 0.5) * 2 ** 40);
    case 3:
      return [0, -0, 1e21, 1e-7, 0.1 + 0.2, -1.5e300, 5e-324, 123456789.125][Math.floor(rnd() * 8)];
    case 4:
    case 5:
      return str();
    case 6:
      return Array.from({ length: Math.floor(rnd() * 5) }, () =>
        rnd() < 0.1 ? undefined : randomValue(rnd, depth + 1),
      );
    default: {
      const o: Record<string, unknown> = {};
      for (let i = Math.floor(rnd() * 6); i > 0; i--) o[str()] = rnd() < 0.1 ? undefined : randomValue(rnd, depth + 1);
      return o;
    }
  }
}

test('canonicalJson writes exactly what the reference implementation writes, over 5,000 random values', () => {
  const rnd = prng(20261206);
  for (let i = 0; i < 5000; i++) {
    const v = randomValue(rnd, 0);
    assert.equal(canonicalJson(v), reference(v), JSON.stringify(v));
  }
  const dated = { at: new Date(Date.UTC(2026, 11, 6)), n: [1, { b: 2, a: 1 }] };
  assert.equal(canonicalJson(dated), reference(dated));
  assert.equal(canonicalJson({ b: 1, a: { d: [], c: {} } }), '{"a":{"c":{},"d":[]},"b":1}');
});

test('canonicalJson refuses lone surrogates, non-finite numbers and cycles, as the reference does', () => {
  const cyclic: Record<string, unknown> = {};
  cyclic.self = cyclic;
  for (const bad of ['\ud800', { ['x\udc00']: 1 }, [NaN], { n: Infinity }, cyclic]) {
    assert.throws(() => reference(bad));
    assert.throws(() => canonicalJson(bad));
  }
});
