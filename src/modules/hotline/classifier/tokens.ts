/**
 * Ticket text → the words the classifier counts. Words come from the catalog's jieba `segment` (search mode: a word
 * and its dictionary sub-words, normalized, each once), so the classifier and the search index read Chinese alike.
 * Dropped: words with digits (phone numbers, dates, amounts tell nothing about the topic and may be personal data)
 * and a few function words that every ticket has.
 */
import { segment } from '../../catalog/index.ts';

const STOP_WORDS = new Set([
  '的',
  '了',
  '在',
  '是',
  '和',
  '有',
  '也',
  '都',
  '就',
  '我',
  '我们',
  '你',
  '他',
  '她',
  '这',
  '那',
  '请',
  '请求',
  '要求',
  '希望',
  '一个',
  '没有',
  '还',
  '很',
  '被',
  '把',
  '让',
  '给',
  '对',
  '等',
  '及',
  '与',
  '或',
  '不',
  '已',
  '已经',
]);
const HAS_DIGIT = /\p{N}/u;

/** The words of a ticket's text that the classifier counts (each once, in order of appearance). */
export function ticketWords(text: string): string[] {
  return segment(text).filter((w) => !HAS_DIGIT.test(w) && !STOP_WORDS.has(w));
}

/** Runs of 7 or more digits (phone, ID and card numbers) replaced before a historical text is stored. */
export function redactNumbers(text: string): string {
  return text.replace(/\d[\d\s-]{5,}[\dXx]/g, (m) => (m.replace(/\D/g, '').length >= 7 ? '＊＊＊' : m));
}
