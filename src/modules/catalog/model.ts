/** The catalog's vocabulary: item types, reform modes, levels, statuses, and the shapes services return. */
import type { Elements } from './elements.ts';
import { catalogPermissions } from './permissions.ts';
import { AppError } from '../../kernel/errors.ts';

/** National item-type codes (事项类型). */
export const ITEM_TYPES = {
  1: { key: 'licensing', zh: '行政许可' },
  2: { key: 'penalty', zh: '行政处罚' },
  3: { key: 'coercion', zh: '行政强制' },
  4: { key: 'levy', zh: '行政征收' },
  5: { key: 'payment', zh: '行政给付' },
  6: { key: 'inspection', zh: '行政检查' },
  7: { key: 'confirmation', zh: '行政确认' },
  8: { key: 'reward', zh: '行政奖励' },
  9: { key: 'adjudication', zh: '行政裁决' },
  10: { key: 'other_power', zh: '其他行政权力' },
  20: { key: 'public_service', zh: '公共服务' },
} as const;
export type ItemType = keyof typeof ITEM_TYPES;
export const ITEM_TYPE_CODES = Object.keys(ITEM_TYPES).map(Number) as ItemType[];
export const LICENSING: ItemType = 1;

/** 证照分离改革方式: 直接取消审批 · 审批改为备案 · 实行告知承诺 · 优化审批服务. */
export const REFORM_MODES = ['abolished', 'filing', 'commitment', 'optimized'] as const;
export type ReformMode = (typeof REFORM_MODES)[number];

/** Levels that exercise an item, and the levels of licensing lists. */
export const LEVELS = ['province', 'city', 'county'] as const;
export type Level = (typeof LEVELS)[number];

export const ITEM_STATUSES = ['active', 'retired'] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** The implementation record's status; its working copy is edited only while `draft`. */
export const IMPLEMENTATION_STATUSES = ['draft', 'in_review', 'published', 'retired'] as const;
export type ImplementationStatus = (typeof IMPLEMENTATION_STATUSES)[number];

/** What can be done to an implementation; `edit` changes a draft's working copy. */
export const IMPLEMENTATION_ACTIONS = ['edit', 'submit', 'return', 'publish', 'revise', 'discard', 'retire'] as const;
export type ImplementationAction = (typeof IMPLEMENTATION_ACTIONS)[number];

/** The moves of the lifecycle (everything but `edit`). */
export type TransitionAction = Exclude<ImplementationAction, 'edit'>;

/**
 * The lifecycle as data, shared by implementations and bundles: each move, the statuses it is allowed from, the
 * status it leads to, the permission it needs. `discard` (drop a revision draft, back to the version in force) is
 * further allowed only when a version is published. The behaviour of each move is attached in lifecycle.ts
 * (kernel `defineLifecycle`); the order here is the order screens list the moves in.
 */
export const MOVES = {
  submit: {
    from: ['draft'],
    to: 'in_review',
    permission: catalogPermissions.edit,
    needsReason: true,
    label: { zh: '提交审核', en: 'Submit for review' },
  },
  publish: {
    from: ['in_review'],
    to: 'published',
    permission: catalogPermissions.publish,
    needsReason: true,
    label: { zh: '审核发布', en: 'Publish' },
  },
  return: {
    from: ['in_review'],
    to: 'draft',
    permission: catalogPermissions.publish,
    needsReason: true,
    label: { zh: '退回修改', en: 'Return for changes' },
  },
  revise: {
    from: ['published'],
    to: 'draft',
    permission: catalogPermissions.edit,
    needsReason: true,
    label: { zh: '修订', en: 'Revise' },
  },
  discard: {
    from: ['draft'],
    to: 'published',
    permission: catalogPermissions.edit,
    needsReason: true,
    label: { zh: '放弃修订', en: 'Discard the revision' },
  },
  retire: {
    from: ['draft', 'published'],
    to: 'retired',
    permission: catalogPermissions.publish,
    needsReason: true,
    label: { zh: '废止', en: 'Retire' },
  },
} as const satisfies Record<
  TransitionAction,
  {
    from: readonly ImplementationStatus[];
    to: ImplementationStatus;
    permission: string;
    needsReason: boolean;
    label: { zh: string; en: string };
  }
>;

