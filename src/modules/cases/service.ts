/**
 * The cases module's service functions: the only place that decides. Each takes the request context first.
 *
 * Filing pins the version `competentBodyFor` answers (the competent region, department and published
 * implementation version), validates the form against that version's JSON Schema, encrypts ID and phone values,
 * numbers the case and starts the acceptance deadline — with the action, its chain link and `cases.case.submitted`,
 * in one transaction. Every later move is `caseLifecycle.transition`.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { takeNumber } from '../../kernel/db/numbers.ts';
import { requireJurisdiction, requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound, orThrow } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { checkDivisionCode } from '../../kernel/reference/divisions.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { actionsOf } from '../../kernel/audit.ts';
import type { TrackedDeadline } from '../../kernel/calendar-service.ts';
import { accountNames } from '../../kernel/auth/accounts.ts';
import { competentBodyFor, getImplementationVersion, pinnedVersion } from '../catalog/index.ts';
import {
  enterpriseFacts,
  findDepartment,
  getEnterprise,
  getPerson,
  linkedAccountOf,
  linkedPersonOf,
} from '../registry/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { findCaseRow, findCaseView, insertCase, listCaseRows, nextSequence } from './repository.ts';
import { actingFor, isApplicant, listScope, requireVisibleCase } from './access.ts';
import { toCore, type CaseCore } from './convert.ts';
import { checkForm, fieldTitles, protectForm, revealForm } from './form.ts';
import { deadlinesOf, scheduleDeemedAcceptance, trackAcceptance, SUBJECT_TYPE } from './deadlines.ts';
import { caseLifecycle, type CaseAction } from './lifecycle.ts';
import type { Case, CaseStatus, Channel, TimelineEntry } from './model.ts';
import type { CaseTable } from './tables.ts';
import {
  afterFiling,
  applicableActions,
  awaitsAcceptance,
  commitmentOf,
  reformPartsOf,
  withProcedureDetails,
} from './reform.ts';
import type { CommitmentInput } from './reform.ts';
import { partRegionsColumn } from './anywhere-access.ts';

export type { Case, TimelineEntry } from './model.ts';

export interface FileInput {
  itemId: string;
  /** Where the application is made (the applicant's or the place's region): picks the competent body. */
  region: string;
  form: unknown;
  /** Filed at a window for an applicant: the registered person or enterprise (window clerks only). */
  applicant?: { personId: string } | { enterpriseId: string } | null;
  /** The window it was filed at (window clerks: required). */
  window?: string | null;
  /** An applicant's channel: online (default) or the mobile app. */
  channel?: 'online' | 'mobile';
  /** 实行告知承诺 items: the commitment as shown and accepted (required for them, refused for others). */
  commitment?: CommitmentInput | null;
}

const FILE_LABEL = { zh: '提交申请', en: 'File the application' };
/** Actions on a case that are not lifecycle moves. */
const OTHER_LABELS: Record<string, { zh: string; en: string }> = {
  file: FILE_LABEL,
  file_waiting: { zh: '提交申请（等待前置事项）', en: 'Filed (waiting for prerequisites)' },
  receive: { zh: '收件（代收代办）', en: 'Received for another region' },
  add_material: { zh: '上传申请材料', en: 'Material uploaded' },
  record_visit: { zh: '登记申请人到场', en: 'In-person visit recorded' },
  complain: { zh: '申请人投诉', en: 'The applicant complained' },
  hotline_update: { zh: '12345热线办理情况', en: 'Update from the 12345 hotline' },
  add_sourced_material: { zh: '使用电子证照作为申请材料（免提交）', en: 'Material given by an e-certificate' },
  add_shared_data_material: { zh: '使用共享数据作为申请材料（免提交）', en: 'Material given by shared data' },
  reuse_material: { zh: '使用以前上传的材料', en: 'Material reused from an earlier case' },
  raise_flag: { zh: '标记异常', en: 'Flagged' },
  deadline_yellow: { zh: '期限黄灯预警', en: 'Deadline: yellow light' },
  deadline_red: { zh: '期限红灯（已逾期）', en: 'Deadline: red light (overdue)' },
};

