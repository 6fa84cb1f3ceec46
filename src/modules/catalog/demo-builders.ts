/**
 * Builders for demo element sets: a material, a process, an application form with semantic keys, and the parts
 * every Henan demo implementation shares (contacts, service-center places). Everything built here is 示例 data.
 */
import type { Elements, Material, ProcessStep } from './elements.ts';
import { JSON_SCHEMA_2020_12 } from './form-schema.ts';

type Source = NonNullable<Material['source']>;

export const fromApplicant: Source = { kind: 'applicant', certificateType: null, dataSource: null };
export const fromGovernment: Source = { kind: 'government', certificateType: null, dataSource: null };
export const certificate = (certificateType: string): Source => ({
  kind: 'certificate',
  certificateType,
  dataSource: null,
});
export const sharedData = (dataSource: string): Source => ({ kind: 'shared_data', certificateType: null, dataSource });

/** Demo certificate type codes (证照类型代码); the certificates module will define the real ones. */
export const CERT = {
  businessLicence: 'DEMO.YYZZ',
  residentId: 'DEMO.JMSFZ',
  foodBusiness: 'DEMO.SPJYXKZ',
  publicPlaceHygiene: 'DEMO.GGCSWSXKZ',
  constructionPermit: 'DEMO.JZGCSGXKZ',
  drugBusiness: 'DEMO.YPJYXKZ',
  realEstate: 'DEMO.BDCQZS',
  landUsePermit: 'DEMO.JSGCGHXKZ',
  socialSecurityCard: 'DEMO.SBK',
  foodProduction: 'DEMO.SPSCXKZ',
  medicalInstitution: 'DEMO.YLJGZYXKZ',
  pollutantPermit: 'DEMO.PWXKZ',
  marriageCertificate: 'DEMO.JHZ',
  householdRegister: 'DEMO.HKB',
  birthCertificate: 'DEMO.CSYXZM',
} as const;

export function material(
  key: string,
  name: string,
  source: Source | null,
  o: Partial<Omit<Material, 'key' | 'name' | 'source'>> = {},
): Material {
  const electronicOnly = source !== null && source.kind !== 'applicant';
  return {
    key,
    name,
    requirement: o.requirement ?? 'required',
    condition: o.condition ?? null,
    forms: o.forms ?? (electronicOnly ? ['electronic'] : ['original', 'electronic']),
    paperCopies: o.paperCopies ?? (electronicOnly ? 0 : 1),
    blankForm: o.blankForm ?? null,
    sample: o.sample ?? null,
    source,
  };
}

/** An application form (申请表) the applicant fills in, with its blank form and sample. */
export function applicationForm(key: string, name: string): Material {
  return material(key, name, fromApplicant, { blankForm: `/forms/${key}.pdf`, sample: `/samples/${key}.pdf` });
}

/** Ordered steps: [key, name, role, days, parallel group?]. */
export function steps(...rows: Array<[string, string, ProcessStep['role'], number, string?]>): ProcessStep[] {
  return rows.map(([key, name, role, days, group]) => ({ key, name, role, days, parallelGroup: group ?? null }));
}

/** A standard acceptance → review → decision → delivery process whose days sum to `promised`. */
export function standardProcess(promised: number): ProcessStep[] {
  if (promised === 0)
    return steps(
      ['accept', '受理', 'window_clerk', 0],
      ['decide', '审批', 'approver', 0],
      ['deliver', '办结送达', 'window_clerk', 0],
    );
  const review = Math.max(0, promised - 2);
  return steps(
    ['accept', '受理', 'window_clerk', 1],
    ['review', '审查', 'reviewer', review],
    ['decide', '决定', 'approver', promised > 1 ? 1 : 0],
    ['deliver', '送达', 'window_clerk', 0],
  );
}

type Field = [
  key: string,
  title: string,
  type?: 'string' | 'integer' | 'number' | 'boolean',
  extra?: Record<string, unknown>,
];

/** A JSON Schema 2020-12 form; each field's semantic key names what it holds. */
export function form(title: string, ...fields: Field[]): unknown {
  const properties: Record<string, unknown> = {};
  const required: string[] = [];
  for (const [key, t, type = 'string', extra = {}] of fields) {
    const local = key.replace(/\./g, '_');
    properties[local] = { type, title: t, 'x-semantic-key': key, ...extra };
    if (!('x-optional' in extra)) required.push(local);
  }
  return { $schema: JSON_SCHEMA_2020_12, title, type: 'object', properties, required, additionalProperties: false };
}

export const APPLICANT_PERSON: Field[] = [
  ['applicant.name', '申请人姓名'],
  ['applicant.idNumber', '居民身份证号码', 'string', { pattern: '^\\d{17}[\\dX]$' }],
  ['applicant.phone', '联系电话', 'string', { pattern: '^1\\d{10}$' }],
];
export const APPLICANT_ENTERPRISE: Field[] = [
  ['enterprise.name', '单位名称'],
  [
    'enterprise.uscc',
    '统一社会信用代码',
    'string',
    { pattern: '^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$' },
  ],
  ['enterprise.legalRepName', '法定代表人（负责人）姓名'],
  ['applicant.name', '经办人姓名'],
  ['applicant.phone', '经办人联系电话', 'string', { pattern: '^1\\d{10}$' }],
];

export const CONTACTS: Elements['contacts'] = {
  consultation: ['12345 政务服务便民热线', '办理窗口现场咨询'],
  complaint: ['12345 政务服务便民热线', '政务服务“好差评”评价渠道'],
};

/** The service-center place of a region (names are demo names, addresses are not real). */
export function centerOf(regionName: string): Elements['places'] {
  return [
    {
      name: `${regionName}政务服务中心（示例）`,
      address: `${regionName}（示例地址）`,
      hours: '法定工作日 上午 9:00—12:00，下午 13:00—17:00',
    },
  ];
}

export const NO_FEES: Elements['fees'] = { charged: false, basis: null, items: [], reductions: [] };
export const NO_LIMIT: Elements['quantityLimit'] = { limited: false, description: null };
export const LONG_TERM: Elements['resultValidity'] = { kind: 'long_term', value: null, unit: null };
export const years = (n: number): Elements['resultValidity'] => ({ kind: 'period', value: n, unit: 'year' });

/** An element set with the shared defaults; `o` fills in or overrides the item-specific elements. */
export function elements(
  o: Pick<Elements, 'acceptanceConditions' | 'materials' | 'statutoryDays' | 'promisedDays' | 'result' | 'form'> &
    Partial<Elements>,
): Elements {
  const immediate = o.promisedDays === 0;
  return {
    entrustedBody: null,
    handlingKind: immediate ? 'immediate' : 'promised',
    fees: NO_FEES,
    serviceObjects: ['legal_person', 'other_organization'],
    channels: ['window', 'online', 'mobile'],
    onlineDepth: { fullyOnline: false, inPersonVisits: 1 },
    places: centerOf('河南省'),
    contacts: CONTACTS,
    resultValidity: LONG_TERM,
    quantityLimit: NO_LIMIT,
    handleAnywhere: ['province_wide'],
    intermediaryServices: [],
    process: standardProcess(o.promisedDays),
    ...o,
  };
}