export const STATUS_LABELS: Record<ImplementationStatus, { zh: string; en: string }> = {
  draft: { zh: '草稿', en: 'Draft' },
  in_review: { zh: '待审核', en: 'In review' },
  published: { zh: '已发布', en: 'Published' },
  retired: { zh: '已废止', en: 'Retired' },
};

/** What may be done from `status`: `edit` while a draft, then the moves in MOVES order. */
export function allowedActions(status: ImplementationStatus): ImplementationAction[] {
  const moves = (Object.keys(MOVES) as TransitionAction[]).filter((a) =>
    (MOVES[a].from as readonly string[]).includes(status),
  );
  return status === 'draft' ? ['edit', ...moves] : moves;
}

/** A published version's status, derived: the newest is `published` (or `retired`), older ones `superseded`. */
export const VERSION_STATUSES = ['published', 'superseded', 'retired'] as const;
export type VersionStatus = (typeof VERSION_STATUSES)[number];

export interface LegalCitation {
  /** The law or regulation, e.g. 《中华人民共和国食品安全法》. */
  title: string;
  /** The article, e.g. 第三十五条; null when the whole instrument is meant. */
  article: string | null;
  excerpt: string | null;
}

export interface LicensingListEntry {
  level: Level;
  effectiveFrom: string;
  effectiveTo: string | null;
}

export interface CatalogItem {
  id: string;
  basicCode: string;
  businessItem: string;
  name: string;
  itemType: ItemType;
  itemTypeName: string;
  legalBasis: LegalCitation[];
  levels: Level[];
  departmentKind: string;
  parentId: string | null;
  reformMode: ReformMode | null;
  licensingLists: LicensingListEntry[];
  region: string;
  status: ItemStatus;
  /** 示例: a citation or limit not checked against its source. */
  illustrative: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

/** What an implementation shows of its item (and what a published version freezes). */
export interface ItemSummary {
  id: string;
  basicCode: string;
  businessItem: string;
  name: string;
  itemType: ItemType;
  itemTypeName: string;
  legalBasis: LegalCitation[];
  reformMode: ReformMode | null;
  illustrative: boolean;
}

export interface VersionRef {
  implementationId: string;
  version: number;
}

export interface Department {
  code: string;
  name: string;
  uscc: string;
}

/** The source row of an imported implementation: which list, which department there, its main item, its page. */
export interface ImplementationSource {
  list: string;
  department: string | null;
  mainItem: string | null;
  url: string | null;
}

/** The implementation record with its working copy. */
export interface Implementation {
  id: string;
  code: string;
  item: ItemSummary;
  region: string;
  regionName: string;
  department: Department;
  status: ImplementationStatus;
  version: number;
  publishedVersion: number | null;
  effectiveFrom: string;
  derivedFrom: VersionRef | null;
  elements: Elements;
  submittedBy: string | null;
  submittedAt: string | null;
  retiredAt: string | null;
  illustrative: boolean;
  /** The implementation's code in the list it was imported from (e.g. the original 广安区 code); null when not imported. */
  sourceCode: string | null;
  source: ImplementationSource | null;
  /** 待完善: the working copy cannot be applied for as it stands (see `impossibilities`), e.g. an imported bare list row. */
  incomplete: boolean;
  /** Account ids are shown to staff only (null in the public view). */
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A published version: what a case pins. Its content never changes. */
export interface ImplementationVersion {
  implementationId: string;
  version: number;
  status: VersionStatus;
  code: string;
  item: ItemSummary;
  region: string;
  regionName: string;
  department: Department;
  effectiveFrom: string;
  derivedFrom: VersionRef | null;
  elements: Elements;
  digest: string;
  submittedBy: string | null;
  publishedBy: string | null;
  publishedAt: string;
  illustrative: boolean;
}

const ABOLISHED = { zh: '该事项已直接取消审批', en: 'Approval for this item is abolished' };

/**
 * 409 when nothing may be done under an item any more: it is retired (ITEM_RETIRED) or its approval is abolished
 * (ITEM_ABOLISHED). `abolished` words the second for the action refused.
 */
export function requireItemUsable(
  item: { status: string; reformMode: string | null },
  field: string | null,
  abolished: { zh: string; en: string } = ABOLISHED,
): void {
  if (item.status === 'retired')
    throw new AppError({ code: 'ITEM_RETIRED', status: 409, field, zh: '事项已取消', en: 'The item is retired' });
  if (item.reformMode === 'abolished') throw new AppError({ code: 'ITEM_ABOLISHED', status: 409, field, ...abolished });
}
