/**
 * A staff member's look at a case's shared-data material, logged for the data subject in `cases_data_reads` (who,
 * when, what, which case) — once per reader, case and data source a day (Asia/Shanghai), so reloading a page does not
 * flood the log. The subject is the one the filing's read named.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import { newId } from '../../kernel/ids.ts';
import { shanghaiDate } from '../../kernel/calendar/index.ts';
import { findDepartment } from '../registry/index.ts';
import type { CaseMaterialTable, CaseTable } from './tables.ts';

export async function logSharedDataLook(
  k: Kernel,
  ctx: Ctx,
  c: CaseTable,
  m: Pick<CaseMaterialTable, 'name' | 'source_data'>,
): Promise<void> {
  if (ctx.principal.kind !== 'staff' || !m.source_data) return;
  const data = m.source_data;
  const filing = await k.db
    .selectFrom('cases_data_reads')
    .select(['subject_kind', 'subject_ref'])
    .where('case_id', '=', c.id)
    .where('data_source', '=', data.dataSource)
    .where('reader_kind', '=', 'applicant')
    .executeTakeFirst();
  if (!filing) return;
  const dayStart = new Date(`${shanghaiDate(ctx.now)}T00:00:00+08:00`).toISOString();
  const seen = await k.db
    .selectFrom('cases_data_reads')
    .select('id')
    .where('reader_id', '=', ctx.principal.id)
    .where('case_id', '=', c.id)
    .where('data_source', '=', data.dataSource)
    .where('at', '>=', dayStart)
    .executeTakeFirst();
  if (seen) return;
  const own = ctx.principal.department;
  const department =
    own && own !== c.department_code ? ((await findDepartment(k, own))?.name ?? c.department_name) : c.department_name;
  await k.db
    .insertInto('cases_data_reads')
    .values({
      id: newId(ctx.now.getTime()),
      at: ctx.now.toISOString(),
      subject_kind: filing.subject_kind,
      subject_ref: filing.subject_ref,
      source_id: data.source.id,
      data_source: data.dataSource,
      fields: data.fields.map((f) => f.label.zh).join('、'),
      purpose: `查阅办件 ${c.number} 的申请材料“${m.name}”`,
      case_id: c.id,
      case_number: c.number,
      department_name: department,
      reader_id: ctx.principal.id,
      reader_kind: 'staff',
      reader_name: ctx.principal.name,
    })
    .execute();
}
