/**
 * The completeness rubric (docs/catalog.md § Rubric): scores an implementation 0–100 over ten criteria and lists
 * what is missing, vague or inconsistent. Each criterion has a weight; its findings deduct points, never more than
 * the weight. The rubric judges; it refuses nothing (the element checks and the lifecycle do that).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { READ } from './access.ts';
import { impossibilities, processDays, type Elements } from './elements.ts';
import { semanticKeys } from './form-schema.ts';
import { getImplementation, getImplementationVersion } from './service.ts';
import type { ItemSummary } from './model.ts';

export const CRITERIA = {
  legal_basis: 10,
  acceptance_conditions: 10,
  materials: 20,
  time_limits: 10,
  fees: 10,
  process: 10,
  channels: 10,
  contacts: 10,
  result: 5,
  form: 5,
} as const;
export type Criterion = keyof typeof CRITERIA;

export interface Finding {
  criterion: Criterion;
  element: string;
  severity: 'missing' | 'vague' | 'inconsistent';
  points: number;
  zh: string;
  en: string;
}

export interface RubricResult {
  implementationId: string;
  /** The published version scored, or null for the working copy. */
  version: number | null;
  score: number;
  criteria: Array<{ criterion: Criterion; weight: number; lost: number }>;
  findings: Finding[];
  illustrative: boolean;
}

/** Catch-all material names (其他材料, 相关材料, 法律法规规定的其他材料 …). */
const CATCH_ALL_MATERIAL = [
  /(其他|其它|相关|有关)的?(材料|资料|文件|证明)$/,
  /^(相关|有关)(证明)?(材料|资料|文件)/,
  /等(材料|资料|文件)$/,
  /^(其他|其它)/,
  /^(materials?|documents?|other|others)$/i,
];
/** Vague condition text: a bare reference to "the rules", an "other conditions" tail, a placeholder, or too short. */
const VAGUE_TEXT = [
  /^(无|略|详见.*|见.*)$/,
  /(符合|满足)(相关|有关)(规定|要求|条件)$/,
  /(其他|其它)(条件|要求)$/,
  /^.{0,3}$/,
];

export const isCatchAll = (name: string) => CATCH_ALL_MATERIAL.some((re) => re.test(name.trim()));
export const isVague = (s: string) => VAGUE_TEXT.some((re) => re.test(s.trim()));

type Add = (
  criterion: Criterion,
  element: string,
  severity: Finding['severity'],
  points: number,
  zh: string,
  en: string,
) => void;

function legalAndConditions(item: ItemSummary, e: Elements, add: Add): void {
  if (!item.legalBasis.length) add('legal_basis', 'item.legalBasis', 'missing', 10, '没有设定依据', 'No legal basis');
  else if (item.legalBasis.some((c) => !c.article))
    add('legal_basis', 'item.legalBasis', 'vague', 5, '设定依据未写明条款', 'A legal basis names no article');
  if (!e.acceptanceConditions.length)
    add('acceptance_conditions', 'acceptanceConditions', 'missing', 10, '受理条件为空', 'No acceptance conditions');
  e.acceptanceConditions.forEach((c, i) => {
    if (isVague(c))
      add(
        'acceptance_conditions',
        `acceptanceConditions.${i}`,
        'vague',
        4,
        `受理条件含糊：「${c}」`,
        `Vague acceptance condition: "${c}"`,
      );
  });
}

function materials(e: Elements, add: Add): void {
  if (!e.materials.length) add('materials', 'materials', 'missing', 20, '没有列出申请材料', 'No materials listed');
  e.materials.forEach((m, i) => {
    const at = `materials.${i}`;
    if (isCatchAll(m.name))
      add('materials', `${at}.name`, 'vague', 6, `兜底材料「${m.name}」`, `Catch-all material "${m.name}"`);
    if (m.requirement === 'conditional' && !m.condition?.trim())
      add(
        'materials',
        `${at}.condition`,
        'missing',
        4,
        `容缺/条件材料「${m.name}」未写明条件`,
        `Conditional material "${m.name}" states no condition`,
      );
    if (m.requirement === 'conditional' && m.condition && isVague(m.condition))
      add(
        'materials',
        `${at}.condition`,
        'vague',
        3,
        `「${m.name}」的条件含糊`,
        `The condition of "${m.name}" is vague`,
      );
    if (!m.source)
      add(
        'materials',
        `${at}.source`,
        m.requirement === 'required' ? 'inconsistent' : 'missing',
        m.requirement === 'required' ? 6 : 2,
        `「${m.name}」没有来源`,
        `"${m.name}" has no source`,
      );
    if (m.source?.kind === 'applicant' && /表$/.test(m.name) && !m.blankForm && !m.sample)
      add(
        'materials',
        `${at}.blankForm`,
        'missing',
        2,
        `表格「${m.name}」没有空白表格或示例`,
        `Form "${m.name}" has no blank form or sample`,
      );
  });
}

function limitsFeesProcess(item: ItemSummary, e: Elements, add: Add): void {
  if (e.statutoryDays === null && item.itemType !== 20)
    add('time_limits', 'statutoryDays', 'missing', 5, '没有法定时限', 'No statutory limit');
  if (e.statutoryDays !== null && e.promisedDays > e.statutoryDays)
    add(
      'time_limits',
      'promisedDays',
      'inconsistent',
      10,
      '承诺时限超过法定时限',
      'The promised limit exceeds the statutory one',
    );
  if (e.process.length && e.promisedDays > 0 && processDays(e.process) > e.promisedDays) {
    add(
      'time_limits',
      'process',
      'inconsistent',
      5,
      `各环节时限合计 ${processDays(e.process)} 日超过承诺时限 ${e.promisedDays} 日`,
      `Process steps take ${processDays(e.process)} days, beyond the promised ${e.promisedDays}`,
    );
  }
  if (e.fees.charged) {
    e.fees.items.forEach((f, i) => {
      if (!f.basis?.trim() && !e.fees.basis?.trim())
        add(
          'fees',
          `fees.items.${i}.basis`,
          'missing',
          6,
          `收费项目「${f.name}」没有收费依据`,
          `Fee "${f.name}" has no basis`,
        );
      if (f.amountFen === 0)
        add(
          'fees',
          `fees.items.${i}.amountFen`,
          'vague',
          3,
          `收费项目「${f.name}」金额为 0`,
          `Fee "${f.name}" has amount 0`,
        );
    });
  }
  if (!e.process.length) add('process', 'process', 'missing', 10, '没有办理流程', 'No process steps');
}

