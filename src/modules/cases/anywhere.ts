/**
 * Handle-anywhere (全省通办 / 跨省通办): a window clerk takes an application for a competent body in another region,
 * when the implementation's `handleAnywhere` allows it (province_wide: both regions in one province; cross_province:
 * any two). Two modes:
 *
 * - collect (代收代办): one case, filed `received` at the competent body (`fileCase` with the accepting region checked
 *   against the clerk's jurisdiction). The accepting window checks it and forwards it (`forward`, its own limit in
 *   working days: the region limit `cases.forward_days` in the kernel store, limits.ts, default 2); the competent
 *   body then accepts and decides as usual. The acceptance clock runs from receipt, so forwarding counts in the
 *   case's time.
 * - joint (多地联办): one case, filed `received` at the lead competent body (`competentRegions`, one), which
 *   accepts and decides it; each other body named in `parts` (its region and the part it does) does its part as a
 *   step of the case (steps.ts: stage 0, in parallel, the region's `cases.part_days` limit, handled by that body's
 *   reviewers), and the decision waits for every part. The accepting window forwards it as for 代收代办.
 *
 * Both sides see the case (access.ts: the accepting region's staff, read and forward only); the applicant chooses
 * where the result is delivered; the accepting and competent regions are stored and reported (`anywhereReport`).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { checkDivisionCode, fullName, subtreePrefix } from '../../kernel/reference/divisions.ts';
import { orThrow } from '../../kernel/errors.ts';
import { competentBodyFor, getImplementationVersion } from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { fileCase, type FileInput } from './service.ts';
import { findCaseRow } from './repository.ts';
import { absentCase, requireVisibleCase } from './access.ts';
import { lightOf, SUBJECT_TYPE } from './deadlines.ts';
import { FORWARD_PURPOSE, findAnywhere } from './anywhere-store.ts';
import { CASE_LIMITS } from './limits.ts';
import type { Case, Light } from './model.ts';
import type { JointPart } from './tables-bundles.ts';
import { findDepartment } from '../registry/index.ts';
import { stepRowsOf } from './steps.ts';

export const ANYWHERE_MODES = ['collect', 'joint'] as const;
export type AnywhereMode = (typeof ANYWHERE_MODES)[number];
export const DELIVERY_PLACES = ['accepting_window', 'competent_window', 'online', 'mail'] as const;
export type DeliveryPlace = (typeof DELIVERY_PLACES)[number];

export interface AnywhereInput {
  itemId: string;
  mode: AnywhereMode;
  /** The competent body's region: exactly one (for joint, the lead body, which accepts and decides). */
  competentRegions: string[];
  /** joint only: each other body's region and the part it does (1–5). */
  parts?: Array<{ region: string; task: string }>;
  form: unknown;
  applicant: FileInput['applicant'];
  window: string;
  delivery: DeliveryPlace;
}

export interface AnywhereView {
  caseId: string;
  mode: AnywhereMode;
  groupId: string | null;
  acceptingRegion: { code: string; name: string };
  acceptingWindow: string;
  competentRegion: { code: string; name: string };
  delivery: DeliveryPlace;
  /** 多地联办: each other body's part, with its step once the lead body has accepted (empty for 代收代办). */
  parts: Array<{
    region: { code: string; name: string };
    department: { code: string; name: string };
    task: string;
    step: { id: string; status: string; opinion: string | null; doneAt: string | null } | null;
  }>;
  forward: {
    limitDays: number;
    dueDate: string | null;
    dueAt: string | null;
    forwardedAt: string | null;
    /** Forwarded by the due time (null while not forwarded). */
    onTime: boolean | null;
    workingDaysLeft: number | null;
    light: Light | null;
  };
}

