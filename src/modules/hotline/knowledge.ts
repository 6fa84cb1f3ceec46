/**
 * The operators' knowledge base (知识库): curated answers kept by the centers, and the catalog's published service
 * guides (`searchImplementations`; the full guide through the catalog's `getGuide`), and past good replies: replies
 * of tickets closed as resolved with a satisfied caller (and not rated poorly), personal data stripped
 * (past-replies.ts).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid, orThrow } from '../../kernel/errors.ts';
import { requireCenterStaff } from './access.ts';
import { centerFor } from './repository.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { checkDivisionCode, ancestorsOf } from '../../kernel/reference/divisions.ts';
import { getGuide, searchImplementations, segment, type Guide } from '../catalog/index.ts';
import { hotlinePermissions as P } from './permissions.ts';

export interface KnowledgeAnswer {
  id: string;
  /** `curated`: kept by a center; `past_reply`: a past good reply (its id is the ticket's). */
  source: 'curated' | 'past_reply';
  region: string;
  topicCode: string | null;
  question: string;
  answer: string;
}

export interface GuideHint {
  implementationId: string;
  name: string;
  departmentName: string;
  promisedDays: number | null;
  /** The guide's first lines (conditions, materials), to read out on the phone. */
  summary: string;
}

export async function searchKnowledge(
  k: Kernel,
  ctx: Ctx,
  q: { q: string; region: string },
): Promise<{ answers: KnowledgeAnswer[]; guides: GuideHint[] }> {
  requirePermission(ctx, P.read);
  orThrow(checkDivisionCode(q.region), 'region');
  const words = segment(q.q)
    .filter((w) => [...w].length > 1)
    .slice(0, 8);
  const regions = [q.region, ...ancestorsOf(q.region).map((d) => d.code)];
  const curated = words.length
    ? await k.db
        .selectFrom('hotline_knowledge')
        .selectAll()
        .where('active', '=', 1)
        .where('region', 'in', regions)
        .where((eb) => eb.or(words.flatMap((w) => [eb('question', 'like', `%${w}%`), eb('answer', 'like', `%${w}%`)])))
        .limit(20)
        .execute()
    : [];
  const past = words.length
    ? await k.db
        .selectFrom('hotline_past_replies')
        .selectAll()
        .where('active', '=', 1)
        .where('region', 'in', regions)
        .where((eb) => eb.or(words.flatMap((w) => [eb('question', 'like', `%${w}%`), eb('answer', 'like', `%${w}%`)])))
        .orderBy('created_at', 'desc')
        .limit(20)
        .execute()
    : [];
  const score = (s: string) => words.filter((w) => s.includes(w)).length;
  // Best match first; on a tie a curated answer, then a well-rated past reply, then the newer one.
  const ranked = [
    ...curated.map((r) => ({
      rank: [score(r.question + r.answer), 2, 0],
      a: {
        id: r.id,
        source: 'curated' as const,
        region: r.region,
        topicCode: r.topic_code,
        question: r.question,
        answer: r.answer,
      },
    })),
    ...past.map((r) => ({
      rank: [score(r.question + r.answer), 1, r.rating === null ? 0 : Number(r.rating)],
      a: {
        id: r.ticket_id,
        source: 'past_reply' as const,
        region: r.region,
        topicCode: r.topic_code,
        question: r.question,
        answer: r.answer,
      },
    })),
  ];
  const answers = ranked
    .sort((x, y) => y.rank[0] - x.rank[0] || y.rank[1] - x.rank[1] || y.rank[2] - x.rank[2])
    .slice(0, 6)
    .map((x) => x.a);
  const guides: GuideHint[] = [];
  if (q.q.trim()) {
    const page = await searchImplementations(k, ctx, { q: q.q, region: q.region, limit: 3 });
    for (const h of page.items) {
      // A guide that cannot be built (a draft withdrawn meanwhile) still leaves the hit useful.
      const summary = await getGuide(k, ctx, h.implementationId).then(guideSummary, () => '');
      guides.push({
        implementationId: h.implementationId,
        name: h.name,
        departmentName: h.departmentName,
        promisedDays: h.promisedDays,
        summary,
      });
    }
  }
  return { answers, guides };
}

/** Adds a curated answer for a region (and optionally a topic). */
export async function addKnowledge(
  k: Kernel,
  ctx: Ctx,
  input: { region: string; topicCode?: string | null; question: string; answer: string },
): Promise<KnowledgeAnswer> {
  requirePermission(ctx, P.configure);
  orThrow(checkDivisionCode(input.region), 'region');
  requireJurisdiction(ctx, input.region);
  const center = await centerFor(k.db, [input.region, ...ancestorsOf(input.region).map((d) => d.code)]);
  if (!center)
    throw invalid('region', 'NO_HOTLINE_CENTER', '该地区没有12345热线中心', 'No hotline center serves this region');
  requireCenterStaff(ctx, center);
  const row = {
    id: newId(ctx.now.getTime()),
    region: input.region,
    topic_code: input.topicCode ?? null,
    question: requiredText('question', input.question, 500),
    answer: requiredText('answer', input.answer, 4000),
    active: 1,
    created_by: ctx.principal.id,
    created_at: ctx.now.toISOString(),
  };
  await k.db.transaction().execute(async (tx) => {
    await tx.insertInto('hotline_knowledge').values(row).execute();
    await k.audit.record(tx, ctx, {
      permission: P.configure,
      action: 'add_knowledge',
      subjectType: 'hotline.knowledge',
      subjectId: row.id,
      after: { region: row.region, question: row.question },
    });
  });
  return {
    id: row.id,
    source: 'curated',
    region: row.region,
    topicCode: row.topic_code,
    question: row.question,
    answer: row.answer,
  };
}

/** The guide's labelled fields and list items as one line of plain text, cut to 300 characters. */
function guideSummary(g: Guide): string {
  const parts: string[] = [];
  for (const section of g.sections)
    for (const b of section.blocks) {
      if (b.kind === 'fields') for (const f of b.fields) parts.push(`${f.label.zh}：${f.value}`);
      if (b.kind === 'list') parts.push(...b.items);
    }
  return parts.join('；').slice(0, 300);
}
