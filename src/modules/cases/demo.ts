/**
 * The cases module's demo data: a few cases filed by the demo applicant (citizen.demo) against published Henan
 * implementations in Zhengzhou, moved a little by the demo staff so the screens have something to show — one still
 * submitted, one accepted and under review, one awaiting a supplement. Added once; a second run adds nothing. The
 * form values are synthetic (示例). A second demo reviewer (reviewer2.zhengzhou) declares kinship with the demo
 * applicant, so their screens show recusal (回避): the applicant's cases are not in their queue and they cannot act.
 * demo-paths.ts adds 代收代办, 多地联办, a bundle and a rated case with its rectification.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import {
  createAccount,
  demoPasswordCost,
  findAccountByUsername,
  accountCtx,
  DEMO_PASSWORD,
} from '../../kernel/auth/accounts.ts';
import { generateResidentId } from '../../kernel/validators/resident-id.ts';
import { listPublishedForIndex } from '../catalog/index.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { declareRelation, linkedPersonOf } from '../registry/index.ts';
import type { DemoAccount } from '../module.ts';
import { fileCase, moveCase } from './service.ts';
import { awaitsAcceptance } from './reform.ts';
import { seedReformDemo } from './demo-reform.ts';
import { seedPathsDemo } from './demo-paths.ts';
import { reviewStepsOf } from './steps.ts';

type Json = Record<string, unknown>;
type Published = Awaited<ReturnType<typeof listPublishedForIndex>>[number]['version'];
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The demo applicant's resident ID, as the registry's demo registers it. */
const CITIZEN_ID = generateResidentId({ region: '410105', birthDate: '1988-08-08', seq: 888 });

/** Synthetic values for a form schema; null when a field cannot be filled plausibly. */
export function demoForm(schema: unknown, uscc: string | null = null): Json | null {
  if (!isObject(schema) || !isObject(schema.properties)) return null;
  const out: Json = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    if (!isObject(p)) return null;
    const key = typeof p['x-semantic-key'] === 'string' ? p['x-semantic-key'] : '';
    const title = typeof p.title === 'string' ? p.title : name;
    if (p.type === 'object') {
      const inner = demoForm(p, uscc);
      if (!inner) return null;
      out[name] = inner;
    } else if (p.type === 'integer' || p.type === 'number') out[name] = typeof p.minimum === 'number' ? p.minimum : 1;
    else if (p.type === 'boolean') out[name] = true;
    else if (p.type === 'array') out[name] = [];
    else if (Array.isArray(p.enum)) out[name] = p.enum[0];
    else if (key.endsWith('.idNumber')) out[name] = CITIZEN_ID;
    else if (key.endsWith('.phone')) out[name] = '13800138000';
    else if (uscc && key.endsWith('.uscc')) out[name] = uscc;
    else if (key.endsWith('.name')) out[name] = '示例申请人';
    else if (p.format === 'date') out[name] = '2026-12-01';
    else if (p.pattern)
      return null; // a coded value (USCC and the like): not this demo's applicant
    else out[name] = `示例${title}`.slice(0, typeof p.maxLength === 'number' ? p.maxLength : 100);
  }
  return out;
}

/** The demo reviewer who is recused from the demo applicant's cases. */
export const CASES_DEMO_ACCOUNTS: DemoAccount[] = [
  {
    username: 'reviewer2.zhengzhou',
    name: '郑州市市场监管审查员二（示例，申报回避）',
    roles: ['reviewer'],
    region: '410100',
    department: '410100-SCJG',
    kind: 'staff',
  },
];

