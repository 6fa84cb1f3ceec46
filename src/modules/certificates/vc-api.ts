/**
 * The W3C VC-API's issue endpoint (for conformance testing, admin only): checks the credential against the VC 2.0
 * data model, signs it with a department's key as a vc+jwt and answers it as an `EnvelopedVerifiableCredential`.
 * Nothing is stored: such a credential has no status entry and no certificate number.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid } from '../../kernel/errors.ts';
import { getDepartment } from '../registry/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { privateKeyOf, signingKey } from './keys.ts';
import { envelope, issuerIdOf, signCredential, VC_CONTEXT } from './credential.ts';

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isUrl = (v: unknown) => typeof v === 'string' && /^[a-zA-Z][a-zA-Z0-9+.-]*:\S+$/.test(v);
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const bad = (field: string, zh: string, en: string) => invalid(`credential.${field}`, 'VC_MALFORMED', zh, en);

/** 400 VC_MALFORMED naming the first thing the VC 2.0 data model does not allow. */
export function checkDataModel(vc: Record<string, unknown>): void {
  const ctx = vc['@context'];
  if (!Array.isArray(ctx) || ctx[0] !== VC_CONTEXT)
    throw bad(
      '@context',
      '@context 须为数组且以 VC 2.0 上下文开头',
      `@context must be an array starting with ${VC_CONTEXT}`,
    );
  const types = ([] as unknown[]).concat(vc.type ?? []);
  if (!types.includes('VerifiableCredential'))
    throw bad('type', 'type 须包含 VerifiableCredential', 'type must include VerifiableCredential');
  if (vc.id !== undefined && !isUrl(vc.id)) throw bad('id', 'id 须为 URL', 'id must be a URL');
  if (vc.issuer !== undefined && !isUrl(isObject(vc.issuer) ? vc.issuer.id : vc.issuer))
    throw bad('issuer', 'issuer 须为 URL 或带 id 的对象', 'issuer must be a URL or an object with an id');
  const subjects = ([] as unknown[]).concat(vc.credentialSubject ?? []);
  if (subjects.length === 0 || !subjects.every(isObject))
    throw bad('credentialSubject', '须有 credentialSubject 对象', 'credentialSubject must be an object (or objects)');
  for (const f of ['validFrom', 'validUntil'] as const)
    if (vc[f] !== undefined && !(typeof vc[f] === 'string' && DATE_TIME.test(vc[f] as string)))
      throw bad(f, `${f} 须为带时区的日期时间`, `${f} must be a date-time with a time zone`);
  if (
    typeof vc.validFrom === 'string' &&
    typeof vc.validUntil === 'string' &&
    Date.parse(vc.validFrom) > Date.parse(vc.validUntil)
  )
    throw bad('validUntil', 'validUntil 不能早于 validFrom', 'validUntil must not be before validFrom');
  if (vc.proof !== undefined) throw bad('proof', '待签发的凭证不能带 proof', 'A credential to issue has no proof yet');
}

export async function issueForConformance(
  k: Kernel,
  ctx: Ctx,
  credential: Record<string, unknown>,
  options: { department?: string },
) {
  requirePermission(ctx, P.issue_conformance);
  checkDataModel(credential);
  const code = options.department ?? ctx.principal.department;
  if (!code) throw invalid('options.department', 'FIELD_REQUIRED', '须指明签发部门', 'Name the issuing department');
  const dept = await getDepartment(k, code, undefined, 'options.department');
  const issuerId = issuerIdOf(dept.uscc);
  const given = isObject(credential.issuer) ? credential.issuer.id : credential.issuer;
  if (given !== undefined && given !== issuerId)
    throw bad('issuer', '签发者须为该部门', `The issuer must be the department (${issuerId})`);
  return k.db.transaction().execute(async (tx) => {
    const key = await signingKey(k, ctx, tx, dept.code);
    const vc = {
      ...credential,
      issuer: isObject(credential.issuer) ? credential.issuer : { id: issuerId, name: dept.name },
      validFrom: credential.validFrom ?? ctx.now.toISOString(),
    };
    const { jws } = await signCredential(vc, { kid: key.kid, alg: key.alg, privateKey: privateKeyOf(k, key) });
    return { verifiableCredential: envelope(jws) };
  });
}
