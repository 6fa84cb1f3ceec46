/** The catalog's events: what other modules and webhooks may react to. */
import { Type } from '@fastify/type-provider-typebox';
import { Nullable } from '../../kernel/http.ts';
import { defineEvents } from '../../kernel/events.ts';

const Id = Type.String();
const VersionRef = Type.Object({ implementationId: Type.String(), version: Type.Integer() });
const Changed = Type.Object({ id: Id, version: Type.Integer() });

/** An implementation's lifecycle event: its identity, new version and status; publication adds what it supersedes. */
const ImplementationMoved = Type.Object({
  id: Id,
  code: Type.String(),
  itemId: Id,
  region: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  supersedes: Type.Optional(Nullable(Type.Integer())),
  effectiveFrom: Type.Optional(Nullable(Type.String())),
  derivedFrom: Type.Optional(Nullable(VersionRef)),
});
const BundleMoved = Type.Object({
  id: Id,
  code: Type.String(),
  region: Type.String(),
  version: Type.Integer(),
  status: Type.String(),
  supersedes: Type.Optional(Nullable(Type.Integer())),
  members: Type.Optional(Type.Array(VersionRef)),
});
/** A change to a service center; `extra` fields name what changed (hall, window, negative-list entry). */
const CenterChanged = Type.Object(
  { id: Id, region: Type.String(), version: Type.Integer() },
  { additionalProperties: true },
);

const implementation = (zh: string, en: string) => ({
  zh: `实施清单${zh}`,
  en: `Implementation ${en}`,
  payload: ImplementationMoved,
});
const bundle = (zh: string, en: string) => ({ zh: `一件事${zh}`, en: `Bundle ${en}`, payload: BundleMoved });
const center = (zh: string, en: string) => ({ zh, en, payload: CenterChanged });

export const catalogEvents = defineEvents('catalog', {
  'catalog.item.created': {
    zh: '事项已创建',
    en: 'Item created',
    payload: Type.Object({ id: Id, basicCode: Type.String(), itemType: Type.Integer() }),
  },
  'catalog.item.updated': { zh: '事项已修改', en: 'Item changed', payload: Changed },
  'catalog.item.abolished': { zh: '事项已直接取消审批', en: 'Item abolished', payload: Changed },
  'catalog.item.retired': { zh: '事项已取消', en: 'Item retired', payload: Changed },
  'catalog.item.tagged': {
    zh: '事项主题已标注',
    en: 'Item tagged with life events',
    payload: Type.Object({ id: Id, lifeEvents: Type.Array(Type.String()), version: Type.Integer() }),
  },
  'catalog.implementation.created': {
    zh: '实施清单草稿已创建',
    en: 'Implementation drafted',
    payload: Type.Object({
      id: Id,
      code: Type.String(),
      itemId: Id,
      region: Type.String(),
      derivedFrom: Nullable(VersionRef),
    }),
  },
  'catalog.implementation.edited': { zh: '实施清单草稿已修改', en: 'Implementation draft edited', payload: Changed },
  'catalog.implementation.submitted': implementation('已提交审核', 'submitted for review'),
  'catalog.implementation.returned': implementation('已退回修改', 'returned'),
  'catalog.implementation.published': implementation('已发布', 'published'),
  'catalog.implementation.revised': implementation('已开始修订', 'revised into a new draft'),
  'catalog.implementation.discarded': implementation('修订已放弃', 'revision discarded'),
  'catalog.implementation.retired': implementation('已废止', 'retired'),
  'catalog.bundle.created': {
    zh: '一件事草稿已创建',
    en: 'Bundle drafted',
    payload: Type.Object({
      id: Id,
      code: Type.String(),
      region: Type.String(),
      members: Type.Array(VersionRef),
      conflicts: Type.Integer(),
    }),
  },
  'catalog.bundle.edited': {
    zh: '一件事草稿已修改',
    en: 'Bundle draft edited',
    payload: Type.Object({ id: Id, version: Type.Integer(), conflicts: Type.Integer() }),
  },
  'catalog.bundle.submitted': bundle('已提交审核', 'submitted for review'),
  'catalog.bundle.returned': bundle('已退回修改', 'returned'),
  'catalog.bundle.published': bundle('已发布', 'published'),
  'catalog.bundle.revised': bundle('已开始修订', 'revised into a new draft'),
  'catalog.bundle.discarded': bundle('修订已放弃', 'revision discarded'),
  'catalog.bundle.retired': bundle('已废止', 'retired'),
  'catalog.delegation.created': {
    zh: '事项已下放',
    en: 'Item delegated',
    payload: Type.Object({
      id: Id,
      itemId: Id,
      fromRegion: Type.String(),
      toRegions: Type.Array(Type.String()),
      effectiveFrom: Type.String(),
    }),
  },
  'catalog.delegation.rolled_back': {
    zh: '下放已收回',
    en: 'Delegation rolled back',
    payload: Type.Object({
      id: Id,
      itemId: Id,
      fromRegion: Type.String(),
      toRegions: Type.Array(Type.String()),
      rolledBackAt: Type.String(),
    }),
  },
  'catalog.center.created': {
    zh: '政务服务中心已设立',
    en: 'Service center created',
    payload: Type.Object({ id: Id, region: Type.String(), name: Type.String() }),
  },
  'catalog.center.updated': center('政务服务中心信息已修改', 'Service center changed'),
  'catalog.center_hall.added': center('服务大厅已添加', 'Hall added'),
  'catalog.center_hall.updated': center('服务大厅已修改', 'Hall changed'),
  'catalog.center_window.added': center('窗口已添加', 'Window added'),
  'catalog.center_window.updated': center('窗口已修改', 'Window changed'),
  'catalog.negative_list_entry.added': center('负面清单已增列', 'Negative-list entry added'),
  'catalog.negative_list_entry.removed': center('负面清单已移除一项', 'Negative-list entry removed'),
  'catalog.search_index.rebuilt': {
    zh: '检索索引已重建',
    en: 'Search index rebuilt',
    payload: Type.Object({ region: Type.String(), before: Type.Integer(), indexed: Type.Integer() }),
  },
});