/** A case with the caller-dependent parts: its deadlines' lights and the moves this caller may make. */
export async function present(
  k: Kernel,
  ctx: Ctx,
  core: CaseCore,
  db?: Executor,
  tracked?: readonly TrackedDeadline[],
): Promise<Case> {
  const reform = await reformPartsOf(k, db ?? k.db, ctx.now, core);
  return {
    ...core,
    deadlines: [...(await deadlinesOf(k, db ?? k.db, ctx.now, core, tracked)), ...reform.deadlines],
    actions: applicableActions(core, reform, caseLifecycle.availableActions(ctx, core.status)),
    commitment: reform.commitment,
    specialProcedure: reform.specialProcedure,
  };
}

/** `<region>-<yyyymmdd>-<00001>`: the competent region, the Shanghai date of filing, a per-region daily sequence. */
async function caseNumber(k: Kernel, tx: Executor, region: string, now: Date): Promise<string> {
  const prefix = `${region}-${shanghaiDate(now).replace(/-/g, '')}`;
  // Outside the filing transaction on PostgreSQL, so filings do not queue on the counter (kernel/db/numbers.ts).
  const n = await takeNumber(k.db, tx, (on) => nextSequence(on, prefix));
  return `${prefix}-${String(n).padStart(5, '0')}`;
}

interface Applicant {
  kind: 'person' | 'enterprise';
  name: string;
  account: string | null;
  personId: string | null;
  enterpriseId: string | null;
}

async function applicantOf(k: Kernel, ctx: Ctx, input: FileInput, tx: Executor): Promise<Applicant> {
  if (isApplicant(ctx)) {
    if (input.applicant)
      throw invalid(
        'applicant',
        'APPLICANT_NOT_ALLOWED',
        '申请人本人提交时不能指定其他申请人',
        'An applicant filing for themselves names no other applicant',
      );
    const enterprise = actingFor(ctx);
    if (enterprise) {
      const e = await enterpriseFacts(k, enterprise, tx);
      if (!e) throw notFound('企业 enterprise', enterprise);
      return { kind: 'enterprise', name: e.name, account: ctx.principal.id, personId: null, enterpriseId: e.id };
    }
    return {
      kind: 'person',
      name: ctx.principal.name,
      account: ctx.principal.id,
      personId: await linkedPersonOf(k, ctx.principal.id, tx),
      enterpriseId: null,
    };
  }
  const a = input.applicant;
  if (!a)
    throw invalid(
      'applicant',
      'APPLICANT_REQUIRED',
      '窗口代为提交时须指定申请人（已登记的自然人或企业）',
      'Filing at a window names the applicant (a registered person or enterprise)',
    );
  // Through the registry's own checks: a person or enterprise outside the clerk's jurisdiction is absent.
  if ('personId' in a) {
    const p = await getPerson(k, ctx, a.personId, tx);
    return {
      kind: 'person',
      name: p.name,
      account: await linkedAccountOf(k, p.id, tx),
      personId: p.id,
      enterpriseId: null,
    };
  }
  const e = await getEnterprise(k, ctx, a.enterpriseId, tx);
  return { kind: 'enterprise', name: e.name, account: null, personId: null, enterpriseId: e.id };
}

/**
 * The action that creates a case, by its first status: the status is derived from the actions
 * (caseLifecycle.created), so a case that starts elsewhere than `submitted` says so in its first action.
 */
export const CREATING_ACTIONS = { submitted: 'file', waiting: 'file_waiting', received: 'receive' } as const;

/** How bundles and handle-anywhere file their cases through `fileCase` (bundles.ts, anywhere.ts). */
export interface FileOptions {
  /** The first status: `waiting` (a bundle member after its prerequisites: no clock yet) or `received` (代收代办). */
  status?: 'waiting' | 'received';
  /** Handle-anywhere: the window's region, checked against the clerk's jurisdiction instead of the competent one. */
  acceptingRegion?: string;
  /** 多地联办: the regions of the other bodies doing a part (they see the case). */
  partRegions?: string[];
}

