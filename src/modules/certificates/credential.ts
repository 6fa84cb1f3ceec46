/**
 * The credential: a W3C Verifiable Credential 2.0 secured as a JWT per VC-JOSE-COSE (`typ: vc+jwt`, the credential
 * itself as the payload), signed with the issuing department's key; with an SM2/SM3 signature over the same bytes
 * (the JWS signing input) when the department has an SM2 key.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { CompactSign } from 'jose';
import { maskResidentId } from '../../kernel/validators/resident-id.ts';
import { sm2Sign } from './sm2.ts';
import { listId } from './status-list.ts';

export const VC_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const ENVELOPE_PREFIX = 'data:application/vc+jwt,';
export const issuerIdOf = (uscc: string) => `urn:uscc:${uscc}`;
export const usccOfIssuer = (id: string) => (id.startsWith('urn:uscc:') ? id.slice('urn:uscc:'.length) : null);

/** GB/T 36903 holder identifier types: 111 resident ID card, 001 unified social credit code. */
export type Holder =
  { kind: 'enterprise'; name: string; uscc: string } | { kind: 'person'; name: string; residentId: string | null };

/**
 * The holder as the credential carries it: an enterprise's USCC in full (public), a person's resident ID only masked
 * and as a salted SHA-256 digest (a verifier who is shown the ID can check it; the credential alone does not reveal it).
 */
export function holderClaims(h: Holder): Record<string, string> {
  if (h.kind === 'enterprise') return { idType: '001', id: h.uscc, name: h.name };
  if (!h.residentId) return { idType: '111', name: h.name };
  const salt = randomBytes(16).toString('base64url');
  return {
    idType: '111',
    idMasked: maskResidentId(h.residentId),
    idDigest: createHash('sha256').update(`${salt}:${h.residentId}`).digest('base64url'),
    idSalt: salt,
    name: h.name,
  };
}

export function statusEntries(baseUrl: string, department: string, index: number) {
  return (['revocation', 'suspension'] as const).map((purpose) => {
    const list = `${baseUrl}/credentials/status/${listId(department, purpose)}`;
    return {
      id: `${list}#${index}`,
      type: 'BitstringStatusListEntry',
      statusPurpose: purpose,
      statusListIndex: String(index),
      statusListCredential: list,
    };
  });
}

/** Signs `credential` as a vc+jwt; answers the compact JWS and, with an SM2 key, the SM2 signature of its input. */
export async function signCredential(
  credential: Record<string, unknown>,
  key: { kid: string; alg: string; privateKey: KeyObject },
  sm2?: { kid: string; privateHex: string },
): Promise<{ jws: string; sm2: { kid: string; signature: string } | null }> {
  const jws = await new CompactSign(Buffer.from(JSON.stringify(credential)))
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'vc+jwt', cty: 'vc' })
    .sign(key.privateKey);
  const input = jws.slice(0, jws.lastIndexOf('.'));
  return { jws, sm2: sm2 ? { kid: sm2.kid, signature: sm2Sign(input, sm2.privateHex) } : null };
}

/** The VC-API's envelope of a JWT-secured credential. */
export const envelope = (jws: string) => ({
  '@context': [VC_CONTEXT],
  id: ENVELOPE_PREFIX + jws,
  type: 'EnvelopedVerifiableCredential',
});
