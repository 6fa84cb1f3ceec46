/**
 * `buildGuide`: the 办事指南 of one implementation version, generated from its elements — never typed separately.
 * Pure: the same version always gives the same guide, so a published version's guide is as immutable as the
 * version. Every value shown comes from the version (its elements, its frozen item, department and region); the
 * only other words are the template's headings and labels (labels.ts).
 */
import { processDays, type Elements, type Material, type ProcessStep } from '../elements.ts';
import { ITEM_TYPES, type ImplementationVersion, type ItemType } from '../model.ts';
import { FIELD_TYPE_ZH, formFields, formTitle } from './form-fields.ts';
import {
  CHANNEL_ZH,
  FORM_ZH,
  HANDLE_ANYWHERE_ZH,
  HANDLING_KIND_ZH,
  HEADINGS,
  LABELS,
  NOTICES,
  REFORM_MODE_ZH,
  RESULT_ZH,
  ROLE_ZH,
  SERVICE_OBJECT_ZH,
  STATUS_ZH,
  UNIT_ZH,
  type LabelKey,
} from './labels.ts';
import type { Bilingual, Guide, GuideBlock, GuideSection, GuideStatus, SectionKey } from './schemas.ts';

/** What a guide is built from: a published version, or (for a staff preview) the working copy shaped alike. */
export type GuideSource = Pick<
  ImplementationVersion,
  | 'implementationId'
  | 'version'
  | 'code'
  | 'item'
  | 'region'
  | 'regionName'
  | 'department'
  | 'effectiveFrom'
  | 'derivedFrom'
  | 'elements'
  | 'illustrative'
> & { status: GuideStatus; publishedAt: string | null; digest: string | null };

const NONE = '无';
const SHANGHAI_OFFSET_MS = 8 * 3600_000;

export const workingDays = (n: number) => `${n} 个工作日`;

