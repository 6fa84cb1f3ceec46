/**
 * Forgiving search: what people type that the index does not hold as such — pinyin (yingyezhizhao), initials (yyzz),
 * English (food business licence) and typos (营叶执照) — rewritten into the Chinese words the index holds, and said
 * so in the answer ("以下是“营业执照”的结果"). Pinyin comes from `pinyin-pro`; the words to match against are the
 * search index's own (`vocabularyOf`), so a suggestion always names something that exists.
 */
import { pinyin } from 'pinyin-pro';
import { sql } from 'kysely';
import type { Kernel } from '../../../kernel/kernel.ts';
import { ENGLISH_PHRASES, ENGLISH_WORDS } from './english.ts';

export type InterpretedVia = 'english' | 'pinyin' | 'initials' | 'typo';

export interface Interpretation {
  /** The query as searched. */
  q: string;
  via: InterpretedVia;
}

/** The index's words of two or more Chinese characters, with how many items hold each, and their pinyin. */
export interface Vocabulary {
  frequency: Map<string, number>;
  byPinyin: Map<string, string[]>;
  byInitials: Map<string, string[]>;
}

const HAN = /^\p{Script=Han}{2,}$/u;
const REFRESH_MS = 60_000;
const cache = new WeakMap<Kernel, { at: number; stamp: string; vocabulary: Vocabulary }>();

const syllables = (w: string) => pinyin(w, { toneType: 'none', type: 'array', v: true }) as string[];

/** A pure builder over `(tokens of one item)` lists: exported for tests. */
export function buildVocabulary(itemsTokens: Iterable<string>): Vocabulary {
  const frequency = new Map<string, number>();
  for (const tokens of itemsTokens) {
    const seen = new Set<string>();
    for (const raw of tokens.split(' ')) {
      const w = raw.startsWith('^') ? raw.slice(1) : raw;
      if (HAN.test(w) && !seen.has(w)) {
        seen.add(w);
        frequency.set(w, (frequency.get(w) ?? 0) + 1);
      }
    }
  }
  const byPinyin = new Map<string, string[]>();
  const byInitials = new Map<string, string[]>();
  const add = (m: Map<string, string[]>, key: string, w: string) => m.set(key, [...(m.get(key) ?? []), w]);
  for (const w of frequency.keys()) {
    const s = syllables(w);
    add(byPinyin, s.join(''), w);
    add(byInitials, s.map((x) => x[0]).join(''), w);
  }
  // Most frequent first, then longer (a whole name before its part), then by code point for a stable answer.
  const rank = (a: string, b: string) =>
    frequency.get(b)! - frequency.get(a)! || b.length - a.length || (a < b ? -1 : a > b ? 1 : 0);
  for (const m of [byPinyin, byInitials]) for (const list of m.values()) list.sort(rank);
  return { frequency, byPinyin, byInitials };
}

/**
 * The vocabulary of the index as it is now: one row per item (the words of its implementations are alike), rebuilt
 * when the index changed and at most once a minute.
 */
export async function vocabularyOf(k: Kernel): Promise<Vocabulary> {
  const hit = cache.get(k);
  if (hit && Date.now() - hit.at < REFRESH_MS) return hit.vocabulary;
  const s = await sql<{ n: number; latest: string | null }>`
    select count(*) as n, max(indexed_at) as latest from catalog_search_index`.execute(k.db);
  const stamp = `${s.rows[0].n}/${s.rows[0].latest}`;
  if (hit && hit.stamp === stamp) {
    hit.at = Date.now();
    return hit.vocabulary;
  }
  const rows = await sql<{ tokens: string }>`
    select tokens from catalog_search_index
    where doc_id in (select min(doc_id) from catalog_search_index group by item_id)`.execute(k.db);
  const vocabulary = buildVocabulary(rows.rows.map((r) => r.tokens));
  cache.set(k, { at: Date.now(), stamp, vocabulary });
  return vocabulary;
}

/** An English query in Chinese words, longest phrases first; null when no word of it is known. */
export function fromEnglish(q: string): string | null {
  let rest = ` ${q
    .toLowerCase()
    .replace(/[^a-z\s]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim()} `;
  const out: string[] = [];
  const phrases = Object.keys(ENGLISH_PHRASES).sort((a, b) => b.length - a.length);
  for (const p of phrases)
    if (rest.includes(` ${p} `)) {
      out.push(ENGLISH_PHRASES[p]);
      rest = rest.replace(` ${p} `, ' ');
    }
  for (const w of rest.trim().split(' ')) if (ENGLISH_WORDS[w]) out.push(ENGLISH_WORDS[w]);
  return out.length ? [...new Set(out)].join(' ') : null;
}

/** Pinyin or initials typed in Latin letters (spaces ignored): the most common index word they spell. */
export function fromPinyin(v: Vocabulary, q: string): Interpretation | null {
  const key = q.toLowerCase().replace(/[\s']/g, '').replace(/ü/g, 'v');
  if (!/^[a-z]{2,}$/.test(key)) return null;
  const full = v.byPinyin.get(key)?.[0];
  if (full) return { q: full, via: 'pinyin' };
  const initials = v.byInitials.get(key)?.[0];
  return initials ? { q: initials, via: 'initials' } : null;
}

/**
 * A Chinese query with a mistyped character: each stretch of it that is not an index word but sounds like one
 * (营叶 → 营业, same pinyin) or, from three characters on, differs from one in a single character, is replaced by
 * that word — longest stretches first. Null when nothing needed or could be corrected.
 */
export function correctTypos(v: Vocabulary, q: string): Interpretation | null {
  const chars = [...q.normalize('NFKC').trim()];
  const out: string[] = [];
  let changed = false;
  for (let i = 0; i < chars.length;) {
    let replaced = false;
    for (let len = Math.min(8, chars.length - i); len >= 2 && !replaced; len--) {
      const part = chars.slice(i, i + len).join('');
      if (!HAN.test(part) || v.frequency.has(part)) continue;
      const word = soundsLike(v, part) ?? (len >= 3 ? oneCharOff(v, part) : null);
      if (word) {
        out.push(word);
        i += len;
        replaced = changed = true;
      }
    }
    if (!replaced) out.push(chars[i++]);
  }
  return changed ? { q: out.join(''), via: 'typo' } : null;
}

function soundsLike(v: Vocabulary, part: string): string | null {
  const same = v.byPinyin.get(syllables(part).join(''));
  return same?.find((w) => [...w].length === [...part].length) ?? null;
}

function oneCharOff(v: Vocabulary, part: string): string | null {
  const p = [...part];
  let best: string | null = null;
  for (const [w, n] of v.frequency) {
    const c = [...w];
    if (c.length !== p.length) continue;
    let diff = 0;
    for (let j = 0; j < c.length && diff < 2; j++) if (c[j] !== p[j]) diff++;
    if (diff === 1 && (best === null || n > v.frequency.get(best)!)) best = w;
  }
  return best;
}

/** How a query typed in Latin letters is meant: English first, then pinyin or initials. */
export function interpretLatin(v: Vocabulary, q: string): Interpretation | null {
  if (!/^[\sa-zA-Z']+$/.test(q)) return null;
  const english = fromEnglish(q);
  if (english) return { q: english, via: 'english' };
  return fromPinyin(v, q);
}
