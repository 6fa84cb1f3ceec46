/**
 * Where a material can come from besides an upload (免证可办 / 免提交), behind one small interface: cases declares it,
 * the certificates module registers its implementation at start-up (as with the result issuer). A material whose
 * implementation names `source.certificateType` may then be satisfied by one of the applicant's own certificates of
 * that type in force, verified in the transaction that records it. Cases never reads the source's tables; without a
 * registered source the choice answers 409 `MATERIAL_SOURCE_UNAVAILABLE`.
 *
 * Shared data (共享数据, `source.kind: 'shared_data'`): the catalog names a data source in free text
 * (`source.dataSource`, e.g. 人口基础信息库). DATA_SOURCE_NAMES maps such names to a registered shared-data source and
 * the data set it reads; an unmatched name stays an upload. Each source is registered at start-up by the module that
 * owns the data (the registry's for persons and enterprises — registered by cases, which reads it through the
 * registry's service functions —, the certificate library by the certificates module).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { Executor } from '../../kernel/db/types.ts';

export const SOURCE_KINDS = ['certificate', 'shared_data'] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** A record a source offers (a certificate), as an applicant or staff member may see it: personal data masked. */
export interface SourceRecord {
  /** The source's own id of the record (a certificate id). */
  id: string;
  /** Its human-readable number (a certificate's GB/T 36904 number). */
  number: string;
  type: { code: string; name: string };
  issuer: string;
  holderName: string;
  face: Record<string, unknown>;
  validFrom: string;
  validUntil: string | null;
  illustrative: boolean;
}

/** What a verification of the record said: valid, or the reason it is not (e.g. `revoked`), in words. */
export interface SourceCheck {
  valid: boolean;
  reason: string | null;
  message: { zh: string; en: string };
}

/** The applicant a source answers for: a person's account, or the enterprise acted for. */
export interface SourceApplicant {
  kind: 'person' | 'enterprise';
  account: string;
  enterpriseId: string | null;
}

export interface SourceUse {
  caseId: string;
  caseNumber: string;
  department: string;
  materialKey: string;
  materialName: string;
  /** The type the implementation names for this material. */
  certificateType: string;
  recordId: string;
}

export interface MaterialSource {
  kind: SourceKind;
  /** The applicant's records of `type` that could satisfy a material now (in force). */
  candidates(k: Kernel, ctx: Ctx, applicant: SourceApplicant, type: string): Promise<SourceRecord[]>;
  /**
   * In the caller's transaction: checks the record is the applicant's and of the type, verifies it (signature and
   * status), and lets the case's department use it (a grant, shown to the holder). Throws a 4xx AppError when it
   * cannot satisfy the material. Answers the record, the verification and the digest of what was verified.
   */
  use(
    k: Kernel,
    ctx: Ctx,
    tx: Executor,
    applicant: SourceApplicant,
    use: SourceUse,
  ): Promise<{ record: SourceRecord; check: SourceCheck; sha256: string; size: number }>;
  /**
   * A fresh look at a record a case's material relies on, for a reader of the case (the status list is
   * authoritative: a revocation made after filing shows here). A staff reader's look is logged for the holder.
   */
  look(
    k: Kernel,
    ctx: Ctx,
    recordId: string,
    use: { caseId: string; caseNumber: string },
  ): Promise<{ record: SourceRecord; check: SourceCheck } | null>;
}

const sources = new WeakMap<object, MaterialSource>();

/** Registers the material source (at start-up, by the module that provides it). */
export function useMaterialSource(k: Pick<Kernel, 'config'>, source: MaterialSource): void {
  sources.set(k, source);
}

export function materialSourceOf(k: Kernel): MaterialSource | null {
  return sources.get(k) ?? null;
}

/** A shared-data source (共享数据源): reads what it holds about the applicant, the data subject, for one material. */
export interface SharedDataSource {
  /** Its id in DATA_SOURCE_NAMES: `registry` or `certificates`. */
  id: string;
  name: { zh: string; en: string };
  /**
   * In the caller's transaction: what the source holds on the applicant in the data set (`person`, `enterprise`, a
   * certificate type code …), personal data masked; null when it holds nothing on them.
   */
  read(
    k: Kernel,
    ctx: Ctx,
    tx: Executor,
    applicant: SourceApplicant,
    dataset: string,
  ): Promise<SharedDataRecord | null>;
}

/** What a shared-data source answered: whose data, a masked identifier, and the fields read (masked). */
export interface SharedDataRecord {
  subject: { kind: 'person' | 'enterprise'; name: string; identifier: string };
  fields: Array<{ label: { zh: string; en: string }; value: string }>;
}

/**
 * The catalog's free-text data-source names (trimmed, exact) a built-in source answers, and the data set it reads.
 * A name not listed stays an upload.
 */
export const DATA_SOURCE_NAMES: ReadonlyArray<{ names: string[]; source: string; dataset: string }> = [
  {
    names: ['人口基础信息库', '全国人口基础信息库', '人口信息库', '公安人口信息系统', '居民身份信息'],
    source: 'registry',
    dataset: 'person',
  },
  {
    names: ['法人单位信息库', '法人单位基础信息库', '企业登记信息', '市场主体登记信息', '国家企业信用信息公示系统'],
    source: 'registry',
    dataset: 'enterprise',
  },
  { names: ['出生医学证明信息系统', '出生医学证明电子证照库'], source: 'certificates', dataset: 'DEMO.CSYXZM' },
  { names: ['婚姻登记信息系统', '婚姻登记电子证照库'], source: 'certificates', dataset: 'DEMO.JHZ' },
  { names: ['社会保障卡信息系统'], source: 'certificates', dataset: 'DEMO.SBK' },
  { names: ['食品经营许可信息系统', '食品经营许可电子证照库'], source: 'certificates', dataset: 'DEMO.SPJYXKZ' },
  { names: ['不动产登记信息共享平台'], source: 'certificates', dataset: 'DEMO.BDCQZS' },
  { names: ['营业执照电子证照库', '电子营业执照系统'], source: 'certificates', dataset: 'DEMO.YYZZ' },
];

/** The source and data set a catalog data-source name maps to, or null (an upload). */
export function matchDataSource(name: string | null | undefined): { source: string; dataset: string } | null {
  const n = name?.trim();
  if (!n) return null;
  const hit = DATA_SOURCE_NAMES.find((e) => e.names.includes(n));
  return hit ? { source: hit.source, dataset: hit.dataset } : null;
}

const shared = new WeakMap<object, Map<string, SharedDataSource>>();

/** Registers a shared-data source (at start-up, by the module that provides it). */
export function useSharedDataSource(k: Pick<Kernel, 'config'>, source: SharedDataSource): void {
  let m = shared.get(k);
  if (!m) shared.set(k, (m = new Map()));
  m.set(source.id, source);
}

export function sharedDataSourceOf(k: Kernel, id: string): SharedDataSource | null {
  return shared.get(k)?.get(id) ?? null;
}