function serviceAndResult(item: ItemSummary, e: Elements, add: Add): void {
  if (!e.channels.length) add('channels', 'channels', 'missing', 10, '没有办理渠道', 'No channel');
  if (e.channels.includes('window') && !e.places.length)
    add('channels', 'places', 'missing', 5, '窗口办理但未写明办理地点', 'Window channel without a place');
  e.places.forEach((p, i) => {
    if (isVague(p.hours))
      add('channels', `places.${i}.hours`, 'vague', 2, `「${p.name}」办理时间含糊`, `Vague hours at "${p.name}"`);
  });
  if (!e.serviceObjects.length)
    add('channels', 'serviceObjects', 'missing', 3, '没有写明服务对象', 'No service objects');
  if (!e.contacts.consultation.length)
    add('contacts', 'contacts.consultation', 'missing', 5, '没有咨询方式', 'No consultation contact');
  if (!e.contacts.complaint.length)
    add('contacts', 'contacts.complaint', 'missing', 5, '没有监督投诉方式', 'No complaint contact');
  if (e.result.kind === 'none' && item.itemType === 1)
    add('result', 'result.kind', 'inconsistent', 5, '行政许可事项没有办理结果', 'A licensing item without a result');
  if (e.result.kind !== 'none' && !e.result.sample)
    add('result', 'result.sample', 'missing', 2, '办理结果没有样本', 'The result has no sample');
  if (!semanticKeys(e.form).length)
    add('form', 'form', 'missing', 5, '申请表单没有字段', 'The application form has no fields');
}

/** Scores an element set of an item. Pure: the same input always scores the same. */
export function score(
  item: ItemSummary,
  e: Elements,
): { score: number; criteria: RubricResult['criteria']; findings: Finding[] } {
  const findings: Finding[] = [];
  const add: Add = (criterion, element, severity, points, zh, en) =>
    findings.push({ criterion, element, severity, points, zh, en });
  legalAndConditions(item, e, add);
  materials(e, add);
  limitsFeesProcess(item, e, add);
  serviceAndResult(item, e, add);
  const criteria = (Object.keys(CRITERIA) as Criterion[]).map((criterion) => {
    const lost = findings.filter((f) => f.criterion === criterion).reduce((s, f) => s + f.points, 0);
    return { criterion, weight: CRITERIA[criterion], lost: Math.min(CRITERIA[criterion], lost) };
  });
  return { score: 100 - criteria.reduce((s, c) => s + c.lost, 0), criteria, findings };
}

/** The rubric for an implementation's working copy, or for one of its published versions. */
export async function rubric(k: Kernel, ctx: Ctx, id: string, version?: number | null): Promise<RubricResult> {
  requirePermission(ctx, READ);
  if (version) {
    const v = await getImplementationVersion(k, id, version);
    return { implementationId: id, version: v.version, ...score(v.item, v.elements), illustrative: v.illustrative };
  }
  const impl = await getImplementation(k, ctx, id);
  return { implementationId: id, version: null, ...score(impl.item, impl.elements), illustrative: impl.illustrative };
}

export interface RubricCheck {
  implementationId: string;
  /** The working copy's score, and the published version's (null when nothing is published yet). */
  score: number;
  publishedScore: number | null;
  /** Findings of the working copy that the published version did not have (all of them when none is published). */
  newFindings: Finding[];
  /** What would make the implementation impossible to apply for or handle (elements.ts `impossibilities`). */
  impossibilities: Array<{ element: string; zh: string; en: string }>;
  /**
   * True when the score fell, an impossibility appears, or a new finding is an inconsistency (the promised limit
   * shorter than the steps' sum): the UI asks the person to confirm before going on.
   */
  needsConfirmation: boolean;
}

const findingKey = (f: Finding) => `${f.criterion}|${f.element}|${f.severity}|${f.zh}`;

/**
 * What submitting or publishing the working copy would change in completeness: asked before 提交审核 and 审核发布
 * so that a falling score (承诺 2 个工作日 against steps summing to 3) never goes out to the public unnoticed.
 */
export async function rubricCheck(k: Kernel, ctx: Ctx, id: string): Promise<RubricCheck> {
  requirePermission(ctx, READ);
  const impl = await getImplementation(k, ctx, id);
  const now = score(impl.item, impl.elements);
  const published = impl.publishedVersion ? await getImplementationVersion(k, id, impl.publishedVersion) : null;
  const before = published ? score(published.item, published.elements) : null;
  const had = new Set((before?.findings ?? []).map(findingKey));
  const found = impossibilities(impl.elements).map(({ element, zh, en }) => ({ element, zh, en }));
  const newFindings = now.findings.filter((f) => !had.has(findingKey(f)));
  return {
    implementationId: id,
    score: now.score,
    publishedScore: before?.score ?? null,
    newFindings,
    impossibilities: found,
    needsConfirmation:
      found.length > 0 ||
      newFindings.some((f) => f.severity === 'inconsistent') ||
      (before !== null && now.score < before.score),
  };
}
