/**
 * The catalog's per-county delegation report (放权赋能承接情况) counts cases through this source, installed at
 * start-up (`useDelegationFigures`): for each county and delegation on a report page, the cases filed with that
 * delegation (`delegation_id`, pinned at filing by `competentBodyFor`) and the county as the competent region, those
 * decided, and those decided by their decision deadline (the kernel calendar's tracked `decision`, as e-supervision
 * counts on time). Read-only, over the cases' own rows; the catalog never reads them.
 */
import type { DelegationFigures, DelegationFiguresSource } from '../catalog/index.ts';
import { SUBJECT_TYPE } from './deadlines.ts';

const CHUNK = 500;

export const delegationFiguresFromCases: DelegationFiguresSource = {
  async figures(k, rows) {
    const out = new Map<string, DelegationFigures>();
    const ids = [...new Set(rows.map((r) => r.delegationId))];
    const wanted = new Set(rows.map((r) => `${r.county}:${r.delegationId}`));
    for (let i = 0; i < ids.length; i += CHUNK) {
      const counts = await k.db
        .selectFrom('cases_cases')
        .select((eb) => ['region', 'delegation_id', eb.fn.countAll<number>().as('n')])
        .where('delegation_id', 'in', ids.slice(i, i + CHUNK))
        .groupBy(['region', 'delegation_id'])
        .execute();
      for (const c of counts) {
        const key = `${c.region}:${c.delegation_id}`;
        if (wanted.has(key)) out.set(key, { volume: Number(c.n), decided: 0, onTime: 0 });
      }
      const decided = await k.db
        .selectFrom('cases_cases')
        .select(['id', 'region', 'delegation_id', 'decided_at'])
        .where('delegation_id', 'in', ids.slice(i, i + CHUNK))
        .where('decided_at', 'is not', null)
        .execute();
      const due = new Map<string, string>();
      for (let j = 0; j < decided.length; j += CHUNK)
        for (const d of await k.calendar.getTrackedMany(
          k.db,
          SUBJECT_TYPE,
          decided.slice(j, j + CHUNK).map((x) => x.id),
        ))
          if (d.purpose === 'decision' && d.dueAt) due.set(d.subjectId, d.dueAt);
      for (const d of decided) {
        const f = out.get(`${d.region}:${d.delegation_id}`);
        if (!f) continue;
        f.decided++;
        const at = due.get(d.id);
        if (at && d.decided_at! <= at) f.onTime++;
      }
    }
    return out;
  },
};
