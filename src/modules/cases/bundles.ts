/**
 * Bundles applied for (一件事一次办): one form, one submission against a published bundle version → a parent (the
 * bundle application) and one child case per member implementation, each filed through `fileCase` at the body
 * `competentBodyFor` names for the applicant's region, so each has its own department, number and deadlines. Members
 * that depend on others are filed `waiting` and started by the system when their prerequisites are granted
 * (bundle-progress.ts); the rest start at once, in parallel. All in one transaction.
 *
 * A bundle version whose member implementation published a newer version since (drift, catalog `bundleDrift`) is
 * refused (409 BUNDLE_DRIFTED) until the bundle is republished; so is a superseded or retired bundle version.
 *
 * The parent's status is rolled up from its children on read (in_progress, granted, partially_granted, denied,
 * withdrawn); when the last member ends, one combined notice listing each member's result is stored.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { takeNumber } from '../../kernel/db/numbers.ts';
import { inJurisdiction, requirePermission, systemCtx, type Ctx } from '../../kernel/context.ts';
import { AppError, notFound, orThrow } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { checkDivisionCode, fullName, subtreePrefix } from '../../kernel/reference/divisions.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import {
  bundleDrift,
  competentBodyFor,
  getBundleVersion,
  getImplementationVersion,
  listBundles,
} from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import { fileCase, type FileInput } from './service.ts';
import { findCaseRow, nextSequence } from './repository.ts';
import { actingFor, canSee, isApplicant } from './access.ts';
import { checkForm } from './form.ts';
import { memberForm } from './bundle-form.ts';
import { caseLifecycle } from './lifecycle.ts';
import type { CaseTable } from './tables.ts';
import type { BundleApplicationTable, BundleMemberCaseTable } from './tables-bundles.ts';

export const BUNDLE_SUBJECT = 'cases.bundle';

export const BUNDLE_STATUSES = ['in_progress', 'granted', 'partially_granted', 'denied', 'withdrawn'] as const;
export type BundleStatus = (typeof BUNDLE_STATUSES)[number];

/** A member's result as the parent shows it; all but `waiting` and `in_progress` are final. */
export const MEMBER_RESULTS = [
  'waiting',
  'in_progress',
  'granted',
  'denied',
  'refused',
  'withdrawn',
  'not_started',
] as const;
export type MemberResult = (typeof MEMBER_RESULTS)[number];

export const RESULT_LABELS: Record<MemberResult, { zh: string; en: string }> = {
  waiting: { zh: '等待前置事项', en: 'Waiting for prerequisites' },
  in_progress: { zh: '办理中', en: 'In progress' },
  granted: { zh: '准予许可', en: 'Granted' },
  denied: { zh: '不予许可', en: 'Denied' },
  refused: { zh: '不予受理', en: 'Refused' },
  withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  not_started: { zh: '未启动（前置事项未获准予）', en: 'Not started (a prerequisite was not granted)' },
};

export interface BundleApplyInput {
  bundleId: string;
  version: number;
  /** Where the application is made: picks each member's competent body. */
  region: string;
  /** The bundle's one form (its merged JSON Schema). */
  form: unknown;
  applicant?: FileInput['applicant'];
  window?: string | null;
  channel?: 'online' | 'mobile';
}

export interface BundleMemberView {
  key: string;
  itemName: string;
  stage: number;
  dependsOn: string[];
  case: {
    id: string;
    number: string;
    status: string;
    version: number;
    region: string;
    regionName: string;
    department: { code: string; name: string };
  };
  result: MemberResult;
  reason: string | null;
  legalBasis: string | null;
}

export interface CombinedNotice {
  issuedAt: string;
  outcome: BundleStatus;
  text: { zh: string; en: string };
  items: Array<{ key: string; itemName: string; department: string; result: MemberResult; reason: string | null }>;
}

export interface BundleApplication {
  id: string;
  number: string;
  version: number;
  bundle: { id: string; version: number; code: string; name: string };
  region: string;
  regionName: string;
  applicant: { kind: 'person' | 'enterprise'; name: string };
  channel: string;
  window: string | null;
  status: BundleStatus;
  members: BundleMemberView[];
  notice: CombinedNotice | null;
  submittedAt: string;
  concludedAt: string | null;
}