/** Takes an application for another region's competent body; see the module comment. */
export async function receiveAnywhere(
  k: Kernel,
  ctx: Ctx,
  input: AnywhereInput,
  tx?: Executor,
): Promise<{ mode: AnywhereMode; groupId: string | null; cases: Case[] }> {
  requirePermission(ctx, P.forward);
  const accepting = ctx.principal.kind === 'staff' ? ctx.principal.region : null;
  if (!accepting)
    throw invalid(
      'window',
      'ACCEPTING_REGION_UNKNOWN',
      '收件窗口须属于某一行政区划',
      'The accepting window needs a region',
    );
  const regions = [...new Set(input.competentRegions)];
  regions.forEach((r, i) => orThrow(checkDivisionCode(r), `competentRegions.${i}`));
  if (regions.length !== 1)
    throw invalid(
      'competentRegions',
      'ANYWHERE_REGIONS',
      input.mode === 'collect'
        ? '代收代办须指定一个有权机关所在地'
        : '多地联办须指定一个牵头受理并决定的有权机关所在地',
      input.mode === 'collect'
        ? 'Collect-and-forward names one competent region'
        : 'Joint handling names one lead competent region (it accepts and decides)',
    );
  const partsIn = partsOf(input);
  return inTx(k, tx, async (t) => {
    const region = regions[0];
    if (inJurisdiction(ctx, region))
      throw invalid(
        'competentRegions',
        'ANYWHERE_NOT_NEEDED',
        '有权机关在本窗口辖区内，请直接受理',
        'The competent body is within this window’s jurisdiction: file the case directly',
      );
    const lead = await anywhereBody(k, t, input.itemId, region, accepting, 'competentRegions', ctx.now);
    const parts: JointPart[] = [];
    for (const [i, p] of partsIn.entries()) {
      const b = await anywhereBody(k, t, input.itemId, p.region, accepting, `parts.${i}.region`, ctx.now);
      if (b.region === lead.region || parts.some((x) => x.region === b.region))
        throw invalid(
          `parts.${i}.region`,
          'ANYWHERE_PART_SAME_BODY',
          `${b.regionName}的有权机关已是本办件的办理机关`,
          `The competent body for ${b.regionName} already handles this case`,
        );
      const dept = await findDepartment(k, b.department.code, t);
      parts.push({
        region: b.region,
        regionName: b.regionName,
        department: {
          code: b.department.code,
          name: b.department.name,
          kind: dept?.kind ?? b.department.code.split('-').pop()!,
        },
        task: p.task,
      });
    }
    const filed = await fileCase(
      k,
      ctx,
      { itemId: input.itemId, region, form: input.form, applicant: input.applicant, window: input.window },
      t,
      { status: 'received', acceptingRegion: accepting, partRegions: parts.map((p) => p.region) },
    );
    const limit = k.calendar.limitFor(accepting, CASE_LIMITS.forward_days).value;
    await k.calendar.track(
      t,
      ctx.now,
      { type: SUBJECT_TYPE, id: filed.id, purpose: FORWARD_PURPOSE },
      { unit: 'working_days', amount: limit, start: ctx.now },
    );
    await t
      .insertInto('cases_anywhere')
      .values({
        case_id: filed.id,
        mode: input.mode,
        group_id: null,
        accepting_region: accepting,
        accepting_region_name: fullName(accepting) ?? accepting,
        accepting_window: input.window,
        accepted_by: ctx.principal.id,
        competent_region: lead.region,
        delivery: input.delivery,
        forward_limit_days: limit,
        forwarded_at: null,
        forwarded_by: null,
        created_at: ctx.now.toISOString(),
        parts: input.mode === 'joint' ? parts : null,
      })
      .execute();
    return { mode: input.mode, groupId: null, cases: [filed] };
  });
}

/** The parts a joint intake declares (checked: 1–5, each a region and a task); none for 代收代办. */
function partsOf(input: AnywhereInput): Array<{ region: string; task: string }> {
  const parts = input.parts ?? [];
  if (input.mode === 'collect') {
    if (parts.length)
      throw invalid('parts', 'ANYWHERE_PARTS', '代收代办没有联办环节', 'Collect-and-forward has no joint parts');
    return [];
  }
  if (parts.length < 1 || parts.length > 5)
    throw invalid(
      'parts',
      'ANYWHERE_PARTS',
      '多地联办须列明其他有权机关及其办理内容（1 至 5 个）',
      'Joint handling lists the other bodies and the part each does (1 to 5)',
    );
  return parts.map((p, i) => {
    orThrow(checkDivisionCode(p.region), `parts.${i}.region`);
    const task = p.task.trim();
    if (!task || task.length > 100)
      throw invalid(
        `parts.${i}.task`,
        'FIELD_REQUIRED',
        '须填写该机关的办理内容（不超过 100 个字符）',
        'Describe the part this body does (at most 100 characters)',
      );
    return { region: p.region, task };
  });
}

/** The competent body for `region`, when the item's scope lets a window in `accepting` take the application. */
async function anywhereBody(
  k: Kernel,
  t: Executor,
  itemId: string,
  region: string,
  accepting: string,
  field: string,
  now: Date,
) {
  const body = await competentBodyFor(k, { itemId, region, at: now }, t);
  if (!body.ok) throw new AppError({ code: body.code, status: 409, field: 'itemId', zh: body.zh, en: body.en });
  const v = await getImplementationVersion(
    k,
    body.body.implementation.implementationId,
    body.body.implementation.version,
    t,
  );
  const scope = v.elements.handleAnywhere;
  const sameProvince = region.slice(0, 2) === accepting.slice(0, 2);
  if (!(scope.includes('cross_province') || (sameProvince && scope.includes('province_wide'))))
    throw new AppError({
      code: 'ANYWHERE_NOT_ALLOWED',
      status: 409,
      field,
      zh: `${v.item.name}（${body.body.regionName}）${sameProvince ? '未列入全省通办' : '未列入跨省通办'}，不能异地收件`,
      en: `${v.item.name} (${body.body.regionName}) is not ${sameProvince ? 'province-wide' : 'cross-province'}: it cannot be taken at another region’s window`,
    });
  return body.body;
}