/** Files an application; see the module comment. */
export async function fileCase(
  k: Kernel,
  ctx: Ctx,
  input: FileInput,
  tx?: Executor,
  opts: FileOptions = {},
): Promise<Case> {
  requirePermission(ctx, P.file);
  orThrow(checkDivisionCode(input.region), 'region');
  const staff = !isApplicant(ctx);
  const window = staff ? requiredText('window', input.window ?? '', 100) : null;
  if (!staff && input.window)
    throw invalid('window', 'WINDOW_NOT_ALLOWED', '网上申请不填写窗口', 'An online application names no window');
  const channel: Channel = staff ? 'window' : (input.channel ?? 'online');
  return inTx(k, tx, async (t) => {
    const body = await competentBodyFor(k, { itemId: input.itemId, region: input.region, at: ctx.now }, t);
    if (!body.ok)
      throw new AppError({
        code: body.code,
        status: 409,
        field: 'itemId',
        zh: body.zh,
        en: body.en,
      });
    const b = body.body;
    if (staff) requireJurisdiction(ctx, opts.acceptingRegion ?? b.region, 'region');
    const v = await pinnedVersion(k, b.implementation.implementationId, b.implementation.version, t);
    const form = checkForm(`${v.implementationId}@${v.version}`, v.elements.form, input.form, ctx.now);
    const commitment = commitmentOf(v.item.reformMode, input.commitment);
    const { stored, masked } = protectForm(k, v.elements.form, form);
    const applicant = await applicantOf(k, ctx, input, t);
    const dept = await findDepartment(k, b.department.code, t);
    const at = ctx.now.toISOString();
    const row: CaseTable = {
      id: newId(ctx.now.getTime()),
      number: await caseNumber(k, t, b.region, ctx.now),
      status: opts.status ?? ('submitted' satisfies CaseStatus),
      version: 1,
      item_id: v.item.id,
      item_name: v.item.name,
      implementation_id: v.implementationId,
      implementation_version: v.version,
      implementation_code: v.code,
      region: b.region,
      region_name: b.regionName,
      department_code: b.department.code,
      department_name: b.department.name,
      department_kind: dept?.kind ?? b.department.code.split('-').pop()!,
      basis: b.basis,
      delegation_id: b.delegationId,
      applicant_kind: applicant.kind,
      applicant_name: applicant.name,
      applicant_account: applicant.account,
      applicant_person_id: applicant.personId,
      applicant_enterprise_id: applicant.enterpriseId,
      filed_by: ctx.principal.id,
      channel,
      window,
      form_data: stored,
      form_masked: masked,
      form_labels: fieldTitles(v.elements.form),
      promised_days: v.elements.promisedDays,
      submitted_at: at,
      accepted_at: null,
      accepted_by: null,
      decided_at: null,
      concluded_at: null,
      refusal_reason: null,
      refusal_basis: null,
      supplement_items: null,
      supplement_requested_at: null,
      supplement_requested_by: null,
      supplement_count: 0,
      decision: null,
      decision_reason: null,
      decision_basis: null,
      flags: [],
      created_at: at,
      updated_at: at,
      reform_mode: v.item.reformMode ?? null,
      handling_kind: v.elements.handlingKind,
      accepting_region: opts.acceptingRegion ?? null,
      part_regions: partRegionsColumn(opts.partRegions ?? []),
    };
    await insertCase(t, row);
    // Every deadline the new case has: shown in the answer without reading them back.
    const tracked: TrackedDeadline[] = [];
    // A bundle member waiting for its prerequisites starts its clock when it starts (lifecycle-bundles.ts).
    if (row.status !== 'waiting' && awaitsAcceptance(row.reform_mode)) {
      const d = await trackAcceptance(k, t, ctx.now, row.id, row.region);
      tracked.push(d);
      await scheduleDeemedAcceptance(k, t, ctx.now, row.id, d);
    }
    const after = toCore(k, row);
    await k.audit.record(t, ctx, {
      permission: P.file,
      action: CREATING_ACTIONS[opts.status ?? 'submitted'],
      subjectType: SUBJECT_TYPE,
      subjectId: row.id,
      ruleVersion: `${row.implementation_code}@${row.implementation_version}`,
      after,
      event: casesEvents.make('cases.case.submitted', {
        id: row.id,
        number: row.number,
        region: row.region,
        department: row.department_code,
        itemId: row.item_id,
        version: 1,
        status: row.status,
      }),
    });
    // A reform mode's automatic move (afterFiling) may track more deadlines: then they are read.
    const moved = await afterFiling(k, ctx, t, row, commitment);
    return present(k, ctx, moved ?? after, t, moved ? undefined : tracked);
  });
}

