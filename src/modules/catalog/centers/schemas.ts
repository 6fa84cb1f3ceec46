/** HTTP contracts of service centers: request bodies and the response shapes. */
import { Type, Strict, StringEnum, Nullable } from '../../../kernel/http.ts';
import { DateStr, Reason, Region, Version } from '../schemas.ts';
import { CENTER_STATUSES, ENTRY_STATUSES, WINDOW_STATUSES, WINDOW_TYPES } from './model.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max });
const WindowType = StringEnum(WINDOW_TYPES, {
  description: 'comprehensive 综合窗口 · bundle 一件事窗口 · could_not_get_done 办不成事窗口 · specialized 专业窗口',
});
const DepartmentCodes = Type.Array(Type.String({ minLength: 1, maxLength: 40 }), {
  maxItems: 50,
  description: 'Registry department codes, e.g. 410105-SCJG',
});

export const CenterParams = Strict({ id: Id });
export const HallParams = Strict({ id: Id, hallId: Id });
export const WindowParams = Strict({ id: Id, windowId: Id });
export const EntryParams = Strict({ id: Id, entryId: Id });

const WindowSchema = Strict({
  id: Type.String(),
  hallId: Type.String(),
  number: Type.String(),
  name: Type.String(),
  type: WindowType,
  typeName: Type.String(),
  departments: Type.Array(Strict({ code: Type.String(), name: Type.String() })),
  status: StringEnum(WINDOW_STATUSES),
});

export const CenterSchema = Strict(
  {
    id: Type.String(),
    region: Type.String(),
    regionName: Type.String(),
    name: Type.String(),
    address: Type.String(),
    hours: Type.String({ description: 'Opening hours as shown to the public' }),
    phone: Nullable(Type.String()),
    status: StringEnum(CENTER_STATUSES),
    version: Type.Integer({
      description: 'Bumped by every change of the center, its halls, windows and negative list',
    }),
    halls: Type.Array(
      Strict({
        id: Type.String(),
        name: Type.String(),
        floor: Nullable(Type.String()),
        windows: Type.Array(WindowSchema),
      }),
    ),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'ServiceCenter' },
);

export const CenterBody = Strict({
  region: Region,
  name: Text(100),
  address: Text(300),
  hours: Text(200),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
});

export const CenterPatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  name: Type.Optional(Text(100)),
  address: Type.Optional(Text(300)),
  hours: Type.Optional(Text(200)),
  phone: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
  status: Type.Optional(StringEnum(CENTER_STATUSES, { description: 'closing needs a reason' })),
});

export const HallBody = Strict({
  version: Version,
  name: Text(100),
  floor: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
});
export const HallPatchBody = Strict({
  version: Version,
  name: Type.Optional(Text(100)),
  floor: Type.Optional(Nullable(Type.String({ maxLength: 50 }))),
});

export const WindowBody = Strict({
  version: Version,
  hallId: Id,
  number: Text(20),
  name: Text(100),
  type: WindowType,
  departments: DepartmentCodes,
});
export const WindowPatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  hallId: Type.Optional(Id),
  name: Type.Optional(Text(100)),
  type: Type.Optional(WindowType),
  departments: Type.Optional(DepartmentCodes),
  status: Type.Optional(StringEnum(WINDOW_STATUSES)),
});

export const EntrySchema = Strict(
  {
    id: Type.String(),
    centerId: Type.String(),
    target: StringEnum(['implementation', 'item'] as const, {
      description: 'implementation: one implementation; item: every implementation of the item',
    }),
    implementationId: Nullable(Type.String()),
    implementationCode: Nullable(Type.String()),
    itemId: Type.String(),
    itemName: Type.String(),
    reason: Type.String(),
    approvedBy: Type.String({ description: 'The approving authority and document' }),
    approvedOn: Type.String(),
    status: StringEnum(ENTRY_STATUSES),
    removalReason: Nullable(Type.String()),
    createdAt: Type.String(),
    removedAt: Nullable(Type.String()),
  },
  { $id: 'NegativeListEntry' },
);

export const EntryBody = Strict({
  version: Version,
  implementationId: Type.Optional(Nullable(Id)),
  itemId: Type.Optional(Nullable(Id)),
  reason: Reason,
  approvedBy: Text(200),
  approvedOn: DateStr,
});

export const EntryResultSchema = Strict({ centerVersion: Type.Integer(), entry: EntrySchema });

const AvailabilityFields = {
  implementationId: Type.String(),
  version: Type.Integer(),
  code: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  department: Strict({ code: Type.String(), name: Type.String(), uscc: Type.String() }),
  fullyOnline: Type.Boolean({ description: '全程网办' }),
  centers: Type.Array(Strict({ id: Type.String(), name: Type.String() })),
  excludedAt: Type.Array(
    Strict({ centerId: Type.String(), centerName: Type.String(), entryId: Type.String(), reason: Type.String() }),
  ),
  illustrative: Type.Boolean(),
};

export const AvailabilityRowSchema = Strict(AvailabilityFields);
export const UnavailableRowSchema = Strict({
  ...AvailabilityFields,
  cause: StringEnum(['no_center', 'excluded'] as const, {
    description: 'no_center: the region has no open center; excluded: every open center of the region excludes it',
  }),
});
