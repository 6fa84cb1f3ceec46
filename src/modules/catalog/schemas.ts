/** The catalog's HTTP contracts: request bodies and the response shapes that are all a caller ever sees. */
import { Type, Strict, StringEnum } from '../../kernel/http.ts';
import { ElementsSchema, type Elements } from './elements.ts';
import { Nullable } from '../../kernel/http.ts';
import {
  IMPLEMENTATION_STATUSES,
  ITEM_STATUSES,
  ITEM_TYPE_CODES,
  LEVELS,
  REFORM_MODES,
  VERSION_STATUSES,
  type ItemType,
} from './model.ts';
import { CRITERIA } from './rubric.ts';

export const DateStr = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'YYYY-MM-DD' });
export const Region = Type.String({ pattern: '^\\d{6}$', description: 'GB/T 2260 division code' });
export const Version = Type.Integer({ minimum: 1, description: 'The version you read; a stale one answers 409' });
export const Reason = Type.String({ minLength: 1, maxLength: 500 });
export const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });
const Illustrative = Type.Boolean({
  description: '示例: a legal citation or limit that was not checked against its source',
});

export const ItemTypeSchema = Type.Unsafe<ItemType>({
  type: 'integer',
  enum: ITEM_TYPE_CODES,
  description: '1 许可 2 处罚 3 强制 4 征收 5 给付 6 检查 7 确认 8 奖励 9 裁决 10 其他行政权力 20 公共服务',
});
const Citation = Strict({
  title: Type.String({ minLength: 1, maxLength: 200 }),
  article: Nullable(Type.String({ maxLength: 100 })),
  excerpt: Nullable(Type.String({ maxLength: 2000 })),
});
const ListEntry = Strict({ level: StringEnum(LEVELS), effectiveFrom: DateStr, effectiveTo: Nullable(DateStr) });
const DepartmentKind = Type.String({ pattern: '^[A-Z]{2,8}$', description: 'Department kind, e.g. SCJG' });

export const ItemSchema = Strict(
  {
    id: Type.String(),
    basicCode: Type.String(),
    businessItem: Type.String(),
    name: Type.String(),
    itemType: ItemTypeSchema,
    itemTypeName: Type.String(),
    legalBasis: Type.Array(Citation),
    levels: Type.Array(StringEnum(LEVELS)),
    departmentKind: Type.String(),
    parentId: Nullable(Type.String()),
    reformMode: Nullable(StringEnum(REFORM_MODES)),
    licensingLists: Type.Array(ListEntry),
    region: Type.String(),
    status: StringEnum(ITEM_STATUSES),
    illustrative: Illustrative,
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'CatalogItem' },
);

export const ItemBody = Strict({
  basicCode: Type.String({ minLength: 6, maxLength: 30, description: '基本编码' }),
  businessItem: Type.Optional(Type.String({ pattern: '^\\d{2}$', description: '业务办理项编号, 00 for a main item' })),
  name: Type.String({ minLength: 1, maxLength: 200 }),
  itemType: ItemTypeSchema,
  legalBasis: Type.Array(Citation, { maxItems: 30 }),
  levels: Type.Array(StringEnum(LEVELS), { minItems: 1, uniqueItems: true }),
  departmentKind: DepartmentKind,
  parentId: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  reformMode: Type.Optional(Nullable(StringEnum(REFORM_MODES))),
  licensingLists: Type.Optional(Type.Array(ListEntry, { maxItems: 3 })),
  region: Type.Optional(Region),
  illustrative: Type.Optional(Type.Boolean()),
});

export const ItemPatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
  itemType: Type.Optional(ItemTypeSchema),
  legalBasis: Type.Optional(Type.Array(Citation, { maxItems: 30 })),
  levels: Type.Optional(Type.Array(StringEnum(LEVELS), { minItems: 1, uniqueItems: true })),
  departmentKind: Type.Optional(DepartmentKind),
  reformMode: Type.Optional(Nullable(StringEnum(REFORM_MODES))),
  licensingLists: Type.Optional(Type.Array(ListEntry, { maxItems: 3 })),
  illustrative: Type.Optional(Type.Boolean()),
});

export const TransitionBody = Strict({ version: Version, reason: Reason });

const ItemSummarySchema = Strict({
  id: Type.String(),
  basicCode: Type.String(),
  businessItem: Type.String(),
  name: Type.String(),
  itemType: ItemTypeSchema,
  itemTypeName: Type.String(),
  legalBasis: Type.Array(Citation),
  reformMode: Nullable(StringEnum(REFORM_MODES)),
  illustrative: Illustrative,
});
const DepartmentSchema = Strict({ code: Type.String(), name: Type.String(), uscc: Type.String() });
const VersionRefSchema = Strict({
  implementationId: Type.String({ minLength: 1, maxLength: 64 }),
  version: Type.Integer({ minimum: 1 }),
});

