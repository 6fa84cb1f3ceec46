/**
 * Where a material can come from besides an upload (免证可办 / 免提交), behind one small interface: cases declares it,
 * the certificates module registers its implementation at start-up (as with the result issuer). A material whose
 * implementation names `source.certificateType` may then be satisfied by one of the applicant's own certificates of
 * that type in force, verified in the transaction that records it. Cases never reads the source's tables; without a
 * registered source the choice answers 409 `MATERIAL_SOURCE_UNAVAILABLE`.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { Executor } from '../../kernel/db/types.ts';

export const SOURCE_KINDS = ['certificate'] as const;
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
