/**
 * `onewindow audit verify`'s check of the published draw records: each drawn task's record hashes to its stored
 * `record_digest`, and that digest is the one its `seal` action committed to the audit chain (the action's
 * afterDigest). An edited record (or digest) is named by task id.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { actionsOfMany } from '../../kernel/audit.ts';
import type { StoredCheck, StoredProblem } from '../module.ts';
import { recordDigest } from './draw/engine.ts';
import type { DrawRecord } from './draw/record.ts';
import { TASK_SUBJECT } from './tasks.ts';

export async function verifyDrawRecords(k: Kernel): Promise<StoredCheck> {
  const problems: StoredProblem[] = [];
  let checked = 0;
  let after = '';
  for (;;) {
    const rows = await k.db
      .selectFrom('inspections_tasks')
      .select(['id', 'record', 'record_digest'])
      .where('record', 'is not', null)
      .where('id', '>', after)
      .orderBy('id')
      .limit(500)
      .execute();
    const actions = await actionsOfMany(
      k.db,
      TASK_SUBJECT,
      rows.map((r) => r.id),
    );
    for (const r of rows) {
      checked++;
      const seal = actions
        .get(r.id)
        ?.filter((a) => a.action === 'seal')
        .at(-1);
      const digest = recordDigest(r.record as DrawRecord);
      const problem = (detail: string) =>
        problems.push({ subjectType: TASK_SUBJECT, subjectId: r.id, kind: 'altered', detail });
      if (!seal) problem('a drawn task without the seal action that commits its record to the audit chain');
      else if (digest !== seal.afterDigest)
        problem(
          `the published draw record hashes to ${digest}; the seal action (chain ${seal.chain} position ${seal.position}) sealed ${seal.afterDigest}`,
        );
      else if (r.record_digest !== digest)
        problem(`the stored record digest ${r.record_digest} is not the record's ${digest}`);
    }
    if (rows.length < 500) break;
    after = rows[rows.length - 1].id;
  }
  return { checked: { [TASK_SUBJECT]: checked }, problems };
}
