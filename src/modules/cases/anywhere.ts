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
 * - joint (多地联办): one such case per competent body named, sharing a group id; each body does its own part. (A
 *   minimal version: no step ordering between the bodies.)
 *
 * Both sides see the case (access.ts: the accepting region's staff, read and forward only); the applicant chooses
 * where the result is delivered; the accepting and competent regions are stored and reported (`anywhereReport`).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
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

export const ANYWHERE_MODES = ['collect', 'joint'] as const;
export type AnywhereMode = (typeof ANYWHERE_MODES)[number];
export const DELIVERY_PLACES = ['accepting_window', 'competent_window', 'online', 'mail'] as const;
export type DeliveryPlace = (typeof DELIVERY_PLACES)[number];

export interface AnywhereInput {
  itemId: string;
  mode: AnywhereMode;
  /** collect: exactly one; joint: two or more. */
  competentRegions: string[];
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

const anywhereRefused = (code: string, zh: string, en: string) =>
  new AppError({ code, status: 409, field: 'competentRegions', zh, en });

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
  if (input.mode === 'collect' ? regions.length !== 1 : regions.length < 2)
    throw invalid(
      'competentRegions',
      'ANYWHERE_REGIONS',
      input.mode === 'collect' ? '代收代办须指定一个有权机关所在地' : '多地联办须指定两个以上有权机关所在地',
      input.mode === 'collect'
        ? 'Collect-and-forward names one competent region'
        : 'Joint handling names two or more regions',
    );
  return inTx(k, tx, async (t) => {
    const groupId = input.mode === 'joint' ? newId(ctx.now.getTime()) : null;
    const cases: Case[] = [];
    for (const region of regions) {
      if (inJurisdiction(ctx, region))
        throw invalid(
          'competentRegions',
          'ANYWHERE_NOT_NEEDED',
          '有权机关在本窗口辖区内，请直接受理',
          'The competent body is within this window’s jurisdiction: file the case directly',
        );
      const body = await competentBodyFor(k, { itemId: input.itemId, region, at: ctx.now }, t);
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
        throw anywhereRefused(
          'ANYWHERE_NOT_ALLOWED',
          `${v.item.name}（${body.body.regionName}）${sameProvince ? '未列入全省通办' : '未列入跨省通办'}，不能异地收件`,
          `${v.item.name} (${body.body.regionName}) is not ${sameProvince ? 'province-wide' : 'cross-province'}: it cannot be taken at another region’s window`,
        );
      const filed = await fileCase(
        k,
        ctx,
        { itemId: input.itemId, region, form: input.form, applicant: input.applicant, window: input.window },
        t,
        { status: 'received', acceptingRegion: accepting },
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
          group_id: groupId,
          accepting_region: accepting,
          accepting_region_name: fullName(accepting) ?? accepting,
          accepting_window: input.window,
          accepted_by: ctx.principal.id,
          competent_region: body.body.region,
          delivery: input.delivery,
          forward_limit_days: limit,
          forwarded_at: null,
          forwarded_by: null,
          created_at: ctx.now.toISOString(),
        })
        .execute();
      cases.push(filed);
    }
    return { mode: input.mode, groupId, cases };
  });
}

/** The handle-anywhere facts of a case the caller may see (404 as absent otherwise, or when it is not one). */
export async function getAnywhere(k: Kernel, ctx: Ctx, caseId: string): Promise<AnywhereView> {
  requirePermission(ctx, P.read);
  requireVisibleCase(ctx, await findCaseRow(k.db, caseId), caseId);
  const a = await findAnywhere(k.db, caseId);
  if (!a) throw absentCase(caseId);
  const d = await k.calendar.getTracked(k.db, { type: SUBJECT_TYPE, id: caseId, purpose: FORWARD_PURPOSE });
  const open = a.forwarded_at === null;
  const l = open ? lightOf(k, ctx.now, d?.dueAt ?? null, a.accepting_region) : { left: null, light: null };
  return {
    caseId,
    mode: a.mode as AnywhereMode,
    groupId: a.group_id,
    acceptingRegion: { code: a.accepting_region, name: a.accepting_region_name },
    acceptingWindow: a.accepting_window,
    competentRegion: { code: a.competent_region, name: fullName(a.competent_region) ?? a.competent_region },
    delivery: a.delivery as DeliveryPlace,
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
  competentRegion: { code: string; name: string };
  mode: AnywhereMode;
  cases: number;
  forwarded: number;
}

/** Handle-anywhere cases by accepting and competent region and mode, where either side lies in the caller's jurisdiction. */
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
    .groupBy(['accepting_region', 'competent_region', 'mode'])
    .orderBy('accepting_region')
    .orderBy('competent_region')
    .orderBy('mode');
  const region = ctx.principal.kind === 'system' ? null : ctx.principal.region;
  if (region) {
    const p = `${subtreePrefix(region)}%`;
    q = q.where((eb) => eb.or([eb('accepting_region', 'like', p), eb('competent_region', 'like', p)]));
  }
  return (await q.execute()).map((r) => ({
    acceptingRegion: { code: r.accepting_region, name: fullName(r.accepting_region) ?? r.accepting_region },
    competentRegion: { code: r.competent_region, name: fullName(r.competent_region) ?? r.competent_region },
    mode: r.mode as AnywhereMode,
    cases: Number(r.cases),
    forwarded: Number(r.forwarded),
  }));
}
