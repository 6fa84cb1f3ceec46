import { normalizeIdentifier } from '../../kernel/validators/identifiers.ts';
import { Nullable } from '../../kernel/http.ts';
/**
 * The national element set of an implementation (实施清单要素): its schema (which the HTTP layer validates and the
 * TypeScript type is derived from) and the checks between elements that a schema cannot say (promised ≤ statutory,
 * immediate items take no days, a certificate result names its type, …). `checkElements` throws a 400 naming the
 * element; `impossibilities` lists what makes a complete-looking implementation impossible to apply for.
 */
import { Type, type Static } from '@fastify/type-provider-typebox';
import { invalid } from '../../kernel/errors.ts';
import { checkUscc } from '../../kernel/validators/uscc.ts';
import { STAFF_ROLES } from '../../kernel/auth/roles.ts';
import { checkFormSchema } from './form-schema.ts';

const Enum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });
const Obj = <T extends Parameters<typeof Type.Object>[0]>(props: T, description?: string) =>
  Type.Object(props, { additionalProperties: false, ...(description ? { description } : {}) });
const Text = (max: number, minLength = 1) => Type.String({ minLength, maxLength: max });
const Key = Type.String({ pattern: '^[a-z][a-z0-9_]{0,39}$', description: 'Stable key within the implementation' });

export const SERVICE_OBJECTS = ['natural_person', 'legal_person', 'other_organization'] as const;
export const CHANNELS = ['window', 'online', 'mobile', 'self_service', 'mail'] as const;
export const MATERIAL_FORMS = ['original', 'copy', 'electronic'] as const;
export const MATERIAL_SOURCES = ['applicant', 'certificate', 'shared_data', 'government'] as const;
export const RESULT_KINDS = ['certificate', 'decision', 'none'] as const;
export const VALIDITY_KINDS = ['none', 'long_term', 'period'] as const;
export const HANDLE_ANYWHERE = ['province_wide', 'cross_province'] as const;
/** 即办件 concluded on the spot · 承诺件 concluded within the promised limit. */
export const HANDLING_KINDS = ['immediate', 'promised'] as const;
/** A certificate type code (证照类型代码), e.g. `11100000MB0143028R-FOOD-BIZ`. */
export const CERTIFICATE_TYPE_PATTERN = '^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$';

export const MaterialSchema = Obj({
  key: Key,
  name: Text(200),
  requirement: Enum(['required', 'conditional'] as const),
  /** When a conditional material is needed (e.g. 委托他人办理的). */
  condition: Nullable(Text(300, 0)),
  forms: Type.Array(Enum(MATERIAL_FORMS), {
    minItems: 1,
    uniqueItems: true,
    description: 'original / copy / electronic',
  }),
  paperCopies: Type.Integer({ minimum: 0, maximum: 20 }),
  blankForm: Nullable(Text(500)),
  sample: Nullable(Text(500)),
  /** Where the material comes from; null while not yet decided (an impossibility for a required material). */
  source: Nullable(
    Obj({
      kind: Enum(MATERIAL_SOURCES),
      certificateType: Nullable(Type.String({ pattern: CERTIFICATE_TYPE_PATTERN })),
      dataSource: Nullable(Text(200)),
    }),
  ),
});

export const ProcessStepSchema = Obj({
  key: Key,
  name: Text(60),
  role: Enum(STAFF_ROLES as readonly string[] as readonly (typeof STAFF_ROLES)[number][]),
  days: Type.Integer({ minimum: 0, maximum: 3650, description: 'Step limit in working days' }),
  /** Steps sharing a group run in parallel; a group's steps must be adjacent. */
  parallelGroup: Nullable(Type.String({ pattern: '^[a-z0-9_]{1,20}$' })),
});

const Body = Obj({ name: Text(200), uscc: Type.String({ minLength: 18, maxLength: 18 }) });

