/** The inspections module's response schemas (what leaves the server: personal data never does). */
import { Type, Strict, StringEnum, Nullable } from '../../kernel/http.ts';
import { METHODS, RESULT_CATEGORY_CODES, STRATA, TASK_STATUSES, TRIGGERS } from './model.ts';

const Ratios = Strict({ A: Type.Integer(), B: Type.Integer(), C: Type.Integer(), D: Type.Integer() });
export const RatiosInput = Type.Partial(
  Strict({
    A: Type.Integer({ minimum: 0, maximum: 10000 }),
    B: Type.Integer({ minimum: 0, maximum: 10000 }),
    C: Type.Integer({ minimum: 0, maximum: 10000 }),
    D: Type.Integer({ minimum: 0, maximum: 10000 }),
  }),
);
export const FilterSchema = Strict({
  region: Type.String({ pattern: '^\\d{6}$' }),
  industry: Type.Optional(Nullable(Type.String({ maxLength: 10 }))),
  subjectType: Type.Optional(Nullable(Type.String({ maxLength: 64 }))),
  licence: Type.Optional(Nullable(Type.String({ maxLength: 100 }))),
  keySupervision: Type.Optional(Nullable(Type.Boolean())),
});

export const ItemSchema = Strict({
  id: Type.String(),
  region: Type.String(),
  department: Type.String(),
  catalogItemId: Type.String(),
  name: Type.String(),
  legalBasis: Type.String(),
  subjectType: Type.String(),
  method: StringEnum(METHODS),
  createdAt: Type.String(),
});

export const PlanSchema = Strict({
  id: Type.String(),
  region: Type.String(),
  department: Type.String(),
  year: Type.Integer(),
  title: Type.String(),
  itemIds: Type.Array(Type.String()),
  createdAt: Type.String(),
});

export const TargetSchema = Strict({
  uscc: Type.String(),
  name: Type.String(),
  region: Type.String(),
  industry: Type.String(),
  address: Type.String(),
  subjectType: Type.String(),
  creditClass: Nullable(StringEnum(STRATA)),
  stratum: StringEnum(STRATA),
  keySupervision: Type.Boolean(),
  licences: Type.Array(Type.String()),
  validFrom: Type.String(),
});

export const InspectorSchema = Strict({
  accountId: Type.String(),
  name: Type.String(),
  department: Type.String(),
  region: Type.String(),
  certificateNo: Type.String(),
  fields: Type.Array(Type.String()),
  status: StringEnum(['active', 'suspended', 'left'] as const),
  validFrom: Type.String(),
});

export const InspectorCandidateSchema = Strict({
  accountId: Type.String(),
  name: Type.String(),
  department: Type.String(),
  region: Type.String(),
  entry: Type.Union([
    Strict({
      certificateNo: Type.String(),
      fields: Type.Array(Type.String()),
      status: StringEnum(['active', 'suspended', 'left'] as const),
    }),
    Type.Null(),
  ]),
});

const taskFields = {
  id: Type.String(),
  region: Type.String(),
  department: Type.String(),
  title: Type.String(),
  departments: Type.Array(Type.String()),
  itemIds: Type.Array(Type.String()),
  filter: Type.Unknown(),
  ratios: Ratios,
  inspectorsPerTarget: Type.Integer(),
  yearlyCap: Type.Integer(),
  windowStart: Type.String(),
  windowEnd: Type.String(),
  status: StringEnum(TASK_STATUSES),
  version: Type.Integer(),
  frozenAt: Nullable(Type.String()),
  round: Type.Integer(),
  recordDigest: Nullable(Type.String()),
  drawnAt: Nullable(Type.String()),
  createdAt: Type.String(),
};
export const TaskSchema = Strict(taskFields);
export const TaskDetailSchema = Strict({
  ...taskFields,
  frozen: Type.Unknown({ description: 'Counts and digests per class, pools and recusals (null before the freeze)' }),
  rounds: Type.Array(
    Strict({
      round: Type.Integer(),
      status: Type.String(),
      reason: Nullable(Type.String()),
      commitments: Type.Array(Strict({ outside: Type.Boolean(), commitment: Type.String() })),
    }),
  ),
  revealed: Type.Boolean({ description: 'Whether `record` holds the seed and selections' }),
  record: Type.Unknown({ description: 'The draw record (RFC 8785 JSON; its SHA-256 is recordDigest)' }),
  actions: Type.Optional(Type.Array(Type.String())),
});

