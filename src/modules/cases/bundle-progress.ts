/**
 * Moving a bundle on when one of its members ends (a subscriber, so each member's decision stays its own
 * transaction): a waiting member whose prerequisites are all granted starts (`start_member`), one with a prerequisite
 * that ended otherwise is stopped (`stop_member`) — repeated until nothing changes, since a stop may settle another
 * member's fate — and once every member has ended, the one combined notice (合并告知) is stored on the parent with
 * its action, chain link and `cases.bundle.concluded`. Delivered at least once: every step checks the current state,
 * so a second delivery changes nothing.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { systemCtx, type Ctx } from '../../kernel/context.ts';
import type { Subscriber } from '../../kernel/subscribers.ts';
import { tryUpdateVersioned } from '../../kernel/db/versioned.ts';
import { caseLifecycle } from './lifecycle.ts';
import { casesPermissions as P } from './permissions.ts';
import { casesEvents } from './events.ts';
import {
  BUNDLE_SUBJECT,
  RESULT_LABELS,
  isFinal,
  loadApplication,
  resultOf,
  toApplication,
  type BundleApplication,
  type CombinedNotice,
} from './bundles.ts';

/** The events after which a member may have ended. */
const ENDINGS = [
  'cases.case.granted',
  'cases.case.denied',
  'cases.case.refused',
  'cases.case.withdrawn',
  'cases.case.member_not_started',
] as const;

const OUTCOME_LABELS = {
  granted: { zh: '全部准予', en: 'all granted' },
  partially_granted: { zh: '部分准予', en: 'partially granted' },
  denied: { zh: '均未准予', en: 'none granted' },
  withdrawn: { zh: '已撤回', en: 'withdrawn' },
  in_progress: { zh: '办理中', en: 'in progress' },
} as const;

/** The combined notice: one line per member with its result and, when not granted, the reason. */
export function combinedNotice(a: BundleApplication, now: Date): CombinedNotice {
  const line = (lang: 'zh' | 'en') =>
    a.members.map((m, i) => {
      const r = RESULT_LABELS[m.result][lang];
      const why = m.reason ? (lang === 'zh' ? `（理由：${m.reason}）` : ` (reason: ${m.reason})`) : '';
      return `${i + 1}. ${m.itemName} — ${m.case.department.name}：${r}${why}`;
    });
  const outcome = OUTCOME_LABELS[a.status];
  return {
    issuedAt: now.toISOString(),
    outcome: a.status,
    text: {
      zh: [`“${a.bundle.name}”（申请编号 ${a.number}）办理结果：${outcome.zh}。`, ...line('zh')].join('\n'),
      en: [`“${a.bundle.name}” (application ${a.number}): ${outcome.en}.`, ...line('en')].join('\n'),
    },
    items: a.members.map((m) => ({
      key: m.key,
      itemName: m.itemName,
      department: m.case.department.name,
      result: m.result,
      reason: m.reason,
    })),
  };
}

/** Starts or stops waiting members until nothing changes. */
async function settleMembers(k: Kernel, ctx: Ctx, tx: Executor, applicationId: string): Promise<void> {
  for (;;) {
    const l = (await loadApplication(tx, applicationId))!;
    const byKey = new Map(l.links.map((x) => [x.member_key, l.cases.find((c) => c.id === x.case_id)!]));
    let moved = false;
    for (const link of l.links) {
      const c = byKey.get(link.member_key)!;
      if (c.status !== 'waiting') continue;
      const deps = link.depends_on.map((d) => resultOf(byKey.get(d)!));
      const failed = link.depends_on.filter((_, i) => isFinal(deps[i]) && deps[i] !== 'granted');
      const input = { version: Number(c.version), reason: '' };
      if (failed.length) {
        input.reason = `前置事项未获准予：${failed.map((d) => byKey.get(d)!.item_name).join('、')}`;
        await caseLifecycle.transition(k, ctx, c.id, 'stop_member', input, tx);
      } else if (deps.every((r) => r === 'granted')) {
        input.reason = `前置事项均已准予：${link.depends_on.map((d) => byKey.get(d)!.item_name).join('、')}`;
        await caseLifecycle.transition(k, ctx, c.id, 'start_member', input, tx);
      } else continue;
      moved = true;
    }
    if (!moved) return;
  }
}

/** Stores the combined notice once every member has ended (once: guarded by the parent's version and notice). */
async function issueNotice(k: Kernel, ctx: Ctx, tx: Executor, applicationId: string): Promise<void> {
  const l = (await loadApplication(tx, applicationId))!;
  const before = toApplication(l.row, l.links, l.cases);
  if (l.row.notice || before.status === 'in_progress') return;
  const notice = combinedNotice(before, ctx.now);
  const version = Number(l.row.version);
  const at = ctx.now.toISOString();
  if (
    !(await tryUpdateVersioned(tx, 'cases_bundle_applications', l.row.id, version, {
      notice: notice as unknown as Record<string, unknown>,
      concluded_at: at,
      updated_at: at,
    }))
  )
    return;
  const after = { ...before, version: version + 1, notice, concludedAt: at };
  await k.audit.record(tx, ctx, {
    permission: P.start_member,
    action: 'notify',
    subjectType: BUNDLE_SUBJECT,
    subjectId: l.row.id,
    reason: notice.text.zh.split('\n')[0],
    ruleVersion: `${l.row.bundle_code}@${l.row.bundle_version}`,
    before,
    after,
    event: casesEvents.make('cases.bundle.concluded', {
      id: l.row.id,
      number: l.row.number,
      outcome: notice.outcome,
      granted: notice.items.filter((i) => i.result === 'granted').length,
      members: notice.items.length,
    }),
  });
}

export const bundleProgress: Subscriber = {
  name: 'cases.bundle_progress',
  events: ENDINGS,
  async handle(k, event, tx) {
    const caseId = (event.payload as { id?: string }).id;
    if (!caseId) return;
    const link = await tx
      .selectFrom('cases_bundle_members')
      .select('application_id')
      .where('case_id', '=', caseId)
      .executeTakeFirst();
    if (!link) return;
    const ctx = systemCtx(k.clock.now());
    await settleMembers(k, ctx, tx, link.application_id);
    await issueNotice(k, ctx, tx, link.application_id);
  },
};