/** The handle-anywhere facts of a case the caller may see (404 as absent otherwise, or when it is not one). */
export async function getAnywhere(k: Kernel, ctx: Ctx, caseId: string): Promise<AnywhereView> {
  requirePermission(ctx, P.read);
  requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const a = await findAnywhere(k.db, caseId);
  if (!a) throw absentCase(caseId);
  const d = await k.calendar.getTracked(k.db, { type: SUBJECT_TYPE, id: caseId, purpose: FORWARD_PURPOSE });
  const open = a.forwarded_at === null;
  const steps = a.parts?.length ? await stepRowsOf(k.db, caseId) : [];
  const l = open ? lightOf(k, ctx.now, d?.dueAt ?? null, a.accepting_region) : { left: null, light: null };
  return {
    caseId,
    mode: a.mode as AnywhereMode,
    groupId: a.group_id,
    acceptingRegion: { code: a.accepting_region, name: a.accepting_region_name },
    acceptingWindow: a.accepting_window,
    competentRegion: { code: a.competent_region, name: fullName(a.competent_region) ?? a.competent_region },
    delivery: a.delivery as DeliveryPlace,
    parts: (a.parts ?? []).map((p) => {
      const step = steps.find((x) => x.region === p.region);
      return {
        region: { code: p.region, name: p.regionName },
        department: { code: p.department.code, name: p.department.name },
        task: p.task,
        step: step ? { id: step.id, status: step.status, opinion: step.opinion, doneAt: step.done_at } : null,
      };
    }),
    forward: {
      limitDays: Number(a.forward_limit_days),
      dueDate: d?.dueDate ?? null,
      dueAt: d?.dueAt ?? null,
      forwardedAt: a.forwarded_at,
      onTime: open || !d?.dueAt ? null : a.forwarded_at! <= d.dueAt,
      workingDaysLeft: l.left,
      light: l.light,
    },
  };
}

export interface AnywhereReportRow {
  acceptingRegion: { code: string; name: string };
  /** The body's region: the competent (lead) body's, or — `side` part — a 多地联办 body doing a part. */
  competentRegion: { code: string; name: string };
  mode: AnywhereMode;
  side: 'lead' | 'part';
  cases: number;
  forwarded: number;
}

/**
 * Handle-anywhere cases by accepting region, body region and mode — the competent (lead) body's rows, and one row per
 * 多地联办 part's body — where either side lies in the caller's jurisdiction.
 */
export async function anywhereReport(k: Kernel, ctx: Ctx): Promise<AnywhereReportRow[]> {
  requirePermission(ctx, P.read);
  let q = k.db
    .selectFrom('cases_anywhere')
    .select((eb) => [
      'accepting_region',
      'competent_region',
      'mode',
      eb.fn.countAll<number>().as('cases'),
      eb.fn.count<number>('forwarded_at').as('forwarded'),
    ])
    .groupBy(['accepting_region', 'competent_region', 'mode']);
  const region = ctx.principal.kind === 'system' ? null : ctx.principal.region;
  const prefix = region ? subtreePrefix(region) : '';
  if (region) {
    const p = `${prefix}%`;
    q = q.where((eb) => eb.or([eb('accepting_region', 'like', p), eb('competent_region', 'like', p)]));
  }
  const named = (code: string) => ({ code, name: fullName(code) ?? code });
  const rows: AnywhereReportRow[] = (await q.execute()).map((r) => ({
    acceptingRegion: named(r.accepting_region),
    competentRegion: named(r.competent_region),
    mode: r.mode as AnywhereMode,
    side: 'lead',
    cases: Number(r.cases),
    forwarded: Number(r.forwarded),
  }));
  // The parts' bodies: few rows (joint cases only), grouped here.
  const parts = new Map<string, AnywhereReportRow>();
  const joint = await k.db
    .selectFrom('cases_anywhere')
    .select(['accepting_region', 'parts', 'forwarded_at'])
    .where('mode', '=', 'joint')
    .execute();
  for (const j of joint)
    for (const p of j.parts ?? []) {
      if (!j.accepting_region.startsWith(prefix) && !p.region.startsWith(prefix)) continue;
      const key = `${j.accepting_region}:${p.region}`;
      const row = parts.get(key) ?? {
        acceptingRegion: named(j.accepting_region),
        competentRegion: named(p.region),
        mode: 'joint' as const,
        side: 'part' as const,
        cases: 0,
        forwarded: 0,
      };
      row.cases++;
      if (j.forwarded_at) row.forwarded++;
      parts.set(key, row);
    }
  const order = (r: AnywhereReportRow) =>
    `${r.acceptingRegion.code}:${r.competentRegion.code}:${r.mode}:${r.side === 'lead' ? 0 : 1}`;
  return [...rows, ...parts.values()].sort((a, b) => order(a).localeCompare(order(b)));
}
