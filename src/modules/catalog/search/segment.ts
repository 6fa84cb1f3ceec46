/**
 * Chinese word segmentation for the search index and for queries, with jieba's search mode (`cutForSearch`): it
 * emits each word and also its dictionary sub-words (营业执照 → 营业, 执照, 营业执照), so a query for 执照 finds a
 * text that says 营业执照. Plain `cut` keeps 营业执照 whole, and 执照 would not match.
 *
 * Tokens are normalized the same way on both sides: NFKC (full-width Ａ１ → A1), lower case, split into runs of
 * letters and digits (punctuation dropped). Index and query therefore meet on identical strings, which both
 * databases then match exactly.
 */
import { createRequire } from 'node:module';
import { Jieba } from '@node-rs/jieba';

let jieba: Jieba | undefined;

/** The segmenter, loaded on first use: reading and building the default dictionary takes ≈ 0.25 s and 5 MB. */
function segmenter(): Jieba {
  if (!jieba) {
    const { dict } = createRequire(import.meta.url)('@node-rs/jieba/dict') as { dict: Uint8Array };
    jieba = Jieba.withDict(dict);
  }
  return jieba;
}

const WORD_RUN = /[\p{L}\p{N}]+/gu;

/** Search-mode words of a text, normalized, in order of appearance, without duplicates. */
export function segment(text: string): string[] {
  const out = new Set<string>();
  const normalized = text.normalize('NFKC').toLowerCase();
  if (!normalized.trim()) return [];
  for (const word of segmenter().cutForSearch(normalized, true)) {
    for (const run of word.match(WORD_RUN) ?? []) out.add(run);
  }
  return [...out];
}

/**
 * The words a query requires: the query segmented like the index, minus every word contained in another query
 * word. Dropping those saves work without losing a match: wherever the index holds a word it also holds that word's
 * dictionary sub-words (search mode emits them together), which are the sub-words the query would add. So 营业执照
 * requires the one token 营业执照 rather than 营业 ∧ 执照 ∧ 营业执照. (A dropped single character inside a longer
 * query word is the one case where this can match more than the full conjunction would.)
 */
export function queryWords(q: string): string[] {
  const words = segment(q);
  return words.filter((w) => !words.some((other) => other !== w && other.includes(w)));
}

/** The number of characters (code points) of a query, as a person counts them. */
export function queryLength(q: string): number {
  return [...q.normalize('NFKC').trim()].length;
}