/** Integer fen as yuan with two decimals: 8000 → "80.00 元", 123456789 → "1,234,567.89 元". */
export function yuan(fen: number): string {
  const whole = Math.floor(fen / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${whole}.${String(fen % 100).padStart(2, '0')} 元`;
}

/** An instant as Asia/Shanghai wall time, `YYYY-MM-DD HH:mm` (China keeps no daylight saving). */
export function shanghaiTime(iso: string): string {
  const d = new Date(new Date(iso).getTime() + SHANGHAI_OFFSET_MS).toISOString();
  return `${d.slice(0, 10)} ${d.slice(11, 16)}`;
}

const joined = (xs: readonly string[]) => (xs.length ? xs.join('、') : NONE);
const orNone = (s: string | null | undefined) => (s?.trim() ? s.trim() : NONE);
const field = (key: LabelKey, value: string) => ({ key, label: LABELS[key], value });
const fields = (key: string, list: Array<ReturnType<typeof field>>): GuideBlock => ({
  kind: 'fields',
  key,
  fields: list,
});
const list = (key: string, items: string[], label: Bilingual | null = null): GuideBlock => ({
  kind: 'list',
  key,
  label,
  items,
});
const section = (key: SectionKey, ...blocks: GuideBlock[]): GuideSection => ({ key, heading: HEADINGS[key], blocks });

function table(
  key: string,
  label: Bilingual | null,
  columns: LabelKey[],
  rows: Array<Record<string, string>>,
): GuideBlock {
  return { kind: 'table', key, label, columns: columns.map((c) => ({ key: c, label: LABELS[c] })), rows };
}

function basic(s: GuideSource): GuideSection {
  const e = s.elements;
  const typeName = ITEM_TYPES[s.item.itemType as ItemType]?.zh ?? s.item.itemTypeName;
  return section(
    'basic',
    fields('basic', [
      field('itemName', s.item.name),
      field('itemType', typeName),
      field('code', s.code),
      field('basicCode', s.item.basicCode),
      field('implementingBody', s.department.name),
      field('implementingBodyUscc', s.department.uscc),
      field('entrustedBody', e.entrustedBody ? `${e.entrustedBody.name}（${e.entrustedBody.uscc}）` : NONE),
      field('region', s.regionName),
      ...(s.item.reformMode ? [field('reformMode', REFORM_MODE_ZH[s.item.reformMode])] : []),
      field('serviceObjects', joined(e.serviceObjects.map((o) => SERVICE_OBJECT_ZH[o]))),
      field('handlingKind', HANDLING_KIND_ZH[e.handlingKind]),
      field('statutoryDays', e.statutoryDays === null ? '无法定时限' : workingDays(e.statutoryDays)),
      field('promisedDays', e.handlingKind === 'immediate' ? '即办' : workingDays(e.promisedDays)),
      field('handleAnywhere', joined(e.handleAnywhere.map((h) => HANDLE_ANYWHERE_ZH[h]))),
    ]),
  );
}

function legalBasis(s: GuideSource): GuideSection {
  const items = s.item.legalBasis.map((c) => `${c.title}${c.article ?? ''}${c.excerpt ? `：“${c.excerpt}”` : ''}`);
  return section('legal_basis', list('legal_basis', items));
}

function sourceText(m: Material): string {
  const src = m.source;
  if (!src) return '未明确';
  if (src.kind === 'applicant') return '申请人自备';
  if (src.kind === 'government') return '政府部门核发';
  if (src.kind === 'certificate') return '电子证照';
  return `共享数据（${src.dataSource}）`;
}

/** 免提交: a certificate or shared data satisfies the material, so the applicant uploads nothing. */
export function certificateFree(m: Material): boolean {
  return m.source?.kind === 'certificate' || m.source?.kind === 'shared_data';
}

/** What 免提交 means, in plain words (the applicant brings nothing: the department fetches it). */
function submissionText(m: Material): string {
  if (m.source?.kind === 'certificate') return '免提交：该材料由部门通过电子证照获取，无需提交';
  if (m.source?.kind === 'shared_data') return '免提交：该材料由部门通过数据共享获取，无需提交';
  return '须提交';
}

/**
 * A blank form or sample as the applicant can get it: a web address is kept (the page links it); anything else —
 * a file name or path this platform does not serve — becomes "obtain it at the window", not a dead path.
 */
function fileText(s: string | null | undefined): string {
  const v = s?.trim();
  if (!v) return NONE;
  return /^https?:\/\/\S+$/.test(v) ? v : '可到办理窗口领取';
}

function materials(e: Elements): GuideSection {
  const rows = e.materials.map((m, i) => ({
    index: String(i + 1),
    materialName: m.name,
    requirement: m.requirement === 'required' ? '必要' : `按情形提供：${orNone(m.condition)}`,
    forms: m.forms.map((f) => FORM_ZH[f]).join('、'),
    paperCopies: m.paperCopies > 0 ? `${m.paperCopies} 份` : '不需纸质',
    source: sourceText(m),
    submission: submissionText(m),
    blankForm: fileText(m.blankForm),
    sample: fileText(m.sample),
  }));
  return section(
    'materials',
    table(
      'materials',
      null,
      ['index', 'materialName', 'requirement', 'forms', 'paperCopies', 'source', 'submission', 'blankForm', 'sample'],
      rows,
    ),
  );
}

function parallelWith(steps: ProcessStep[], s: ProcessStep): string {
  if (!s.parallelGroup) return NONE;
  const others = steps
    .filter((o) => o.parallelGroup === s.parallelGroup && o.key !== s.key)
    .map((o) => `「${o.name}」`);
  return others.length ? `与${others.join('')}并行` : NONE;
}

function process(e: Elements): GuideSection {
  const rows = e.process.map((p, i) => ({
    index: String(i + 1),
    stepName: p.name,
    role: ROLE_ZH[p.role as keyof typeof ROLE_ZH] ?? p.role,
    stepDays: workingDays(p.days),
    parallel: parallelWith(e.process, p),
  }));
  return section(
    'process',
    table('steps', null, ['index', 'stepName', 'role', 'stepDays', 'parallel'], rows),
    fields('total', [field('processDays', workingDays(processDays(e.process)))]),
  );
}

function fees(e: Elements): GuideSection {
  const f = e.fees;
  if (!f.charged) return section('fees', fields('fees', [field('charged', '不收费')]));
  const rows = f.items.map((x) => ({ feeName: x.name, amount: yuan(x.amountFen), basis: orNone(x.basis) }));
  return section(
    'fees',
    fields('fees', [field('charged', '收费'), field('feeBasis', orNone(f.basis))]),
    table('fee_items', LABELS.feeItems, ['feeName', 'amount', 'basis'], rows),
    list('reductions', f.reductions, LABELS.reductions),
  );
}

function channels(e: Elements): GuideSection {
  const d = e.onlineDepth;
  return section(
    'channels',
    fields('channels', [
      field('channels', joined(e.channels.map((c) => CHANNEL_ZH[c]))),
      field('onlineDepth', d.fullyOnline ? '全程网办' : '需到现场办理'),
      field('inPersonVisits', `${d.inPersonVisits} 次`),
    ]),
  );
}

function places(e: Elements): GuideSection {
  return section(
    'places',
    table(
      'places',
      null,
      ['placeName', 'address', 'hours'],
      e.places.map((p) => ({ placeName: p.name, address: p.address, hours: p.hours })),
    ),
  );
}

function validityText(v: Elements['resultValidity']): string {
  if (v.kind === 'long_term') return '长期有效';
  if (v.kind === 'period' && v.value !== null && v.unit !== null) return `${v.value} ${UNIT_ZH[v.unit]}`;
  return NONE;
}

function result(e: Elements): GuideSection {
  const r = e.result;
  return section(
    'result',
    fields('result', [
      field('resultKind', RESULT_ZH[r.kind]),
      field('resultName', orNone(r.name)),
      field('resultSample', fileText(r.sample)),
      field('validity', validityText(e.resultValidity)),
      field('quantityLimit', e.quantityLimit.limited ? orNone(e.quantityLimit.description) : '无数量限制'),
    ]),
  );
}

function intermediary(e: Elements): GuideSection {
  const rows = e.intermediaryServices.map((x) => ({
    serviceName: x.name,
    required: x.required ? '是' : '否',
    basis: orNone(x.basis),
  }));
  return section(
    'intermediary_services',
    table('intermediary_services', null, ['serviceName', 'required', 'basis'], rows),
  );
}

function contacts(e: Elements): GuideSection {
  return section(
    'contacts',
    list('consultation', e.contacts.consultation, LABELS.consultation),
    list('complaint', e.contacts.complaint, LABELS.complaint),
  );
}

/**
 * 版本与核验: what a person checking the guide needs (version, digest, derivation, certificate-type codes, the
 * form's semantic keys) and an applicant does not. The web shows it collapsed; print and PDF leave it out except
 * for a one-line footer (`verificationLine`).
 */
function version(s: GuideSource): GuideSection {
  const e = s.elements;
  const certificates = [
    ...e.materials
      .filter((m) => m.source?.kind === 'certificate' && m.source.certificateType)
      .map((m) => ({ subject: m.name, certificateType: m.source!.certificateType! })),
    ...(e.result.certificateType
      ? [{ subject: `${LABELS.resultName.zh}：${orNone(e.result.name)}`, certificateType: e.result.certificateType }]
      : []),
  ];
  const keys = formFields(e.form)
    .filter((f) => f.semanticKey)
    .map((f) => ({ fieldLabel: f.label, semanticKey: f.semanticKey }));
  return section(
    'version',
    fields('version', [
      field('version', `第 ${s.version} 版`),
      field('status', STATUS_ZH[s.status]),
      field('effectiveFrom', s.effectiveFrom),
      field('publishedAt', s.publishedAt ? shanghaiTime(s.publishedAt) : '未发布'),
      ...(s.digest ? [field('digest', s.digest)] : []),
      ...(s.derivedFrom
        ? [field('derivedFrom', `${s.derivedFrom.implementationId} 第 ${s.derivedFrom.version} 版`)]
        : []),
    ]),
    ...(certificates.length
      ? [table('certificate_types', LABELS.certificateTypes, ['subject', 'certificateType'], certificates)]
      : []),
    ...(keys.length ? [table('semantic_keys', LABELS.semanticKeys, ['fieldLabel', 'semanticKey'], keys)] : []),
  );
}

/** The one line print and PDF keep of 版本与核验 (no digest, no identifiers: those are on the web page). */
export function verificationLine(g: Pick<Guide, 'version' | 'effectiveFrom' | 'publishedAt'>): string {
  const published = g.publishedAt ? `，发布于 ${shanghaiTime(g.publishedAt)}` : '';
  return `版本与核验：第 ${g.version} 版，${g.effectiveFrom} 起施行${published}；内容摘要等核验信息见网上办事指南的“版本与核验”。`;
}

function form(e: Elements): GuideSection {
  const rows = formFields(e.form).map((f) => ({
    fieldLabel: f.label,
    fieldType: FIELD_TYPE_ZH[f.type] ?? f.type,
    fieldRequired: f.required ? '是' : '否',
  }));
  return section(
    'form',
    fields('form', [field('formTitle', orNone(formTitle(e.form)))]),
    table('fields', null, ['fieldLabel', 'fieldType', 'fieldRequired'], rows),
  );
}

function statusNotice(s: GuideSource, preview: boolean): Bilingual | null {
  if (preview) return NOTICES.preview;
  if (s.status === 'superseded') return NOTICES.superseded;
  if (s.status === 'retired') return NOTICES.retired;
  return null;
}

/** The public page path of an implementation's guide in force. */
export const guidePath = (implementationId: string) => `/guide/${encodeURIComponent(implementationId)}`;

/** Builds the guide of one version (or, with `preview`, of a working copy) from its elements. */
export function buildGuide(s: GuideSource, opts: { preview?: boolean } = {}): Guide {
  const e = s.elements;
  const preview = opts.preview ?? false;
  return {
    implementationId: s.implementationId,
    url: guidePath(s.implementationId),
    title: s.item.name,
    code: s.code,
    itemType: { code: s.item.itemType, name: ITEM_TYPES[s.item.itemType as ItemType]?.zh ?? s.item.itemTypeName },
    region: { code: s.region, name: s.regionName },
    department: { name: s.department.name, uscc: s.department.uscc },
    version: s.version,
    status: s.status,
    preview,
    effectiveFrom: s.effectiveFrom,
    publishedAt: s.publishedAt,
    digest: s.digest,
    illustrative: s.illustrative,
    notice: s.illustrative ? NOTICES.illustrative : null,
    statusNotice: statusNotice(s, preview),
    sections: [
      basic(s),
      legalBasis(s),
      section('acceptance_conditions', list('acceptance_conditions', e.acceptanceConditions)),
      materials(e),
      process(e),
      fees(e),
      channels(e),
      places(e),
      result(e),
      intermediary(e),
      contacts(e),
      form(e),
      version(s),
    ],
  };
}
