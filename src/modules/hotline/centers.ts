/**
 * Hotline centers (12345 热线中心) and the topic taxonomy. A center is the province's or a city's, hosted by a
 * registry department (the region's ZWFW); tickets go to the center of the nearest region up from their location.
 * Not the catalog's service `Center` (政务服务中心).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { findDepartment } from '../registry/index.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { listCenterRows } from './repository.ts';
import { requireCenterStaff } from './access.ts';

export interface HotlineCenter {
  id: string;
  name: string;
  level: 'province' | 'city';
  region: string;
  hostDepartment: string;
}

export interface Topic {
  code: string;
  parentCode: string | null;
  name: { zh: string; en: string };
  active: boolean;
}

export async function listCenters(k: Kernel): Promise<HotlineCenter[]> {
  return (await listCenterRows(k.db)).map((r) => ({
    id: r.id,
    name: r.name,
    level: r.level as HotlineCenter['level'],
    region: r.region,
    hostDepartment: r.host_department,
  }));
}

/** Adds a center (system set-up and demo; idempotent by region). */
export async function ensureCenter(
  k: Kernel,
  ctx: Ctx,
  input: { name: string; level: 'province' | 'city'; region: string; hostDepartment: string },
): Promise<void> {
  const have = await k.db
    .selectFrom('hotline_centers')
    .select('id')
    .where('region', '=', input.region)
    .executeTakeFirst();
  if (have) return;
  if (!(await findDepartment(k, input.hostDepartment)))
    throw invalid('hostDepartment', 'DEPARTMENT_UNKNOWN', '没有该部门', 'No such department');
  await k.db.transaction().execute(async (tx) => {
    const id = newId(ctx.now.getTime());
    await tx
      .insertInto('hotline_centers')
      .values({
        id,
        name: input.name,
        level: input.level,
        region: input.region,
        host_department: input.hostDepartment,
        created_at: ctx.now.toISOString(),
      })
      .execute();
    await k.audit.record(tx, ctx, {
      action: 'create_center',
      subjectType: 'hotline.center',
      subjectId: id,
      after: input,
    });
  });
}

/** The taxonomy, active and inactive nodes, parents before children. */
export async function listTopics(k: Kernel): Promise<Topic[]> {
  const rows = await k.db.selectFrom('hotline_topics').selectAll().orderBy('sort').orderBy('code').execute();
  return rows.map((r) => ({
    code: r.code,
    parentCode: r.parent_code,
    name: { zh: r.name_zh, en: r.name_en },
    active: Number(r.active) === 1,
  }));
}

/** Adds or renames a topic (a child's code is its parent's code, a dot and its own part), or retires it. */
export async function saveTopic(
  k: Kernel,
  ctx: Ctx,
  input: { code: string; name: { zh: string; en: string }; active?: boolean },
): Promise<Topic> {
  requirePermission(ctx, P.configure);
  // The taxonomy is the province's: its center's staff keep it.
  const province = await k.db
    .selectFrom('hotline_centers')
    .selectAll()
    .where('level', '=', 'province')
    .executeTakeFirst();
  requireCenterStaff(ctx, province ?? { region: '000000', host_department: '' });
  if (!/^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*){0,3}$/.test(input.code))
    throw invalid(
      'code',
      'TOPIC_CODE_INVALID',
      '分类编码格式不正确',
      'Topic codes are lower-case parts joined by dots',
    );
  const parent = input.code.includes('.') ? input.code.slice(0, input.code.lastIndexOf('.')) : null;
  const zh = requiredText('name.zh', input.name.zh, 60);
  const en = requiredText('name.en', input.name.en, 100);
  return k.db.transaction().execute(async (tx) => {
    if (parent && !(await tx.selectFrom('hotline_topics').select('code').where('code', '=', parent).executeTakeFirst()))
      throw invalid('code', 'TOPIC_PARENT_UNKNOWN', '上级分类不存在', 'The parent topic does not exist');
    const before = await tx.selectFrom('hotline_topics').selectAll().where('code', '=', input.code).executeTakeFirst();
    const active = input.active === false ? 0 : 1;
    if (before)
      await tx
        .updateTable('hotline_topics')
        .set({ name_zh: zh, name_en: en, active })
        .where('code', '=', input.code)
        .execute();
    else {
      const n = await tx
        .selectFrom('hotline_topics')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      await tx
        .insertInto('hotline_topics')
        .values({ code: input.code, parent_code: parent, name_zh: zh, name_en: en, sort: Number(n.n), active })
        .execute();
    }
    await k.audit.record(tx, ctx, {
      permission: P.configure,
      action: before ? 'update_topic' : 'create_topic',
      subjectType: 'hotline.topic',
      subjectId: input.code,
      after: { zh, en, active },
    });
    return { code: input.code, parentCode: parent, name: { zh, en }, active: active === 1 };
  });
}