/** Creates the recused reviewer and their declared kinship with the demo applicant (once). */
async function seedRecusedReviewer(k: Kernel, citizen: Ctx): Promise<void> {
  const a = CASES_DEMO_ACCOUNTS[0];
  if (await findAccountByUsername(k.db, a.username)) return;
  const personId = await linkedPersonOf(k, citizen.principal.id);
  if (!personId) return;
  await createAccount(
    k.db,
    k.adapter,
    { ...a, password: DEMO_PASSWORD, demo: true, passwordCost: demoPasswordCost(k.config.mode) },
    k.clock.now(),
  );
  const reviewer = await accountCtx(k, a.username, a.roles);
  if (!reviewer) return;
  await declareRelation(k, reviewer, {
    subjectType: 'person',
    subjectId: personId,
    relation: 'kinship',
    note: '示例：与申请人系亲属',
  });
}

/**
 * A case under review whose pinned process has review steps (审查环节): in the demo reviewer's queue (待我审查), and
 * shown as recused to reviewer2. Filed first, so the applicant's newest case stays the one other demos expect.
 */
async function seedCaseWithSteps(
  k: Kernel,
  citizen: Ctx,
  lead: Ctx,
  reviewer: Ctx,
  published: Array<{ version: Published }>,
): Promise<void> {
  const uscc = generateUscc({ division: '410105', seq: 424_242 });
  const withSteps = published
    .map(({ version: v }) => v)
    .filter((v) => v.region.startsWith('4101') && v.department.code.endsWith('-SCJG'))
    .filter((v) => reviewStepsOf(v.elements.process).length > 0);
  for (const v of withSteps.slice(0, 3)) {
    const form = demoForm(v.elements.form, uscc);
    if (!form) continue;
    try {
      const c = await fileCase(k, citizen, { itemId: v.item.id, region: v.region, form });
      const accepted = await moveCase(k, lead, c.id, 'accept', { version: 1 });
      await moveCase(k, reviewer, c.id, 'start_review', { version: accepted.version });
      return;
    } catch (e) {
      k.log.debug({ err: e, implementation: v.code }, 'cases demo: no case with review steps');
    }
  }
}

export async function seedCasesDemo(k: Kernel): Promise<void> {
  if (await k.db.selectFrom('cases_cases').select('id').limit(1).executeTakeFirst()) return;
  const citizen = await accountCtx(k, 'citizen.demo', ['applicant']);
  const lead = await accountCtx(k, 'lead.zhengzhou', ['department_lead']);
  const reviewer = await accountCtx(k, 'reviewer.zhengzhou', ['reviewer']);
  if (!citizen || !lead || !reviewer) return;
  await seedRecusedReviewer(k, citizen);
  const published = await listPublishedForIndex(k, { limit: 1000 });
  const candidates = published
    .map(({ version: v }) => ({
      v,
      // Ordinary items only: a filing or commitment item is concluded or granted on filing (seedReformDemo).
      form:
        v.region.startsWith('4101') && v.department.code.endsWith('-SCJG') && awaitsAcceptance(v.item.reformMode)
          ? demoForm(v.elements.form)
          : null,
    }))
    .filter((c): c is { v: (typeof published)[number]['version']; form: Json } => c.form !== null);
  // Filed first, so the applicant's newest cases (and newest submitted one) stay those browser tests pick.
  await seedPathsDemo(k, citizen, published, demoForm);
  await seedCaseWithSteps(k, citizen, lead, reviewer, published);
  const filed = [];
  for (let i = 0; candidates.length && i < 6 && filed.length < 3; i++) {
    const { v, form } = candidates[i % candidates.length];
    try {
      filed.push(await fileCase(k, citizen, { itemId: v.item.id, region: v.region, form }));
    } catch (e) {
      k.log.debug({ err: e, implementation: v.code }, 'cases demo: not filed');
    }
  }
  await seedReformDemo(k, citizen, published, demoForm);
  const [, second, third] = filed;
  if (second) {
    const accepted = await moveCase(k, lead, second.id, 'accept', { version: 1 });
    await moveCase(k, reviewer, second.id, 'start_review', { version: accepted.version });
  }
  if (third)
    await moveCase(k, lead, third.id, 'request_supplement', {
      version: 1,
      data: { items: [{ ref: null, description: '经营场所证明材料不完整，请补充房屋租赁合同（示例）' }] },
    });
}