export const ImplementationSchema = Strict(
  {
    id: Type.String(),
    code: Type.String({ description: '实施编码: basic code-region(12)-sequence-USCC-1-business item' }),
    item: ItemSummarySchema,
    region: Type.String(),
    regionName: Type.String(),
    department: DepartmentSchema,
    status: StringEnum(IMPLEMENTATION_STATUSES),
    version: Type.Integer(),
    publishedVersion: Nullable(Type.Integer()),
    effectiveFrom: Type.String(),
    derivedFrom: Nullable(VersionRefSchema),
    elements: ElementsSchema,
    submittedBy: Nullable(Type.String()),
    submittedAt: Nullable(Type.String()),
    retiredAt: Nullable(Type.String()),
    illustrative: Illustrative,
    sourceCode: Nullable(
      Type.String({ description: 'Its code in the list it was imported from (the original code), or null' }),
    ),
    source: Nullable(
      Strict({
        list: Type.String(),
        department: Nullable(Type.String()),
        mainItem: Nullable(Type.String()),
        url: Nullable(Type.String()),
      }),
    ),
    incomplete: Type.Boolean({
      description:
        '待完善: cannot be applied for as it stands (no channel, no process, a required material without source)',
    }),
    createdBy: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Implementation' },
);

export const ImplementationVersionSchema = Strict(
  {
    implementationId: Type.String(),
    version: Type.Integer(),
    status: StringEnum(VERSION_STATUSES),
    code: Type.String(),
    item: ItemSummarySchema,
    region: Type.String(),
    regionName: Type.String(),
    department: DepartmentSchema,
    effectiveFrom: Type.String(),
    derivedFrom: Nullable(VersionRefSchema),
    elements: ElementsSchema,
    digest: Type.String({ description: 'SHA-256 of the canonical JSON of the version content' }),
    submittedBy: Nullable(Type.String()),
    publishedBy: Nullable(Type.String()),
    publishedAt: Type.String(),
    illustrative: Illustrative,
  },
  { $id: 'ImplementationVersion' },
);

const PartialElements = Type.Partial(ElementsSchema, { additionalProperties: false });

export const ImplementationBody = Strict({
  itemId: Type.String({ minLength: 1, maxLength: 64 }),
  departmentCode: Type.String({
    minLength: 1,
    maxLength: 40,
    description: 'The implementing department, e.g. 410105-SCJG',
  }),
  effectiveFrom: DateStr,
  elements: Type.Optional(PartialElements),
  derivedFrom: Type.Optional(Nullable(VersionRefSchema)),
  illustrative: Type.Optional(Type.Boolean()),
});

export const DraftPatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  elements: Type.Optional(PartialElements),
  effectiveFrom: Type.Optional(DateStr),
  derivedFromVersion: Type.Optional(Type.Integer({ minimum: 1 })),
});

export type ElementsPatch = Partial<Elements>;

export const DiffSchema = Strict({
  a: Strict({
    implementationId: Type.String(),
    version: Nullable(Type.Integer()),
    code: Type.String(),
    region: Type.String(),
  }),
  b: Strict({
    implementationId: Type.String(),
    version: Nullable(Type.Integer()),
    code: Type.String(),
    region: Type.String(),
  }),
  changes: Type.Array(
    Strict({
      element: Type.String(),
      key: Nullable(Type.String()),
      change: StringEnum(['changed', 'added', 'removed'] as const),
      a: Type.Unknown(),
      b: Type.Unknown(),
    }),
  ),
});

export const DriftRowSchema = Strict({
  implementationId: Type.String(),
  code: Type.String(),
  region: Type.String(),
  department: DepartmentSchema,
  version: Type.Integer(),
  publishedAt: Type.String(),
  source: Strict({
    implementationId: Type.String(),
    version: Type.Integer(),
    code: Type.String(),
    region: Type.String(),
    latestVersion: Type.Integer(),
    latestPublishedAt: Type.String(),
  }),
  changedElements: Type.Array(Type.String()),
  illustrative: Illustrative,
});

export const GapRowSchema = Strict({
  itemId: Type.String(),
  basicCode: Type.String(),
  name: Type.String(),
  itemType: ItemTypeSchema,
  departmentKind: Type.String(),
  region: Type.String(),
  level: StringEnum(LEVELS),
  unpublished: Type.Integer(),
  illustrative: Illustrative,
});

const FindingText = { element: Type.String(), zh: Type.String(), en: Type.String() };

export const ImpossibleRowSchema = Strict({
  implementationId: Type.String(),
  version: Type.Integer(),
  code: Type.String(),
  region: Type.String(),
  department: DepartmentSchema,
  itemName: Type.String(),
  findings: Type.Array(Strict({ code: Type.String(), ...FindingText })),
  illustrative: Illustrative,
});

const CriterionSchema = StringEnum(Object.keys(CRITERIA) as Array<keyof typeof CRITERIA>);

export const RubricSchema = Strict({
  implementationId: Type.String(),
  version: Nullable(Type.Integer()),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  criteria: Type.Array(Strict({ criterion: CriterionSchema, weight: Type.Integer(), lost: Type.Integer() })),
  findings: Type.Array(
    Strict({
      criterion: CriterionSchema,
      severity: StringEnum(['missing', 'vague', 'inconsistent'] as const),
      points: Type.Integer(),
      ...FindingText,
    }),
  ),
  illustrative: Illustrative,
});

export const RubricCheckSchema = Strict({
  implementationId: Type.String(),
  score: Type.Integer({ minimum: 0, maximum: 100 }),
  publishedScore: Nullable(Type.Integer({ minimum: 0, maximum: 100 })),
  newFindings: RubricSchema.properties.findings,
  impossibilities: Type.Array(Strict(FindingText)),
  needsConfirmation: Type.Boolean(),
});

export const ActionSchema = Strict({
  id: Type.String(),
  at: Type.String(),
  actorId: Type.String(),
  actorRole: Type.String(),
  action: Type.String(),
  reason: Nullable(Type.String()),
  ruleVersion: Nullable(Type.String()),
});
