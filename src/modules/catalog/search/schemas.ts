/** HTTP contracts of search, browse and life-event tags. */
import { Type, Strict, StringEnum, Nullable, PageQuery } from '../../../kernel/http.ts';
import { ItemTypeSchema, Reason, Region } from '../schemas.ts';
import { LIFE_EVENT_KEYS } from './life-events.ts';

const LifeEventSchema = StringEnum(LIFE_EVENT_KEYS, {
  description:
    'birth 新生儿出生 · business_startup 开办企业 · restaurant 开餐馆 · retirement 退休 · housing 住房 · employment 就业 · marriage 婚育',
});

export const SearchQuerySchema = Strict({
  q: Type.Optional(
    Type.String({
      maxLength: 500,
      description:
        'Words to find, 2–100 characters (all must match); optional when a department, life event or item type is given',
    }),
  ),
  region: Type.Optional(Region),
  department: Type.Optional(
    Type.String({ minLength: 1, maxLength: 40, description: 'Department code, e.g. 410105-SCJG' }),
  ),
  lifeEvent: Type.Optional(LifeEventSchema),
  itemType: Type.Optional(ItemTypeSchema),
  ...PageQuery,
});

export const RegionQuery = Strict({ region: Type.Optional(Region) });

export const SearchHitSchema = Strict(
  {
    implementationId: Type.String(),
    version: Type.Integer({ description: 'The published version in force' }),
    code: Type.String(),
    name: Type.String(),
    itemType: ItemTypeSchema,
    itemTypeName: Type.String(),
    departmentCode: Type.String(),
    departmentName: Type.String(),
    region: Type.String(),
    regionName: Type.String(),
    handlingKind: Type.String({ description: 'immediate 即办件 / promised 承诺件' }),
    promisedDays: Nullable(Type.Integer()),
    illustrative: Type.Boolean({
      description: '示例: a legal citation or limit that was not checked against its source',
    }),
    lifeEvents: Type.Array(LifeEventSchema),
    matchedIn: Nullable(
      StringEnum(['title', 'text'] as const, {
        description: 'title: every word in the name or result name; text: elsewhere',
      }),
    ),
  },
  { $id: 'CatalogSearchHit' },
);

/** A page of search hits, with what they matched and how the query was read. */
export const SearchPageSchema = Strict({
  items: Type.Array(SearchHitSchema),
  nextCursor: Nullable(Type.String()),
  words: Type.Array(Type.String(), {
    description:
      'The words every hit matched: highlight them; for matchedIn "text" they are in the guide, not the name',
  }),
  interpretedAs: Nullable(
    Strict({
      q: Type.String({ description: 'The query as searched' }),
      via: StringEnum(['english', 'pinyin', 'initials', 'typo'] as const, {
        description: 'The query as typed found nothing; it was read as English, pinyin, initials, or corrected',
      }),
    }),
  ),
});

const listOf = <T extends Parameters<typeof Type.Array>[0]>(item: T) =>
  Strict({ items: Type.Array(item), nextCursor: Type.Null() });

export const DepartmentCounts = listOf(
  Strict({
    departmentCode: Type.String(),
    departmentName: Type.String(),
    region: Type.String(),
    regionName: Type.String(),
    count: Type.Integer(),
  }),
);
export const ItemTypeCounts = listOf(
  Strict({ itemType: ItemTypeSchema, itemTypeName: Type.String(), count: Type.Integer() }),
);
export const LifeEventCounts = listOf(
  Strict({ lifeEvent: LifeEventSchema, zh: Type.String(), en: Type.String(), count: Type.Integer() }),
);

export const ReindexBody = Strict({ region: Type.Optional(Region), reason: Type.Optional(Reason) });
export const ReindexResultSchema = Strict({ region: Type.String(), before: Type.Integer(), indexed: Type.Integer() });

export const LifeEventsBody = Strict({
  lifeEvents: Type.Array(LifeEventSchema, { maxItems: LIFE_EVENT_KEYS.length, uniqueItems: true }),
  version: Type.Integer({
    minimum: 0,
    description: 'The tags version you read (0 when the item was never tagged); a stale one answers 409',
  }),
  reason: Type.Optional(Reason),
});
export const ItemLifeEventsSchema = Strict({
  itemId: Type.String(),
  lifeEvents: Type.Array(LifeEventSchema),
  version: Type.Integer(),
  updatedAt: Nullable(Type.String()),
});