const conflict = (code: string, field: string, zh: string, en: string, details?: unknown) =>
  new AppError({ code, status: 409, field, zh, en, details });

export function resultOf(c: Pick<CaseTable, 'status' | 'decision'>): MemberResult {
  if (c.decision === 'granted') return 'granted';
  if (c.decision === 'denied') return 'denied';
  if (c.status === 'refused' || c.status === 'withdrawn' || c.status === 'not_started' || c.status === 'waiting')
    return c.status;
  return 'in_progress';
}

export const isFinal = (r: MemberResult) => r !== 'waiting' && r !== 'in_progress';

/** The parent's status from its members' results. */
export function rollUp(results: MemberResult[]): BundleStatus {
  if (!results.every(isFinal)) return 'in_progress';
  if (results.every((r) => r === 'withdrawn')) return 'withdrawn';
  const granted = results.filter((r) => r === 'granted').length;
  if (granted === results.length) return 'granted';
  return granted === 0 ? 'denied' : 'partially_granted';
}

/** `<region>-<yyyymmdd>-Y<0001>`: like case numbers, with its own daily sequence (Y for 一件事). */
async function applicationNumber(k: Kernel, tx: Executor, region: string, now: Date): Promise<string> {
  const prefix = `${region}-${shanghaiDate(now).replace(/-/g, '')}`;
  const n = await takeNumber(k.db, tx, (on) => nextSequence(on, `Y:${prefix}`));
  return `${prefix}-Y${String(n).padStart(4, '0')}`;
}

/** Applies for a published bundle version; see the module comment. */
export async function applyForBundle(
  k: Kernel,
  ctx: Ctx,
  input: BundleApplyInput,
  tx?: Executor,
): Promise<BundleApplication> {
  requirePermission(ctx, P.file);
  orThrow(checkDivisionCode(input.region), 'region');
  return inTx(k, tx, async (t) => {
    const v = await getBundleVersion(k, input.bundleId, input.version, t);
    if (v.status !== 'published')
      throw conflict(
        'BUNDLE_VERSION_NOT_CURRENT',
        'version',
        `“${v.name}”第 ${v.version} 版已不是现行版本，请按现行版本申请`,
        `Version ${v.version} of “${v.name}” is no longer the one in force; apply to the current version`,
        { status: v.status },
      );
    const drift = await bundleDrift(k, v.members, t);
    if (drift.length)
      throw conflict(
        'BUNDLE_DRIFTED',
        'version',
        `“${v.name}”的成员事项已重新发布（${drift.map((d) => d.key).join('、')}），该一件事须重新发布后才能申请`,
        `Members of “${v.name}” were republished (${drift.map((d) => d.key).join(', ')}); the bundle must be republished before anyone applies`,
        { members: drift },
      );
    const answers = checkForm(`bundle:${v.bundleId}@${v.version}`, v.form.schema, input.form, ctx.now);
    const children: CaseTable[] = [];
    for (const m of v.members) {
      const body = await competentBodyFor(k, { itemId: m.itemId, region: input.region, at: ctx.now }, t);
      if (!body.ok)
        throw conflict(body.code, `members.${m.key}`, `${m.itemName}：${body.zh}`, `${m.itemName}: ${body.en}`);
      const iv = await getImplementationVersion(
        k,
        body.body.implementation.implementationId,
        body.body.implementation.version,
        t,
      );
      const filed = await fileCase(
        k,
        ctx,
        {
          itemId: m.itemId,
          region: input.region,
          form: memberForm(m.key, iv.elements.form, answers),
          applicant: input.applicant,
          window: input.window,
          channel: input.channel,
        },
        t,
        { status: m.dependsOn.length ? 'waiting' : undefined },
      );
      children.push((await findCaseRow(t, filed.id))!);
    }
    const first = children[0];
    const at = ctx.now.toISOString();
    const row: BundleApplicationTable = {
      id: newId(ctx.now.getTime()),
      number: await applicationNumber(k, t, input.region, ctx.now),
      version: 1,
      bundle_id: v.bundleId,
      bundle_version: v.version,
      bundle_code: v.code,
      bundle_name: v.name,
      region: input.region,
      applicant_kind: first.applicant_kind,
      applicant_name: first.applicant_name,
      applicant_account: first.applicant_account,
      applicant_person_id: first.applicant_person_id,
      applicant_enterprise_id: first.applicant_enterprise_id,
      filed_by: ctx.principal.id,
      channel: first.channel,
      window: first.window,
      notice: null,
      concluded_at: null,
      created_at: at,
      updated_at: at,
    };
    await t.insertInto('cases_bundle_applications').values(row).execute();
    const links: BundleMemberCaseTable[] = v.members.map((m, i) => ({
      application_id: row.id,
      member_key: m.key,
      case_id: children[i].id,
      stage: m.stage,
      depends_on: m.dependsOn,
      position: i,
    }));
    await t.insertInto('cases_bundle_members').values(links).execute();
    const view = toApplication(row, links, children);
    await k.audit.record(t, ctx, {
      permission: P.file,
      action: 'file',
      subjectType: BUNDLE_SUBJECT,
      subjectId: row.id,
      ruleVersion: `${v.code}@${v.version}`,
      after: view,
      event: casesEvents.make('cases.bundle.submitted', {
        id: row.id,
        number: row.number,
        bundleId: v.bundleId,
        bundleVersion: v.version,
        region: row.region,
        cases: children.map((c) => c.id),
      }),
    });
    return view;
  });
}

