/**
 * A case's status is derived from its action rows: the stored status is a projection that `onewindow audit verify`
 * holds to them (src/kernel/lifecycle-verify.ts). Driven through the API, then tampered with underneath.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { verifyLifecycleStatuses } from '../../kernel/lifecycle-verify.ts';
import { MODULES } from '../index.ts';
import { FILLED, publishedItem } from './test-fixtures.ts';

const dialects = await testDialects();
const lifecycles = MODULES.flatMap((m) => m.lifecycles ?? []);

for (const dialect of dialects) {
  test(`[${dialect}] stored statuses agree with the action log; an edited status or an impossible history is reported`, async () => {
    const t = await testApp(dialect);
    try {
      const { itemId } = await publishedItem(t);
      const citizen = await t.login('citizen.demo');
      const clerk = await t.login('clerk.jinshui');
      const reviewer = await t.login('reviewer.zhengzhou');
      const file = async () => {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/cases',
          headers: citizen,
          payload: { itemId, region: '410105', form: FILLED },
        });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id as string;
      };
      const move = async (h: Record<string, string>, id: string, action: string, version: number) => {
        const r = await t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/${id}/${action}`,
          headers: h,
          payload: { version },
        });
        assert.equal(r.statusCode, 200, r.body);
      };
      const reviewed = await file();
      await move(clerk, reviewed, 'accept', 1);
      await move(reviewer, reviewed, 'start_review', 2);
      const untouched = await file();

      const clean = await verifyLifecycleStatuses(t.k.db, lifecycles);
      assert.deepEqual(clean.problems, []);
      assert.equal(clean.checked['cases.case'], 2);
      assert.ok(clean.checked['catalog.implementation'] >= 1); // the published implementation the cases pin

      // Someone sets a status in place: the projection no longer follows from the actions.
      await t.k.db.updateTable('cases_cases').set({ status: 'granted' }).where('id', '=', reviewed).execute();
      // Someone rewrites an action's name: the history becomes impossible (a grant straight after filing).
      await t.k.db
        .updateTable('kernel_actions')
        .set({ action: 'grant' })
        .where('subject_id', '=', untouched)
        .where('action', '=', 'file')
        .execute();
      const bad = await verifyLifecycleStatuses(t.k.db, lifecycles);
      const found = bad.problems.map((p) => [p.subjectId, p.kind, p.stored, p.derived]);
      assert.deepEqual(
        found.sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
        [
          [reviewed, 'status_mismatch', 'granted', 'under_review'],
          [untouched, 'no_creation', 'submitted', null],
        ].sort((x, y) => String(x[0]).localeCompare(String(y[0]))),
      );
    } finally {
      await t.close({ tampered: true });
    }
  });
}