/** One case; one the caller may not see answers exactly as an absent one (404). */
export async function getCase(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<Case> {
  requirePermission(ctx, P.read);
  const row = requireVisibleCase(ctx, await findCaseView(tx ?? k.db, id), id);
  return present(k, ctx, toCore(k, row), tx);
}

/**
 * What the applicant filled in on one of their own cases (protected fields decrypted), to file again from it — e.g. a
 * certificate's renewal (延续) prefilled from the case that issued it. Staff, and anyone else, get 404.
 */
export async function ownCaseForm(
  k: Kernel,
  ctx: Ctx,
  id: string,
  tx?: Executor,
): Promise<{ itemId: string; region: string; form: Record<string, unknown> }> {
  requirePermission(ctx, P.read);
  const row = requireVisibleCase(ctx, await findCaseRow(tx ?? k.db, id), id);
  if (!isApplicant(ctx)) throw notFound('办件 case', id, 'params.id');
  const v = await getImplementationVersion(k, row.implementation_id, Number(row.implementation_version), tx);
  return { itemId: row.item_id, region: row.region, form: revealForm(k, v.elements.form, row.form_data) };
}

/** The caller's cases (an applicant's own, or those in a staff member's jurisdiction), newest first. */
export async function listCases(
  k: Kernel,
  ctx: Ctx,
  f: { status?: CaseStatus; before?: string | null; limit: number },
): Promise<Case[]> {
  requirePermission(ctx, P.read);
  const rows = await listCaseRows(k.db, listScope(ctx), f);
  return Promise.all(rows.map((r) => present(k, ctx, toCore(k, r))));
}

/** Moves a case by `action`, guarded by the version the caller read. */
export async function moveCase(
  k: Kernel,
  ctx: Ctx,
  id: string,
  action: CaseAction,
  input: { version: number; reason?: string | null; data?: Record<string, unknown> },
  tx?: Executor,
): Promise<Case> {
  return inTx(k, tx, async (t) => present(k, ctx, await caseLifecycle.transition(k, ctx, id, action, input, t), t));
}

/** Who did what on a case, when and why, oldest first (from the action log). */
export async function caseTimeline(k: Kernel, ctx: Ctx, id: string): Promise<TimelineEntry[]> {
  requirePermission(ctx, P.read);
  const row = requireVisibleCase(ctx, await findCaseRow(k.db, id), id);
  const actions = await actionsOf(k.db, SUBJECT_TYPE, id);
  const names = await accountNames(
    k.db,
    actions.map((a) => a.actorId),
  );
  const labels = caseLifecycle.def.actions as Record<string, { label: { zh: string; en: string } }>;
  const entries = actions.map((a) => ({
    at: a.at,
    action: a.action,
    label: OTHER_LABELS[a.action] ?? labels[a.action]?.label ?? { zh: a.action, en: a.action },
    actor: { name: names.get(a.actorId) ?? (a.actorId === 'system' ? '系统' : '—'), role: a.actorRole },
    // Shown as the enterprise's name, never its id; staff acting on their own account have none.
    onBehalfOf:
      a.onBehalfOf && row.applicant_enterprise_id && a.onBehalfOf === `enterprise:${row.applicant_enterprise_id}`
        ? row.applicant_name
        : null,
    reason: a.reason,
  }));
  return withProcedureDetails(k.db, id, entries);
}