export function toApplication(
  row: BundleApplicationTable,
  links: BundleMemberCaseTable[],
  cases: CaseTable[],
): BundleApplication {
  const byId = new Map(cases.map((c) => [c.id, c]));
  const members = [...links]
    .sort((a, b) => Number(a.position) - Number(b.position))
    .map((l): BundleMemberView => {
      const c = byId.get(l.case_id)!;
      const result = resultOf(c);
      return {
        key: l.member_key,
        itemName: c.item_name,
        stage: Number(l.stage),
        dependsOn: l.depends_on,
        case: {
          id: c.id,
          number: c.number,
          status: c.status,
          version: Number(c.version),
          region: c.region,
          regionName: c.region_name,
          department: { code: c.department_code, name: c.department_name },
        },
        result,
        reason: result === 'refused' ? c.refusal_reason : c.decision_reason,
        legalBasis: result === 'refused' ? c.refusal_basis : c.decision_basis,
      };
    });
  return {
    id: row.id,
    number: row.number,
    version: Number(row.version),
    bundle: { id: row.bundle_id, version: Number(row.bundle_version), code: row.bundle_code, name: row.bundle_name },
    region: row.region,
    regionName: fullName(row.region) ?? row.region,
    applicant: { kind: row.applicant_kind as 'person' | 'enterprise', name: row.applicant_name },
    channel: row.channel,
    window: row.window,
    status: rollUp(members.map((m) => m.result)),
    members,
    notice: (row.notice as CombinedNotice | null) ?? null,
    submittedAt: row.created_at,
    concludedAt: row.concluded_at,
  };
}

/** The parent with its member links and child case rows. */
export async function loadApplication(
  db: Executor,
  id: string,
): Promise<{ row: BundleApplicationTable; links: BundleMemberCaseTable[]; cases: CaseTable[] } | undefined> {
  const row = await db.selectFrom('cases_bundle_applications').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return undefined;
  const links = await db.selectFrom('cases_bundle_members').selectAll().where('application_id', '=', id).execute();
  const cases = links.length
    ? await db
        .selectFrom('cases_cases')
        .selectAll()
        .where(
          'id',
          'in',
          links.map((l) => l.case_id),
        )
        .execute()
    : [];
  return { row, links, cases };
}

/** An applicant sees their own; staff see it when its region or one of its members' lies in their jurisdiction. */
function canSeeApplication(ctx: Ctx, row: BundleApplicationTable, cases: CaseTable[]): boolean {
  if (isApplicant(ctx)) {
    const enterprise = actingFor(ctx);
    if (enterprise) return row.applicant_enterprise_id === enterprise;
    return row.applicant_kind === 'person' && row.applicant_account === ctx.principal.id;
  }
  if (ctx.principal.kind === 'anonymous') return false;
  return inJurisdiction(ctx, row.region) || cases.some((c) => canSee(ctx, c));
}

