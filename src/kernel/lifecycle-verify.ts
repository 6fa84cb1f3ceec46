/**
 * Statuses are derived from the action log: a subject's stored status is only a projection of its action rows, kept
 * for fast reads. This check replays every subject's actions through its lifecycle (`Lifecycle.replay`) and reports
 * where the projection and the log disagree — a status edited in place, a move that could not have happened, a
 * subject with no record of its creation. `onewindow audit verify` runs it after the chain check (which proves the
 * action rows themselves untouched).
 */
import type { Executor } from './db/types.ts';
import type { AnyLifecycle } from './lifecycle.ts';
import './db/kernel-tables.ts';

export type StatusProblemKind = 'status_mismatch' | 'impossible_sequence' | 'no_creation';

export interface StatusProblem {
  subjectType: string;
  subjectId: string;
  kind: StatusProblemKind;
  /** The stored status. */
  stored: string;
  /** What the action rows lead to (null when they do not form a possible history). */
  derived: string | null;
  detail: string;
}

export interface StatusReport {
  /** Subjects checked per subject type. */
  checked: Record<string, number>;
  problems: StatusProblem[];
}

const PAGE = 500;

export async function verifyLifecycleStatuses(
  db: Executor,
  lifecycles: readonly AnyLifecycle[],
): Promise<StatusReport> {
  const report: StatusReport = { checked: {}, problems: [] };
  for (const l of lifecycles) {
    const type = l.def.subjectType;
    report.checked[type] = 0;
    for (let after = ''; ;) {
      const page = await l.def.store.statusPage(db, after, PAGE);
      if (page.length === 0) break;
      const rows = await db
        .selectFrom('kernel_actions')
        .select(['subject_id', 'action', 'position'])
        .where('subject_type', '=', type)
        .where(
          'subject_id',
          'in',
          page.map((p) => p.id),
        )
        .execute();
      const bySubject = new Map<string, Array<{ action: string; position: number }>>();
      for (const r of rows) {
        const list = bySubject.get(r.subject_id) ?? [];
        list.push({ action: r.action, position: Number(r.position) });
        bySubject.set(r.subject_id, list);
      }
      for (const { id, status } of page) {
        const actions = (bySubject.get(id) ?? []).sort((a, b) => a.position - b.position).map((a) => a.action);
        const problem = check(l, type, id, status, actions);
        if (problem) report.problems.push(problem);
      }
      report.checked[type] += page.length;
      after = page[page.length - 1].id;
    }
  }
  return report;
}

function check(
  l: AnyLifecycle,
  subjectType: string,
  subjectId: string,
  stored: string,
  actions: string[],
): StatusProblem | null {
  const r = l.replay(actions);
  const at = { subjectType, subjectId, stored };
  if (!r.ok) {
    if (r.from === null && !(r.action in l.def.created))
      return {
        ...at,
        kind: 'no_creation',
        derived: null,
        detail: `no creating action (${Object.keys(l.def.created).join(', ')}) precedes ${r.action || 'the end of its actions'}`,
      };
    return {
      ...at,
      kind: 'impossible_sequence',
      derived: null,
      detail: `action #${r.index + 1} ${r.action} cannot follow state ${r.from}`,
    };
  }
  if (r.status !== stored)
    return {
      ...at,
      kind: 'status_mismatch',
      derived: r.status,
      detail: `stored ${stored}, its actions lead to ${r.status}`,
    };
  return null;
}

export function formatStatusReport(r: StatusReport): string {
  const counts = Object.entries(r.checked)
    .map(([t, n]) => `${n} ${t}`)
    .join(', ');
  if (r.problems.length === 0) return `statuses: OK — ${counts || 'no lifecycles'} agree with their action rows`;
  return [
    `statuses: ${r.problems.length} problem(s) among ${counts}`,
    ...r.problems.slice(0, 50).map((p) => `  ${p.kind} ${p.subjectType} ${p.subjectId}: ${p.detail}`),
    ...(r.problems.length > 50 ? [`  … and ${r.problems.length - 50} more`] : []),
  ].join('\n');
}