export const ElementsSchema = Obj(
  {
    entrustedBody: Nullable(Body),
    acceptanceConditions: Type.Array(Text(500), { maxItems: 50 }),
    materials: Type.Array(MaterialSchema, { maxItems: 100 }),
    statutoryDays: Nullable(Type.Integer({ minimum: 0, maximum: 3650 })),
    promisedDays: Type.Integer({ minimum: 0, maximum: 3650 }),
    handlingKind: Enum(HANDLING_KINDS),
    fees: Obj({
      charged: Type.Boolean(),
      basis: Nullable(Text(500)),
      items: Type.Array(
        Obj({ name: Text(200), amountFen: Type.Integer({ minimum: 0, maximum: 1e12 }), basis: Nullable(Text(500)) }),
        { maxItems: 50 },
      ),
      reductions: Type.Array(Text(500), { maxItems: 20 }),
    }),
    serviceObjects: Type.Array(Enum(SERVICE_OBJECTS), { uniqueItems: true }),
    channels: Type.Array(Enum(CHANNELS), { uniqueItems: true }),
    onlineDepth: Obj({ fullyOnline: Type.Boolean(), inPersonVisits: Type.Integer({ minimum: 0, maximum: 10 }) }),
    places: Type.Array(Obj({ name: Text(200), address: Text(300), hours: Text(200) }), { maxItems: 50 }),
    contacts: Obj({
      consultation: Type.Array(Text(200), { maxItems: 10 }),
      complaint: Type.Array(Text(200), { maxItems: 10 }),
    }),
    result: Obj({
      kind: Enum(RESULT_KINDS),
      name: Nullable(Text(200)),
      certificateType: Nullable(Type.String({ pattern: CERTIFICATE_TYPE_PATTERN })),
      sample: Nullable(Text(500)),
    }),
    resultValidity: Obj({
      kind: Enum(VALIDITY_KINDS),
      value: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
      unit: Nullable(Enum(['year', 'month', 'day'] as const)),
    }),
    quantityLimit: Obj({ limited: Type.Boolean(), description: Nullable(Text(300)) }),
    handleAnywhere: Type.Array(Enum(HANDLE_ANYWHERE), { uniqueItems: true }),
    intermediaryServices: Type.Array(Obj({ name: Text(200), required: Type.Boolean(), basis: Nullable(Text(500)) }), {
      maxItems: 20,
    }),
    process: Type.Array(ProcessStepSchema, { maxItems: 30 }),
    form: Type.Unknown({
      description: 'The application form: a JSON Schema 2020-12 object schema whose fields carry x-semantic-key',
    }),
  },
  'The national element set of an implementation',
);

export type Elements = Static<typeof ElementsSchema>;
export type Material = Static<typeof MaterialSchema>;
export type ProcessStep = Static<typeof ProcessStepSchema>;
export const ELEMENT_KEYS = Object.keys(ElementsSchema.properties) as Array<keyof Elements>;

function fail(path: string, code: string, zh: string, en: string): never {
  throw invalid(`elements.${path}`, code, zh, en);
}

function uniqueKeys(list: Array<{ key: string }>, path: string): void {
  const seen = new Set<string>();
  list.forEach((x, i) => {
    if (seen.has(x.key)) fail(`${path}.${i}.key`, 'DUPLICATE_KEY', `键 ${x.key} 重复`, `Key ${x.key} is used twice`);
    seen.add(x.key);
  });
}

function checkLimits(e: Elements): void {
  if (e.statutoryDays !== null && e.promisedDays > e.statutoryDays) {
    fail(
      'promisedDays',
      'PROMISED_EXCEEDS_STATUTORY',
      `承诺时限（${e.promisedDays} 个工作日）不得超过法定时限（${e.statutoryDays} 个工作日）`,
      `The promised limit (${e.promisedDays} working days) must not exceed the statutory limit (${e.statutoryDays})`,
    );
  }
  if (e.handlingKind === 'immediate' && e.promisedDays !== 0) {
    fail(
      'promisedDays',
      'IMMEDIATE_ITEM_HAS_DAYS',
      '即办件的承诺时限应为 0 个工作日',
      'An immediate item (即办件) has a promised limit of 0 working days',
    );
  }
  if (e.handlingKind === 'promised' && e.promisedDays === 0) {
    fail(
      'promisedDays',
      'PROMISED_ITEM_WITHOUT_DAYS',
      '承诺件须有大于 0 的承诺时限',
      'A promised item (承诺件) needs a promised limit above 0',
    );
  }
}

