/**
 * Past good replies (优秀答复) in the operators' knowledge base. A ticket closed as resolved after a callback in which
 * the caller said they were satisfied (not "basically satisfied") gives one: its content becomes the question and the
 * department's reply the answer, with personal data stripped (`stripPersonalData`: the caller's own name, phone and
 * address as recorded, and any mobile or landline number, resident ID, e-mail, house address or "X先生/女士" form of
 * address in either text). It is written in the callback's transaction. When the citizen rates the ticket (好差评),
 * the rating is kept beside it; a rating under 4 stars retires it (it stays stored, unsearched), 4 or 5 ranks it
 * higher. Operators find them through `POST /api/v1/hotline/knowledge/search` beside the curated answers and the
 * catalog's guides.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { Subscriber } from '../../kernel/subscribers.ts';
import { hotlinePermissions as P } from './permissions.ts';
import type { HotlineTicketTable } from './tables.ts';

/** A rating of at least this many stars keeps a past reply; below it, the reply leaves the knowledge base. */
export const GOOD_RATING = 4;

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

const NUM = '0-9０-９';
const CN_NUM = '一二三四五六七八九十百千零〇两';
/** Patterns of personal data in free text, each with what replaces it. Order matters: longest identifiers first. */
const PATTERNS: Array<[RegExp, string]> = [
  // E-mail addresses.
  [/[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}/g, '[邮箱]'],
  // Resident ID numbers (18 digits, the last maybe X; also the old 15-digit ones), bank cards: any run of 15+ digits.
  [new RegExp(`[${NUM}]{14,}[${NUM}Xx]`, 'g'), '[证件号]'],
  // Mobile numbers, possibly written with spaces or dashes (138 0000 0011, +86-138-…).
  [new RegExp(`(?:\\+?86[-\\s]?)?1[3-9][${NUM}](?:[-\\s]?[${NUM}]){8}`, 'g'), '[电话]'],
  // Landlines: area code and number (0371-12345678, (0371)1234567), or a bare 7–8 digit number.
  [new RegExp(`[(（]?0[${NUM}]{2,3}[)）]?[-\\s]?[${NUM}]{7,8}`, 'g'), '[电话]'],
  [new RegExp(`(?<![${NUM}])[${NUM}]{7,8}(?![${NUM}])`, 'g'), '[电话]'],
  // House numbers: after a road, street or lane, its number and what follows (院, building, unit, room); the road's
  // name stays (it is where the problem is, not who the caller is).
  [
    new RegExp(
      `(路|街|巷|道|胡同|弄)[${NUM}${CN_NUM}]+号(?:院)?(?:[${NUM}${CN_NUM}A-Za-z]+(?:号楼|栋|幢|座|单元|层|楼|室|户|号))*`,
      'g',
    ),
    '$1[门牌号]',
  ],
  // A building, unit or room given by number (3号楼2单元501室, 5栋1203).
  [
    new RegExp(
      `[${NUM}][${NUM}A-Za-z-]*(?:号楼|栋|幢|座|单元|室|户)(?:[${NUM}${CN_NUM}A-Za-z-]+(?:号楼|栋|幢|座|单元|层|楼|室|户|号)?)*`,
      'g',
    ),
    '[门牌号]',
  ],
  // A person addressed by surname: 张先生, 李女士, 王师傅, 赵阿姨, 刘同志, 孙老师.
  [/[\u4e00-\u9fa5](?:先生|女士|小姐|师傅|阿姨|大爷|大妈|同志|老师)/g, '市民'],
  // "我叫…", "姓名：…", "联系人…": the name after it (2–4 characters).
  [/(我叫|姓名[:：]?|联系人[:：]?|来电人[:：]?)([\u4e00-\u9fa5]{2,4})(?=[，。,.；;、\s]|$)/g, '$1[姓名]'],
];

/** The caller's own data as recorded on the ticket: removed wherever it appears, whatever its form. */
export interface KnownPersonalData {
  names: string[];
  phones: string[];
  addresses: string[];
}

