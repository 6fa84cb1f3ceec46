/**
 * A record's lifecycle: open → closed (with a reason) → reopened. The kernel's `defineLifecycle` runs every move
 * through one pipeline; src/modules/inspections/lifecycles.md draws it (npm run module-docs).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inJurisdiction } from '../../kernel/context.ts';
import { notFound } from '../../kernel/errors.ts';
import { versionedStatusRows } from '../../kernel/db/versioned.ts';
import { defineLifecycle, type Step } from '../../kernel/lifecycle.ts';
import { inspectionsPermissions } from './permissions.ts';
import { findRecordRow, toRecord } from './repository.ts';
import { RECORD_STATUSES, STATUS_LABELS, type RecordInspections } from './model.ts';
import type { InspectionsRecordTable } from './tables.ts';

type Patch = Partial<InspectionsRecordTable>;

export const recordLifecycle = defineLifecycle({
  subjectType: 'inspections.record',
  states: RECORD_STATUSES,
  created: { create: 'open' }, // the action service.ts records when it creates a record
  stateLabels: STATUS_LABELS,
  actions: {
    close: {
      from: ['open'],
      to: 'closed',
      permission: inspectionsPermissions.manage,
      needsReason: true,
      label: { zh: '办结', en: 'Close' },
      event: 'inspections.record.closed',
      effect: (s: Step<InspectionsRecordTable>): Patch => ({ closed_at: s.ctx.now.toISOString() }),
    },
    reopen: {
      from: ['closed'],
      to: 'open',
      permission: inspectionsPermissions.manage,
      needsReason: true,
      label: { zh: '重新打开', en: 'Reopen' },
      event: 'inspections.record.reopened',
      effect: (): Patch => ({ closed_at: null }),
    },
  },
  store: {
    load: async (k: Kernel, tx, id) => {
      const row = await findRecordRow(tx, id);
      if (!row) throw notFound('记录 record', id, 'params.id');
      return row;
    },
    // Outside the caller's jurisdiction answers exactly as absent.
    authorize: async (_k, ctx, _tx, row) => {
      if (!inJurisdiction(ctx, row.region)) throw notFound('记录 record', row.id, 'params.id');
    },
    // status, version, the optimistic save and the status page (for `onewindow audit verify`), from the table
    ...versionedStatusRows<'inspections_records', InspectionsRecordTable>('inspections_records'),
    view: (_k: Kernel, row: InspectionsRecordTable): RecordInspections => toRecord(row),
    eventPayload: (_action, row, after) => ({
      id: row.id,
      region: row.region,
      version: after.version,
      status: after.status,
    }),
  },
});
