/**
 * The cases module's demo data: a few cases filed by the demo applicant (citizen.demo) against published Henan
 * implementations in Zhengzhou, moved a little by the demo staff so the screens have something to show — one still
 * submitted, one accepted and under review, one awaiting a supplement. Added once; a second run adds nothing. The
 * form values are synthetic (示例).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { Role } from '../../kernel/auth/roles.ts';
import { findAccountByUsername } from '../../kernel/auth/accounts.ts';
import { generateResidentId } from '../../kernel/validators/resident-id.ts';
import { listPublishedForIndex } from '../catalog/index.ts';
import { fileCase, moveCase } from './service.ts';
import { awaitsAcceptance } from './reform.ts';
import { seedReformDemo } from './demo-reform.ts';

type Json = Record<string, unknown>;
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The demo applicant's resident ID, as the registry's demo registers it. */
const CITIZEN_ID = generateResidentId({ region: '410105', birthDate: '1988-08-08', seq: 888 });

/** Synthetic values for a form schema; null when a field cannot be filled plausibly. */
export function demoForm(schema: unknown): Json | null {
  if (!isObject(schema) || !isObject(schema.properties)) return null;
  const out: Json = {};
  for (const [name, p] of Object.entries(schema.properties)) {
    if (!isObject(p)) return null;
    const key = typeof p['x-semantic-key'] === 'string' ? p['x-semantic-key'] : '';
    const title = typeof p.title === 'string' ? p.title : name;
    if (p.type === 'object') {
      const inner = demoForm(p);
      if (!inner) return null;
      out[name] = inner;
    } else if (p.type === 'integer' || p.type === 'number') out[name] = typeof p.minimum === 'number' ? p.minimum : 1;
    else if (p.type === 'boolean') out[name] = true;
    else if (p.type === 'array') out[name] = [];
    else if (Array.isArray(p.enum)) out[name] = p.enum[0];
    else if (key.endsWith('.idNumber')) out[name] = CITIZEN_ID;
    else if (key.endsWith('.phone')) out[name] = '13800138000';
    else if (key.endsWith('.name')) out[name] = '示例申请人';
    else if (p.format === 'date') out[name] = '2026-12-01';
    else if (p.pattern)
      return null; // a coded value (USCC and the like): not this demo's applicant
    else out[name] = `示例${title}`.slice(0, typeof p.maxLength === 'number' ? p.maxLength : 100);
  }
  return out;
}

async function ctxOf(k: Kernel, username: string, roles: Role[]): Promise<Ctx | null> {
  const a = await findAccountByUsername(k.db, username);
  if (!a) return null;
  return {
    principal: {
      id: a.id,
      kind: a.kind,
      name: a.name,
      roles,
      region: a.region,
      department: a.department,
      grants: k.permissions.grantsOf(roles),
    },
    requestId: null,
    now: k.clock.now(),
  };
}

export async function seedCasesDemo(k: Kernel): Promise<void> {
  if (await k.db.selectFrom('cases_cases').select('id').limit(1).executeTakeFirst()) return;
  const citizen = await ctxOf(k, 'citizen.demo', ['applicant']);
  const lead = await ctxOf(k, 'lead.zhengzhou', ['department_lead']);
  const reviewer = await ctxOf(k, 'reviewer.zhengzhou', ['reviewer']);
  if (!citizen || !lead || !reviewer) return;
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
