/** HTTP contracts of bundles (一件事一次办): bodies, the bundle and its versions, and the bundle guide. */
import { Type, Strict, StringEnum, Nullable } from '../../../kernel/http.ts';
import { IMPLEMENTATION_STATUSES, VERSION_STATUSES } from '../model.ts';
import { MATERIAL_FORMS, MaterialSchema } from '../elements.ts';
import { Reason, Region, Version } from '../schemas.ts';
import { GuideSchema } from '../guide/schemas.ts';
import { CONFLICT_KINDS } from './merge-forms.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const MemberKey = Type.String({
  pattern: '^[a-z][a-z0-9_]{0,39}$',
  description: 'Stable key of the member within the bundle',
});
const Illustrative = Type.Boolean({
  description: '示例: a member’s legal citation or limit was not checked against its source',
});

export const BundleParams = Strict({ id: Id });
export const BundleVersionParams = Strict({ id: Id, version: Type.Integer({ minimum: 1 }) });

const MemberInputSchema = Strict({
  key: MemberKey,
  implementationId: Id,
  version: Type.Integer({ minimum: 1, description: 'The published version pinned' }),
  dependsOn: Type.Optional(
    Type.Array(MemberKey, {
      maxItems: 20,
      uniqueItems: true,
      description: 'Members whose results this one needs first',
    }),
  ),
  parallelGroup: Type.Optional(
    Nullable(
      Type.String({ pattern: '^[a-z0-9_]{1,20}$', description: 'Members of one group are handled at the same time' }),
    ),
  ),
});
const Members = Type.Array(MemberInputSchema, { minItems: 2, maxItems: 20 });

export const BundleBody = Strict({
  code: Type.String({ pattern: '^[A-Z0-9][A-Z0-9-]{2,39}$', description: 'Bundle code, e.g. YJS-410105-XSECS' }),
  name: Type.String({ minLength: 1, maxLength: 100 }),
  lifeEvent: Type.String({ minLength: 1, maxLength: 100, description: 'The life event, e.g. 新生儿出生' }),
  region: Region,
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  members: Members,
  illustrative: Type.Optional(Type.Boolean()),
});

export const BundlePatchBody = Strict({
  version: Version,
  reason: Type.Optional(Reason),
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  lifeEvent: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  description: Type.Optional(Nullable(Type.String({ maxLength: 2000 }))),
  members: Type.Optional(Members),
});

const MemberSchema = Strict({
  key: Type.String(),
  implementationId: Type.String(),
  version: Type.Integer(),
  code: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  region: Type.String(),
  department: Strict({ code: Type.String(), name: Type.String(), uscc: Type.String() }),
  dependsOn: Type.Array(Type.String()),
  parallelGroup: Nullable(Type.String()),
  stage: Type.Integer({ description: '1 for members that depend on nothing' }),
  promisedDays: Type.Integer(),
  fullyOnline: Type.Boolean(),
  illustrative: Illustrative,
});

const FieldSchema = Strict({
  semanticKey: Type.String(),
  property: Type.String(),
  title: Type.String(),
  type: Type.String(),
  required: Type.Boolean(),
  askedBy: Type.Array(Type.String()),
});
const FormSchema = Strict({
  schema: Type.Unknown({
    description: 'The merged JSON Schema 2020-12 form; each field carries x-semantic-key and x-asked-by',
  }),
  fields: Type.Array(FieldSchema),
});

export const ConflictSchema = Strict({
  semanticKey: Type.String(),
  kind: StringEnum(CONFLICT_KINDS),
  members: Type.Array(Strict({ member: Type.String(), property: Type.String(), value: Type.Unknown() })),
  zh: Type.String(),
  en: Type.String(),
});

const BundleMaterialSchema = Strict({
  key: Type.String(),
  name: Type.String(),
  requirement: StringEnum(['required', 'conditional'] as const),
  conditions: Type.Array(Type.String()),
  forms: Type.Array(StringEnum(MATERIAL_FORMS)),
  paperCopies: Type.Integer(),
  blankForm: Nullable(Type.String()),
  sample: Nullable(Type.String()),
  source: MaterialSchema.properties.source,
  neededBy: Type.Array(
    Strict({
      member: Type.String(),
      materialKey: Type.String(),
      requirement: StringEnum(['required', 'conditional'] as const),
      condition: Nullable(Type.String()),
    }),
  ),
});

const SummarySchema = Strict({
  memberCount: Type.Integer(),
  stages: Type.Integer(),
  promisedDays: Type.Integer({ description: 'Working days along the longest dependency chain' }),
  fullyOnline: Type.Boolean(),
});

const Content = {
  code: Type.String(),
  name: Type.String(),
  lifeEvent: Type.String(),
  region: Type.String(),
  regionName: Type.String(),
  description: Nullable(Type.String()),
  members: Type.Array(MemberSchema),
  form: FormSchema,
  materials: Type.Array(BundleMaterialSchema),
  summary: SummarySchema,
  illustrative: Illustrative,
};

export const BundleSchema = Strict(
  {
    id: Type.String(),
    ...Content,
    status: StringEnum(IMPLEMENTATION_STATUSES),
    version: Type.Integer(),
    publishedVersion: Nullable(Type.Integer()),
    conflicts: Type.Array(ConflictSchema, {
      description:
        'Conflicting field definitions; while any remain, submit and publish answer 422 BUNDLE_FORM_CONFLICT',
    }),
    submittedBy: Nullable(Type.String()),
    submittedAt: Nullable(Type.String()),
    retiredAt: Nullable(Type.String()),
    createdBy: Nullable(Type.String()),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Bundle' },
);

export const BundleVersionSchema = Strict(
  {
    bundleId: Type.String(),
    version: Type.Integer(),
    status: StringEnum(VERSION_STATUSES),
    ...Content,
    digest: Type.String({ description: 'SHA-256 of the canonical JSON of the version content' }),
    submittedBy: Nullable(Type.String()),
    publishedBy: Nullable(Type.String()),
    publishedAt: Type.String(),
  },
  { $id: 'BundleVersion' },
);

export const BundleGuideSchema = Strict({
  bundleId: Type.String(),
  code: Type.String(),
  name: Type.String(),
  lifeEvent: Type.String(),
  region: Strict({ code: Type.String(), name: Type.String() }),
  description: Nullable(Type.String()),
  version: Type.Integer(),
  status: StringEnum(VERSION_STATUSES),
  publishedAt: Type.String(),
  digest: Type.String(),
  illustrative: Illustrative,
  notice: Nullable(Strict({ zh: Type.String(), en: Type.String() })),
  summary: SummarySchema,
  stages: Type.Array(
    Strict({
      stage: Type.Integer(),
      members: Type.Array(
        Strict({
          key: Type.String(),
          itemName: Type.String(),
          department: Type.String(),
          promisedDays: Type.Integer(),
          dependsOn: Type.Array(Type.String()),
          parallelGroup: Nullable(Type.String()),
        }),
      ),
    }),
  ),
  form: Strict({ title: Type.String(), fields: Type.Array(FieldSchema) }),
  materials: Type.Array(BundleMaterialSchema),
  members: Type.Array(
    Strict({ key: Type.String(), implementationId: Type.String(), version: Type.Integer(), guide: GuideSchema }),
  ),
});
