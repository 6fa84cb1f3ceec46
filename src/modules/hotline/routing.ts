/**
 * Routing (派单规则): a center's rules send a topic and a location to the responsible department in that
 * jurisdiction. The rule that matches is the most specific one — the deepest topic (a rule for `urban` also covers
 * `urban.roads`), then the smallest region holding the location, then the highest priority — and every dispatch
 * records it with an explanation. One rule before all rules: a 举报 that names a department is never sent to it; it
 * goes to the e-supervision office (`<region>-ZFDC`, the supervisor's department) of the accused department's region
 * (or the nearest one up that has an office), where the discipline inspectors also read it.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { requireCenterStaff } from './access.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { updateVersioned } from '../../kernel/db/versioned.ts';
import { ancestorsOf, checkDivisionCode, isWithin } from '../../kernel/reference/divisions.ts';
import { orThrow } from '../../kernel/errors.ts';
import { findDepartment } from '../registry/index.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { findCenterRow } from './repository.ts';
import type { HotlineRoutingRuleTable, HotlineTicketTable } from './tables.ts';

export interface RoutingRule {
  id: string;
  centerId: string;
  topicCode: string;
  region: string;
  departmentCode: string;
  priority: number;
  active: boolean;
  version: number;
}

export interface Route {
  departmentCode: string;
  ruleId: string | null;
  explanation: string;
}

const toRule = (r: HotlineRoutingRuleTable): RoutingRule => ({
  id: r.id,
  centerId: r.center_id,
  topicCode: r.topic_code,
  region: r.region,
  departmentCode: r.department_code,
  priority: Number(r.priority),
  active: Number(r.active) === 1,
  version: Number(r.version),
});

const covers = (ruleTopic: string, topic: string) => topic === ruleTopic || topic.startsWith(ruleTopic + '.');
const depth = (code: string) => code.split('.').length;
const regionLevel = (code: string) => (code.endsWith('0000') ? 1 : code.endsWith('00') ? 2 : 3);

/** The e-supervision department of the nearest region (the ticket's own first) that has one. */
export async function supervisorDepartmentFor(k: Kernel, region: string, tx?: Executor): Promise<string | null> {
  for (const r of [region, ...ancestorsOf(region).map((d) => d.code)]) {
    if (await findDepartment(k, `${r}-ZFDC`, tx)) return `${r}-ZFDC`;
  }
  return null;
}

/** The department a ticket goes to by the center's rules, with the rule and why; null when no rule matches. */
export async function routeTicket(k: Kernel, tx: Executor, t: HotlineTicketTable): Promise<Route | null> {
  if (t.request_type === 'report' && t.accused_department) {
    // The supervisor of the accused department's own level: a city bureau is watched by the city's office.
    const accused = await findDepartment(k, t.accused_department, tx);
    const dept = await supervisorDepartmentFor(k, accused?.region ?? t.region, tx);
    if (dept)
      return {
        departmentCode: dept,
        ruleId: null,
        explanation: `举报涉及 ${t.accused_department}，不派被举报部门，转电子监察 ${dept}`,
      };
  }
  const rules = await tx
    .selectFrom('hotline_routing_rules')
    .selectAll()
    .where('center_id', '=', t.center_id)
    .where('active', '=', 1)
    .execute();
  const fits = rules
    .filter((r) => covers(r.topic_code, t.topic_code) && isWithin(t.region, r.region))
    .filter((r) => r.department_code !== t.accused_department)
    .sort(
      (a, b) =>
        depth(b.topic_code) - depth(a.topic_code) ||
        regionLevel(b.region) - regionLevel(a.region) ||
        Number(b.priority) - Number(a.priority) ||
        a.id.localeCompare(b.id),
    );
  const best = fits[0];
  if (!best) return null;
  return {
    departmentCode: best.department_code,
    ruleId: best.id,
    explanation: `规则：分类 ${best.topic_code} · 区划 ${best.region} → ${best.department_code}`,
  };
}

/** A department chosen by hand: it must exist, and a 举报 may not go to the department it names. */
export async function checkChosenDepartment(k: Kernel, tx: Executor, t: HotlineTicketTable, code: string) {
  if (!(await findDepartment(k, code, tx))) throw notFound('部门 department', code, 'department');
  if (t.accused_department && code === t.accused_department)
    throw new AppError({
      code: 'REPORT_TO_ACCUSED_DEPARTMENT',
      status: 409,
      field: 'department',
      zh: '举报不得派给被举报部门',
      en: 'A report may not be dispatched to the department it names',
    });
}

