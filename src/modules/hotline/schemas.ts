/** The hotline's HTTP schemas: what goes in and out (the output schemas keep personal data out). */
import { Type, Strict, StringEnum, Nullable } from '../../kernel/http.ts';
import { CHANNELS, OUTCOMES, REQUEST_TYPES, SATISFACTIONS, TICKET_STATUSES, URGENCIES } from './model.ts';

const Light = Nullable(StringEnum(['green', 'yellow', 'red'] as const));

export const TicketSchema = Strict({
  id: Type.String(),
  number: Type.String(),
  center: Strict({ id: Type.String(), name: Type.String() }),
  channel: StringEnum(CHANNELS),
  requestType: StringEnum(REQUEST_TYPES),
  topic: Strict({ code: Type.String(), name: Type.String() }),
  content: Type.String(),
  location: Strict({
    region: Type.String(),
    address: Nullable(Type.String()),
    lat: Nullable(Type.Number()),
    lng: Nullable(Type.Number()),
  }),
  urgency: StringEnum(URGENCIES),
  caller: Strict({ nameMasked: Nullable(Type.String()), phoneMasked: Nullable(Type.String()), hidden: Type.Boolean() }),
  confidential: Type.Boolean(),
  related: Strict({
    uscc: Nullable(Type.String()),
    caseNumber: Nullable(Type.String()),
    item: Nullable(Type.String()),
  }),
  /** A 办不成事 report (反映“办不成事”). */
  cannotGetDone: Type.Boolean(),
  accusedDepartment: Nullable(Type.String()),
  department: Nullable(Type.String()),
  routedRuleId: Nullable(Type.String()),
  status: StringEnum(TICKET_STATUSES),
  version: Type.Integer(),
  returnCount: Type.Integer(),
  repeatedReturns: Type.Boolean(),
  reopenCount: Type.Integer(),
  extensionDays: Type.Integer(),
  extensionRequestDays: Type.Integer(),
  outcome: Nullable(StringEnum(OUTCOMES)),
  reply: Nullable(Type.String()),
  repliedAt: Nullable(Type.String()),
  answer: Nullable(Type.String()),
  mergedInto: Nullable(Type.String()),
  supervisionLevel: Type.Integer(),
  deadlines: Type.Array(
    Strict({ purpose: Type.String(), dueAt: Nullable(Type.String()), provisional: Type.Boolean(), light: Light }),
  ),
  createdAt: Type.String(),
  closedAt: Nullable(Type.String()),
});

const Opt = Type.Optional;
export const TicketBody = Strict({
  channel: Opt(StringEnum(CHANNELS)),
  requestType: StringEnum(REQUEST_TYPES),
  topicCode: Type.String({ minLength: 1, maxLength: 80 }),
  content: Type.String({ minLength: 1, maxLength: 4000 }),
  region: Type.String({ pattern: '^\\d{6}$' }),
  address: Opt(Nullable(Type.String({ maxLength: 300 }))),
  lat: Opt(Nullable(Type.Number())),
  lng: Opt(Nullable(Type.Number())),
  urgency: Opt(StringEnum(URGENCIES)),
  callerName: Opt(Nullable(Type.String({ maxLength: 60 }))),
  callerPhone: Type.String({ minLength: 1, maxLength: 20 }),
  confidential: Opt(Type.Boolean()),
  relatedUscc: Opt(Nullable(Type.String({ maxLength: 18 }))),
  relatedCase: Opt(Nullable(Type.String({ maxLength: 60 }))),
  relatedItem: Opt(Nullable(Type.String({ maxLength: 200 }))),
  accusedDepartment: Opt(Nullable(Type.String({ maxLength: 40 }))),
  answer: Opt(Nullable(Type.String({ maxLength: 4000 }))),
  dispatch: Opt(Nullable(Strict({ department: Opt(Nullable(Type.String({ maxLength: 40 }))) }))),
});

export const CitizenTicketBody = Strict({
  requestType: StringEnum(REQUEST_TYPES),
  topicCode: Type.String({ minLength: 1, maxLength: 80 }),
  content: Type.String({ minLength: 1, maxLength: 4000 }),
  region: Type.String({ pattern: '^\\d{6}$' }),
  address: Opt(Nullable(Type.String({ maxLength: 300 }))),
  lat: Opt(Nullable(Type.Number())),
  lng: Opt(Nullable(Type.Number())),
  callerName: Opt(Nullable(Type.String({ maxLength: 60 }))),
  callerPhone: Type.String({ minLength: 1, maxLength: 20 }),
  confidential: Opt(Type.Boolean()),
});

/** One body for every lifecycle move: each action reads the fields it needs. */
export const MoveBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  reason: Opt(Nullable(Type.String({ maxLength: 500 }))),
  department: Opt(Nullable(Type.String({ maxLength: 40 }))),
  days: Opt(Type.Integer({ minimum: 1, maximum: 30 })),
  outcome: Opt(StringEnum(OUTCOMES)),
  reply: Opt(Type.String({ maxLength: 4000 })),
  answer: Opt(Type.String({ maxLength: 4000 })),
  /** `transfer`: the receiving center's id. */
  center: Opt(Type.String({ minLength: 1, maxLength: 64 })),
});

export const CallbackBody = Strict({
  version: Type.Integer({ minimum: 1 }),
  reached: Type.Boolean(),
  satisfaction: Opt(Nullable(StringEnum(SATISFACTIONS))),
  note: Opt(Nullable(Type.String({ maxLength: 500 }))),
});

export const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 64 }) });

export const RuleSchema = Strict({
  id: Type.String(),
  centerId: Type.String(),
  topicCode: Type.String(),
  region: Type.String(),
  departmentCode: Type.String(),
  priority: Type.Integer(),
  active: Type.Boolean(),
  version: Type.Integer(),
});
export const RuleBody = Strict({
  topicCode: Type.String({ minLength: 1, maxLength: 80 }),
  region: Type.String({ pattern: '^\\d{6}$' }),
  departmentCode: Type.String({ minLength: 1, maxLength: 40 }),
  priority: Opt(Type.Integer({ minimum: -100, maximum: 100 })),
  active: Opt(Type.Boolean()),
});

export const DuplicateSchema = Strict({
  id: Type.String(),
  number: Type.String(),
  content: Type.String(),
  status: Type.String(),
  score: Type.Number(),
});
export const AnswerSchema = Strict({
  id: Type.String(),
  source: StringEnum(['curated', 'past_reply'] as const, {
    description: 'curated: kept by a center; past_reply: a past good reply, personal data stripped (id: the ticket’s)',
  }),
  region: Type.String(),
  topicCode: Nullable(Type.String()),
  question: Type.String(),
  answer: Type.String(),
});
export const GuideHintSchema = Strict({
  implementationId: Type.String(),
  name: Type.String(),
  departmentName: Type.String(),
  promisedDays: Nullable(Type.Integer()),
  summary: Type.String(),
});