function checkMaterials(e: Elements): void {
  uniqueKeys(e.materials, 'materials');
  e.materials.forEach((m, i) => {
    const s = m.source;
    if (s?.kind === 'certificate' && !s.certificateType)
      fail(
        `materials.${i}.source.certificateType`,
        'MATERIAL_SOURCE_INCOMPLETE',
        '证照来源须写明证照类型代码',
        'A certificate source names its certificate type',
      );
    if (s?.kind === 'shared_data' && !s.dataSource?.trim())
      fail(
        `materials.${i}.source.dataSource`,
        'MATERIAL_SOURCE_INCOMPLETE',
        '共享数据来源须写明数据源',
        'A shared-data source names its data source',
      );
    if (s && s.kind !== 'certificate' && s.certificateType)
      fail(
        `materials.${i}.source.certificateType`,
        'MATERIAL_SOURCE_INCONSISTENT',
        '只有证照来源才有证照类型',
        'Only a certificate source has a certificate type',
      );
    if (!m.forms.some((f) => f !== 'electronic') && m.paperCopies > 0)
      fail(
        `materials.${i}.paperCopies`,
        'MATERIAL_PAPER_COPIES',
        '仅电子材料不应要求纸质份数',
        'An electronic-only material has no paper copies',
      );
  });
}

function checkFeesAndService(e: Elements): void {
  if (e.fees.charged !== e.fees.items.length > 0) {
    fail(
      'fees.items',
      'FEES_INCONSISTENT',
      '收费事项须列出收费项目，不收费事项不应有收费项目',
      'A charged item lists its fee items; a free item lists none',
    );
  }
  const d = e.onlineDepth;
  if (d.fullyOnline && d.inPersonVisits !== 0)
    fail(
      'onlineDepth.inPersonVisits',
      'ONLINE_DEPTH_INCONSISTENT',
      '全程网办事项到现场次数应为 0',
      'A fully online item needs no in-person visit',
    );
  if (!d.fullyOnline && d.inPersonVisits === 0)
    fail(
      'onlineDepth.inPersonVisits',
      'ONLINE_DEPTH_INCONSISTENT',
      '非全程网办事项须写明到现场次数',
      'An item that is not fully online states its in-person visits',
    );
  if (d.fullyOnline && !e.channels.some((c) => c === 'online' || c === 'mobile'))
    fail(
      'channels',
      'ONLINE_DEPTH_INCONSISTENT',
      '全程网办事项须有网上或移动端渠道',
      'A fully online item needs an online or mobile channel',
    );
  if (e.entrustedBody) {
    // The one case rule for identifiers: the stored elements keep the upper-cased USCC.
    e.entrustedBody.uscc = normalizeIdentifier(e.entrustedBody.uscc);
    const c = checkUscc(e.entrustedBody.uscc);
    if (!c.ok) fail('entrustedBody.uscc', c.code, c.zh, c.en);
  }
}

function checkResult(e: Elements): void {
  const r = e.result;
  if (r.kind === 'certificate' && !r.certificateType)
    fail(
      'result.certificateType',
      'RESULT_INCOMPLETE',
      '证照类结果须写明证照类型代码',
      'A certificate result names its certificate type',
    );
  if (r.kind !== 'certificate' && r.certificateType)
    fail(
      'result.certificateType',
      'RESULT_INCONSISTENT',
      '只有证照类结果才有证照类型',
      'Only a certificate result has a certificate type',
    );
  if (r.kind !== 'none' && !r.name?.trim())
    fail('result.name', 'RESULT_INCOMPLETE', '须写明办理结果名称', 'Name the result');
  const v = e.resultValidity;
  if (v.kind === 'period' && (v.value === null || v.unit === null))
    fail(
      'resultValidity',
      'VALIDITY_INCOMPLETE',
      '有期限的结果须写明期限和单位',
      'A validity period needs a value and a unit',
    );
  if (v.kind !== 'period' && (v.value !== null || v.unit !== null))
    fail(
      'resultValidity',
      'VALIDITY_INCONSISTENT',
      '只有定期有效才有期限',
      'Only a period validity has a value and unit',
    );
  if (e.quantityLimit.limited && !e.quantityLimit.description?.trim())
    fail(
      'quantityLimit.description',
      'QUANTITY_LIMIT_INCOMPLETE',
      '有数量限制的须写明限制',
      'Describe the quantity limit',
    );
}