/**
 * `text` with personal data replaced by placeholders: the known values first (the caller's name, phone and
 * address), then the patterns. Anything else a caller may have written about themselves (a nickname, a plate
 * number) is not recognised: operators read an answer before they read it out.
 */
export function stripPersonalData(text: string, known: KnownPersonalData = { names: [], phones: [], addresses: [] }) {
  let out = text;
  for (const a of known.addresses.filter((x) => x.trim().length >= 4))
    out = out.replace(new RegExp(escape(a.trim()), 'g'), '[地址]');
  for (const p of known.phones.filter(Boolean)) {
    // The digits in any grouping: 13800000011, 138 0000 0011, 138-0000-0011.
    const digits = p.replace(/\D/g, '');
    if (digits.length >= 7) out = out.replace(new RegExp(digits.split('').join('[-\\s]?'), 'g'), '[电话]');
  }
  for (const n of known.names.filter((x) => x.trim().length >= 2)) {
    const name = n.trim();
    out = out.replace(new RegExp(escape(name), 'g'), '[姓名]');
  }
  for (const [re, to] of PATTERNS) out = out.replace(re, to);
  // The surname alone before a form of address is handled above; "[姓名]先生" reads as "市民".
  return out.replace(/\[姓名\](?:先生|女士|小姐|师傅|阿姨|同志)/g, '市民');
}

/** The caller's recorded name, phone and address (decrypted in process, never stored again). */
function knownOf(k: Kernel, row: HotlineTicketTable): KnownPersonalData {
  const dec = (v: string | null) => {
    if (!v) return null;
    try {
      return k.cipher.decrypt(v);
    } catch {
      return null;
    }
  };
  const name = dec(row.caller_name_enc);
  const phone = dec(row.caller_phone_enc);
  return {
    names: name ? [name] : [],
    phones: phone ? [phone] : [],
    addresses: row.address ? [row.address] : [],
  };
}

/**
 * Called in the callback's transaction once `row` is closed as resolved: with a satisfied caller, its content and
 * reply (stripped) become a past good reply of the ticket's region and topic. Once per ticket (a later closure of
 * the same ticket, after a reopen, replaces it).
 */
export async function recordPastReply(
  k: Kernel,
  ctx: Ctx,
  t: Executor,
  row: HotlineTicketTable,
  satisfaction: string | null,
): Promise<boolean> {
  if (satisfaction !== 'satisfied' || !row.reply) return false;
  const known = knownOf(k, row);
  const values = {
    ticket_id: row.id,
    region: row.region,
    topic_code: row.topic_code,
    request_type: row.request_type,
    question: stripPersonalData(row.content, known).slice(0, 500),
    answer: stripPersonalData(row.reply, known).slice(0, 4000),
    rating: null,
    active: 1,
    created_at: ctx.now.toISOString(),
  };
  await t.deleteFrom('hotline_past_replies').where('ticket_id', '=', row.id).execute();
  await t.insertInto('hotline_past_replies').values(values).execute();
  await k.audit.record(t, ctx, {
    permission: P.intake,
    action: 'add_past_reply',
    subjectType: 'hotline.knowledge',
    subjectId: row.id,
    after: { region: values.region, topicCode: values.topic_code, question: values.question },
  });
  return true;
}

/**
 * The citizen's 好差评 rating of a ticket: kept on its past good reply; under GOOD_RATING stars the reply leaves the
 * knowledge base (a reply the caller was satisfied with on the phone but rated poorly is not a model answer).
 */
export const hotlinePastReplyRating: Subscriber = {
  name: 'hotline.past_reply_rating',
  events: ['ratings.rating.submitted'],
  async handle(_k, event, tx) {
    const r = event.payload as { subjectType: string; subjectId: string; score: number };
    if (r.subjectType !== 'hotline.ticket') return;
    await tx
      .updateTable('hotline_past_replies')
      .set({ rating: r.score, active: r.score >= GOOD_RATING ? 1 : 0 })
      .where('ticket_id', '=', r.subjectId)
      .execute();
  },
};