export const CeremonySchema = Strict({
  taskId: Type.String(),
  status: Type.String(),
  round: Type.Integer(),
  rounds: Type.Array(
    Strict({
      round: Type.Integer(),
      status: Type.String(),
      reason: Nullable(Type.String()),
      commitments: Type.Array(
        Strict({
          name: Type.String(),
          outside: Type.Boolean(),
          commitment: Type.String(),
          revealed: Type.Boolean(),
          mine: Type.Boolean(),
        }),
      ),
    }),
  ),
  canCommit: Type.Boolean(),
  canReveal: Type.Boolean(),
  quorum: Type.Boolean(),
});

export const VisitSchema = Strict({
  id: Type.String(),
  kind: StringEnum(['random', 'targeted'] as const),
  taskId: Nullable(Type.String()),
  trigger: Nullable(StringEnum(TRIGGERS)),
  triggerRef: Nullable(Type.String()),
  region: Type.String(),
  uscc: Type.String(),
  targetName: Type.String(),
  targetRegion: Type.String(),
  stratum: Nullable(Type.String()),
  departments: Type.Array(Type.String()),
  itemIds: Type.Array(Type.String()),
  inspectors: Type.Record(Type.String(), Type.Array(Type.String())),
  inspectedOn: Nullable(Type.String()),
  dueDate: Nullable(Type.String()),
  publishedAt: Nullable(Type.String()),
  late: Type.Boolean(),
  red: Type.Boolean(),
  results: Type.Array(
    Strict({
      itemId: Type.String(),
      category: StringEnum(RESULT_CATEGORY_CODES),
      evidence: Type.Array(Type.String()),
      note: Type.String(),
      recordedAt: Type.String(),
    }),
  ),
  files: Type.Array(
    Strict({
      id: Type.String(),
      itemId: Type.String(),
      name: Type.String(),
      contentType: Type.String({ description: 'Sniffed from the content: image/jpeg, image/png or application/pdf' }),
      size: Type.Integer({ description: 'Bytes' }),
      sha256: Type.String({ description: 'Hex SHA-256, checked again on every download' }),
      uploadedAt: Type.String(),
    }),
    { description: 'Evidence files of the visit’s items (download: GET …/visits/:id/evidence/:fileId)' },
  ),
});

export const PublicResultSchema = Strict({
  visitId: Type.String(),
  kind: StringEnum(['random', 'targeted'] as const),
  taskId: Nullable(Type.String()),
  taskTitle: Nullable(Type.String()),
  trigger: Nullable(Type.String()),
  uscc: Type.String(),
  targetName: Type.String(),
  region: Type.String(),
  inspectedOn: Nullable(Type.String()),
  publishedAt: Type.String(),
  late: Type.Boolean(),
  items: Type.Array(
    Strict({
      itemId: Type.String(),
      itemName: Type.String(),
      category: StringEnum(RESULT_CATEGORY_CODES),
      categoryName: Type.String(),
    }),
  ),
});

const KindStats = Strict({
  visits: Type.Integer(),
  published: Type.Integer(),
  withProblems: Type.Integer(),
  problemRate: Nullable(Type.Number()),
  onTime: Type.Integer(),
  onTimeRate: Nullable(Type.Number()),
});
export const StatisticsSchema = Strict({
  random: KindStats,
  targeted: KindStats,
  coverageByClass: Type.Array(
    Strict({ stratum: StringEnum(STRATA), population: Type.Integer(), selected: Type.Integer() }),
  ),
  coverageByRegion: Type.Array(Strict({ region: Type.String(), selected: Type.Integer() })),
});

export const SampleSchema = Type.Array(
  Strict({ stratum: StringEnum(STRATA), population: Type.Integer(), ratio: Type.Integer(), sample: Type.Integer() }),
);
