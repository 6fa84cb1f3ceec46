/**
 * Forgiving search through the public API on the demo catalog, on every dialect: pinyin, initials, English and a
 * mistyped character each find what was meant, and say how the query was read; a query that finds something as
 * typed is never reinterpreted; later pages follow the same reading.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../../kernel/db/testing.ts';
import { testApp, type TestApp } from '../../../server/testing.ts';
import { seedCatalogDemo } from '../demo.ts';
import { seedSearchDemo } from './demo.ts';
import { buildVocabulary, correctTypos, fromEnglish, fromPinyin } from './forgiving.ts';

const dialects = await testDialects();

interface Page {
  items: Array<{ name: string; matchedIn: string | null }>;
  nextCursor: string | null;
  words: string[];
  interpretedAs: { q: string; via: string } | null;
}

async function search(t: TestApp, query: Record<string, string>): Promise<Page> {
  const r = await t.app.inject({ method: 'GET', url: '/api/v1/catalog/search', query });
  assert.equal(r.statusCode, 200, r.body);
  return r.json();
}

test('the readings on their own: English phrases before words, pinyin and initials, one mistyped character', () => {
  assert.equal(fromEnglish('Food business licence'), '食品经营许可');
  assert.equal(fromEnglish('how to get a business license'), '营业执照');
  assert.equal(fromEnglish('drug licence'), '药品 许可');
  assert.equal(fromEnglish('xyzzy'), null);
  const v = buildVocabulary(['^营业执照 ^营业 ^执照 食品 经营', '^食品经营许可 食品 经营 营业执照', '^营养 营业执照']);
  assert.deepEqual(fromPinyin(v, 'yyzz'), { q: '营业执照', via: 'initials' });
  assert.deepEqual(fromPinyin(v, 'ying ye zhi zhao'), { q: '营业执照', via: 'pinyin' });
  assert.equal(fromPinyin(v, 'qqqq'), null);
  assert.deepEqual(correctTypos(v, '营叶执照'), { q: '营业执照', via: 'typo' }); // sounds alike: ying ye
  assert.deepEqual(correctTypos(v, '食品经营许司'), { q: '食品经营许可', via: 'typo' }); // one character off
  assert.equal(correctTypos(v, '营业执照'), null); // nothing to correct
});

for (const dialect of dialects) {
  test(`[${dialect}] yyzz, 营叶执照 and "food business licence" find what was meant and say how the query was read`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCatalogDemo(t.k, { enterprises: 0, persons: 0 });
      await seedSearchDemo(t.k);
      const region = '410105';

      // As typed: found, never reinterpreted; the words to highlight come back.
      const typed = await search(t, { q: '营业执照', region });
      assert.ok(typed.items.length > 0);
      assert.equal(typed.interpretedAs, null);
      assert.deepEqual(typed.words, ['营业执照']);

      const initials = await search(t, { q: 'yyzz', region });
      assert.deepEqual(initials.interpretedAs, { q: '营业执照', via: 'initials' });
      assert.deepEqual(
        initials.items.map((h) => h.name),
        typed.items.map((h) => h.name),
      );

      const typo = await search(t, { q: '营叶执照', region });
      assert.deepEqual(typo.interpretedAs, { q: '营业执照', via: 'typo' });
      assert.ok(typo.items.length > 0);

      const english = await search(t, { q: 'food business licence', region });
      assert.deepEqual(english.interpretedAs, { q: '食品经营许可', via: 'english' });
      assert.ok(
        english.items.some((h) => h.name.startsWith('食品经营许可')),
        JSON.stringify(english.items),
      );

      // Pages of a reinterpreted query continue it: page 2 of yyzz is page 2 of 营业执照.
      const first = await search(t, { q: 'yyzz', region, limit: '2' });
      const direct = await search(t, { q: '营业执照', region, limit: '2' });
      if (direct.nextCursor) {
        const next = await search(t, { q: 'yyzz', region, limit: '2', cursor: first.nextCursor! });
        const directNext = await search(t, { q: '营业执照', region, limit: '2', cursor: direct.nextCursor });
        assert.deepEqual(
          next.items.map((h) => h.name),
          directNext.items.map((h) => h.name),
        );
        assert.equal(next.interpretedAs?.via, 'initials');
      }

      // Nothing to be found either way: an empty page, not a guess.
      const none = await search(t, { q: '量子纠缠', region });
      assert.deepEqual(none.items, []);
      assert.equal(none.interpretedAs, null);
    } finally {
      await t.close();
    }
  });
}