export async function listRules(k: Kernel, ctx: Ctx, centerId: string): Promise<RoutingRule[]> {
  requirePermission(ctx, P.read);
  const c = await findCenterRow(k.db, centerId);
  if (!c) throw notFound('热线中心 center', centerId, 'params.id');
  const rows = await k.db
    .selectFrom('hotline_routing_rules')
    .selectAll()
    .where('center_id', '=', centerId)
    .orderBy('topic_code')
    .orderBy('region')
    .execute();
  return rows.map(toRule);
}

export interface RuleInput {
  topicCode: string;
  region: string;
  departmentCode: string;
  priority?: number;
  active?: boolean;
}

async function checkRule(k: Kernel, tx: Executor, centerRegion: string, input: RuleInput) {
  orThrow(checkDivisionCode(input.region), 'region');
  if (!isWithin(input.region, centerRegion))
    throw invalid(
      'region',
      'RULE_REGION_OUTSIDE_CENTER',
      '规则区划不在本中心范围内',
      'The region is outside the center',
    );
  const topic = await tx
    .selectFrom('hotline_topics')
    .select('code')
    .where('code', '=', input.topicCode)
    .executeTakeFirst();
  if (!topic) throw invalid('topicCode', 'TOPIC_UNKNOWN', '没有该诉求分类', 'No such topic');
  if (!(await findDepartment(k, input.departmentCode, tx)))
    throw invalid('departmentCode', 'DEPARTMENT_UNKNOWN', '没有该部门', 'No such department');
}

/** Adds a routing rule to a center (operators, the host lead, administrators of the center's region). */
export async function createRule(k: Kernel, ctx: Ctx, centerId: string, input: RuleInput): Promise<RoutingRule> {
  requirePermission(ctx, P.configure);
  return k.db.transaction().execute(async (tx) => {
    const c = await findCenterRow(tx, centerId);
    if (!c) throw notFound('热线中心 center', centerId, 'params.id');
    requireCenterStaff(ctx, c);
    await checkRule(k, tx, c.region, input);
    const row: HotlineRoutingRuleTable = {
      id: newId(ctx.now.getTime()),
      center_id: centerId,
      topic_code: input.topicCode,
      region: input.region,
      department_code: input.departmentCode,
      priority: input.priority ?? 0,
      active: input.active === false ? 0 : 1,
      version: 1,
      updated_by: ctx.principal.id,
      updated_at: ctx.now.toISOString(),
    };
    await tx.insertInto('hotline_routing_rules').values(row).execute();
    await k.audit.record(tx, ctx, {
      permission: P.configure,
      action: 'create_rule',
      subjectType: 'hotline.routing_rule',
      subjectId: row.id,
      after: toRule(row),
    });
    return toRule(row);
  });
}

/** Changes a rule, guarded by its version. */
export async function updateRule(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: RuleInput & { version: number },
): Promise<RoutingRule> {
  requirePermission(ctx, P.configure);
  return k.db.transaction().execute(async (tx) => {
    const before = await tx.selectFrom('hotline_routing_rules').selectAll().where('id', '=', id).executeTakeFirst();
    const c = before && (await findCenterRow(tx, before.center_id));
    if (!before || !c) throw notFound('派单规则 rule', id, 'params.id');
    requireCenterStaff(ctx, c);
    await checkRule(k, tx, c.region, input);
    const changes = {
      topic_code: input.topicCode,
      region: input.region,
      department_code: input.departmentCode,
      priority: input.priority ?? Number(before.priority),
      active: input.active === false ? 0 : 1,
      updated_by: ctx.principal.id,
      updated_at: ctx.now.toISOString(),
    };
    await updateVersioned(tx, 'hotline_routing_rules', id, input.version, changes);
    const after = toRule({ ...before, ...changes, version: input.version + 1 });
    await k.audit.record(tx, ctx, {
      permission: P.configure,
      action: 'update_rule',
      subjectType: 'hotline.routing_rule',
      subjectId: id,
      before: toRule(before),
      after,
    });
    return after;
  });
}
