/**
 * Who issues a granted case's result when it is a certificate (电子证照), behind one small interface: cases calls it
 * inside the decision's transaction when the pinned implementation's result names a `certificateType`; the
 * certificates module registers its implementation at start-up. Without one, nothing is issued (as before).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { Executor } from '../../kernel/db/types.ts';
import type { Step } from '../../kernel/lifecycle.ts';
import { getImplementationVersion, type Elements } from '../catalog/index.ts';
import type { CaseTable } from './tables.ts';

/** What a granted case tells the issuer. Personal data: the applicant's resident ID only in `residentId`. */
export interface GrantedResult {
  caseId: string;
  caseNumber: string;
  region: string;
  department: string;
  itemName: string;
  implementationCode: string;
  certificateType: string;
  resultName: string | null;
  resultValidity: Elements['resultValidity'];
  applicant: {
    kind: 'person' | 'enterprise';
    name: string;
    account: string | null;
    personId: string | null;
    enterpriseId: string | null;
    /** The applicant's resident ID from the form (decrypted), when the form has `applicant.idNumber`. */
    residentId: string | null;
  };
  /** The filed form's values by semantic key (`x-semantic-key`), ID and phone values masked. */
  facts: Record<string, unknown>;
  decidedAt: string;
}

export interface ResultIssuer {
  issue(k: Kernel, ctx: Ctx, tx: Executor, result: GrantedResult): Promise<void>;
}

const issuers = new WeakMap<object, ResultIssuer>();

export function useResultIssuer(k: Pick<Kernel, 'config'>, issuer: ResultIssuer): void {
  issuers.set(k, issuer);
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The grant's `after` step: hands a certificate result to the registered issuer, in the move's transaction. */
export async function issueResult(s: Step<CaseTable>): Promise<void> {
  const issuer = issuers.get(s.k);
  if (!issuer) return;
  const row = s.subject;
  const version = await getImplementationVersion(s.k, row.implementation_id, Number(row.implementation_version), s.tx);
  const certificateType = version.elements.result.certificateType;
  if (!certificateType) return;
  const facts: Record<string, unknown> = {};
  let residentId: string | null = null;
  const form = version.elements.form as unknown;
  if (isObject(form) && isObject(form.properties))
    for (const [name, prop] of Object.entries(form.properties)) {
      const key = isObject(prop) && typeof prop['x-semantic-key'] === 'string' ? prop['x-semantic-key'] : null;
      if (!key) continue;
      facts[key] = row.form_masked[name];
      const stored = row.form_data[name];
      if (key === 'applicant.idNumber' && typeof stored === 'string' && stored.startsWith('v1.'))
        residentId = s.k.cipher.decrypt(stored);
    }
  await issuer.issue(s.k, s.ctx, s.tx, {
    caseId: row.id,
    caseNumber: row.number,
    region: row.region,
    department: row.department_code,
    itemName: row.item_name,
    implementationCode: row.implementation_code,
    certificateType,
    resultName: version.elements.result.name,
    resultValidity: version.elements.resultValidity,
    applicant: {
      kind: row.applicant_kind === 'enterprise' ? 'enterprise' : 'person',
      name: row.applicant_name,
      account: row.applicant_account,
      personId: row.applicant_person_id,
      enterpriseId: row.applicant_enterprise_id,
      residentId,
    },
    facts,
    decidedAt: s.ctx.now.toISOString(),
  });
}
