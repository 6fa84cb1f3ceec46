/** HTTP contracts of delegations (放权赋能), the competent-body lookup and the per-county report. */
import { Type, Strict, StringEnum, Nullable } from '../../../kernel/http.ts';
import { DateStr, Reason, Region, Version } from '../schemas.ts';
import { DELEGATION_STATUSES } from './service.ts';

const Id = Type.String({ minLength: 1, maxLength: 64 });
const Dept = Strict({ code: Type.String(), name: Type.String() });

export const DelegationParams = Strict({ id: Id });

export const DelegationSchema = Strict(
  {
    id: Type.String(),
    itemId: Type.String(),
    itemName: Type.String(),
    fromRegion: Type.String(),
    fromRegionName: Type.String(),
    fromLevel: StringEnum(['province', 'city'] as const),
    toRegions: Type.Array(Strict({ region: Type.String(), name: Type.String(), department: Dept })),
    receivingKind: Type.String({ description: 'Department kind handling the item in each county' }),
    effectiveFrom: Type.String({ description: 'Cases filed from this Asia/Shanghai date go to the county' }),
    reason: Type.String(),
    document: Nullable(Type.String()),
    status: StringEnum(DELEGATION_STATUSES),
    inForce: Type.Boolean({ description: 'Cases filed now go to the counties' }),
    rollbackReason: Nullable(Type.String()),
    rolledBackAt: Nullable(Type.String()),
    version: Type.Integer(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { $id: 'Delegation' },
);

export const DelegationBody = Strict({
  itemId: Id,
  fromRegion: Region,
  toRegions: Type.Array(Region, {
    minItems: 1,
    maxItems: 200,
    description: 'County-level division codes inside fromRegion',
  }),
  receivingKind: Type.Optional(
    Type.String({
      pattern: '^[A-Z]{2,8}$',
      description: 'Department kind receiving the item in each county; the item’s own by default',
    }),
  ),
  effectiveFrom: DateStr,
  reason: Reason,
  document: Type.Optional(Nullable(Type.String({ maxLength: 200 }))),
});

export const RollbackBody = Strict({ version: Version, reason: Reason });

export const CompetentBodySchema = Strict({
  region: Type.String(),
  regionName: Type.String(),
  department: Strict({ code: Type.String(), name: Type.String(), uscc: Type.String() }),
  implementation: Strict({
    implementationId: Type.String(),
    version: Type.Integer(),
    code: Type.String(),
    region: Type.String(),
  }),
  basis: StringEnum(['own', 'delegated'] as const),
  delegationId: Nullable(Type.String()),
});

export const ReportRowSchema = Strict({
  county: Type.String(),
  countyName: Type.String(),
  department: Dept,
  delegationId: Type.String(),
  itemId: Type.String(),
  itemName: Type.String(),
  fromRegion: Type.String(),
  fromRegionName: Type.String(),
  effectiveFrom: Type.String(),
  inForce: Type.Boolean(),
  volume: Nullable(
    Type.Integer({ description: 'Cases filed in the county under the delegation (null without a cases module)' }),
  ),
  decided: Nullable(
    Type.Integer({ description: 'Of those, decided: granted or denied (null without a cases module)' }),
  ),
  onTimeRate: Nullable(
    Type.Number({
      description: 'Share of the decided ones decided by their decision deadline, 0–1 (null without decisions)',
    }),
  ),
  metricsStatus: StringEnum(['from_cases', 'no_cases_module'] as const, {
    description: 'from_cases: counted by the cases module; no_cases_module: none installed, figures null',
  }),
  metricsNote: Strict({ zh: Type.String(), en: Type.String() }),
});