const absent = (id: string) => notFound('一件事申请 bundle application', id, 'params.id');

/** One bundle application; one the caller may not see answers exactly as an absent one (404). */
export async function getBundleApplication(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<BundleApplication> {
  requirePermission(ctx, P.read);
  const loaded = await loadApplication(tx ?? k.db, id);
  if (!loaded || !canSeeApplication(ctx, loaded.row, loaded.cases)) throw absent(id);
  return toApplication(loaded.row, loaded.links, loaded.cases);
}

/** The caller's bundle applications (an applicant's own, or those made in a staff member's jurisdiction), newest first. */
export async function listBundleApplications(
  k: Kernel,
  ctx: Ctx,
  f: { before?: string | null; limit: number },
): Promise<BundleApplication[]> {
  requirePermission(ctx, P.read);
  let q = k.db.selectFrom('cases_bundle_applications').select('id').orderBy('id', 'desc').limit(f.limit);
  if (isApplicant(ctx)) {
    const enterprise = actingFor(ctx);
    q = enterprise
      ? q.where('applicant_enterprise_id', '=', enterprise)
      : q.where('applicant_account', '=', ctx.principal.id).where('applicant_kind', '=', 'person');
  } else if (ctx.principal.kind !== 'system' && ctx.principal.region)
    q = q.where('region', 'like', `${subtreePrefix(ctx.principal.region)}%`);
  if (f.before) q = q.where('id', '<', f.before);
  const out: BundleApplication[] = [];
  for (const { id } of await q.execute()) {
    const l = (await loadApplication(k.db, id))!;
    out.push(toApplication(l.row, l.links, l.cases));
  }
  return out;
}

export interface BundleOffer {
  bundleId: string;
  version: number;
  code: string;
  name: string;
  lifeEvent: string;
  region: string;
  regionName: string;
  memberCount: number;
  promisedDays: number;
  /** The members, in order, by item name (what an applicant recognizes). */
  members: string[];
}

/**
 * The bundles one may apply for now: each bundle's version in force (published bundles are public record, so the
 * catalog is read as the system; retired ones and those never published are left out), by name.
 */
export async function bundleOffers(k: Kernel, ctx: Ctx): Promise<BundleOffer[]> {
  requirePermission(ctx, P.file);
  const heads = await listBundles(k, systemCtx(ctx.now), { limit: 200 });
  const out: BundleOffer[] = [];
  for (const h of heads) {
    if (h.publishedVersion === null || h.status === 'retired') continue;
    const v = await getBundleVersion(k, h.id, h.publishedVersion);
    out.push({
      bundleId: v.bundleId,
      version: v.version,
      code: v.code,
      name: v.name,
      lifeEvent: v.lifeEvent,
      region: v.region,
      regionName: v.regionName,
      memberCount: v.summary.memberCount,
      promisedDays: v.summary.promisedDays,
      members: v.members.map((m) => m.itemName),
    });
  }
  return out.sort((a, b) => a.name.localeCompare(b.name, 'zh-CN'));
}

/**
 * Withdraws a whole bundle application (the applicant): every member not yet decided is withdrawn by the ordinary
 * `withdraw` move, with the same reason, in one transaction; decided members keep their results. A second call
 * finds nothing left to withdraw and changes nothing.
 */
export async function withdrawBundleApplication(
  k: Kernel,
  ctx: Ctx,
  id: string,
  input: { reason: string },
  tx?: Executor,
): Promise<BundleApplication> {
  requirePermission(ctx, P.withdraw);
  return inTx(k, tx, async (t) => {
    const a = await getBundleApplication(k, ctx, id, t);
    for (const m of a.members) {
      if (!caseLifecycle.allowedFrom(m.case.status).includes('withdraw')) continue;
      await caseLifecycle.transition(
        k,
        ctx,
        m.case.id,
        'withdraw',
        { version: m.case.version, reason: input.reason },
        t,
      );
    }
    return getBundleApplication(k, ctx, id, t);
  });
}