function checkProcess(e: Elements): void {
  uniqueKeys(e.process, 'process');
  const closed = new Set<string>();
  let open: string | null = null;
  e.process.forEach((s, i) => {
    if (s.parallelGroup !== open) {
      if (open) closed.add(open);
      if (s.parallelGroup && closed.has(s.parallelGroup))
        fail(
          `process.${i}.parallelGroup`,
          'PROCESS_GROUP_SPLIT',
          `并行组 ${s.parallelGroup} 的环节须相邻`,
          `The steps of parallel group ${s.parallelGroup} must be adjacent`,
        );
      open = s.parallelGroup;
    }
  });
}

/** Checks the relations between elements; throws a 400 naming the first element at fault. */
export function checkElements(e: Elements): void {
  checkLimits(e);
  checkMaterials(e);
  checkFeesAndService(e);
  checkResult(e);
  checkProcess(e);
  const f = checkFormSchema(e.form);
  if (!f.ok) fail(`form${f.path ? '.' + f.path : ''}`, f.code, f.zh, f.en);
}

/** Working days along the process: steps in order, a parallel group counting as its longest step. */
export function processDays(steps: ProcessStep[]): number {
  let total = 0;
  const groups = new Map<string, number>();
  for (const s of steps) {
    if (!s.parallelGroup) total += s.days;
    else groups.set(s.parallelGroup, Math.max(groups.get(s.parallelGroup) ?? 0, s.days));
  }
  for (const d of groups.values()) total += d;
  return total;
}

export interface Impossibility {
  code: 'NO_CHANNEL' | 'NO_PROCESS' | 'PROMISED_EXCEEDS_STATUTORY' | 'MATERIAL_WITHOUT_SOURCE';
  element: string;
  zh: string;
  en: string;
}

/** What makes an implementation impossible to apply for or to handle; empty when none. */
export function impossibilities(e: Elements): Impossibility[] {
  const out: Impossibility[] = [];
  if (e.channels.length === 0)
    out.push({ code: 'NO_CHANNEL', element: 'channels', zh: '没有任何办理渠道', en: 'No channel to apply through' });
  if (e.process.length === 0)
    out.push({ code: 'NO_PROCESS', element: 'process', zh: '没有办理流程', en: 'No process steps' });
  if (e.statutoryDays !== null && e.promisedDays > e.statutoryDays) {
    out.push({
      code: 'PROMISED_EXCEEDS_STATUTORY',
      element: 'promisedDays',
      zh: `承诺时限 ${e.promisedDays} 超过法定时限 ${e.statutoryDays}`,
      en: `Promised ${e.promisedDays} exceeds statutory ${e.statutoryDays}`,
    });
  }
  e.materials.forEach((m, i) => {
    if (m.requirement === 'required' && !m.source)
      out.push({
        code: 'MATERIAL_WITHOUT_SOURCE',
        element: `materials.${i}`,
        zh: `必要材料「${m.name}」没有来源`,
        en: `Required material "${m.name}" has no source`,
      });
  });
  return out;
}

/** The element set as plain text, for search indexing (names, conditions, materials, contacts, places). */
export function elementText(e: Elements): string {
  return [
    ...e.acceptanceConditions,
    ...e.materials.flatMap((m) => [m.name, m.condition ?? '']),
    ...e.fees.items.map((f) => f.name),
    ...e.places.flatMap((p) => [p.name, p.address]),
    e.result.name ?? '',
    ...e.process.map((s) => s.name),
  ]
    .filter((s) => s.trim())
    .join('\n');
}
