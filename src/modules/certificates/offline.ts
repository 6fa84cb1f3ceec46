/**
 * Offline verification (`onewindow cert verify`): the keys come from a trust list file (this platform's or another's,
 * GET /api/v1/certificates/trust-list), revocation and suspension from status-list credential files
 * (GET /credentials/status/…) — each itself checked against the trust list. Nothing is fetched.
 */
import { compactVerify, importJWK, decodeProtectedHeader, type JWK } from 'jose';
import { decodeList } from './status-list.ts';
import { verifyJws, type TrustedKey, type Verification } from './verify-core.ts';
import type { TrustList } from './publish.ts';

export async function verifyOffline(
  input: string,
  opts: { trustList?: TrustList | null; statusLists?: string[]; now?: Date },
): Promise<Verification> {
  const keys = new Map<string, TrustedKey>();
  for (const i of opts.trustList?.issuers ?? [])
    for (const jwk of i.keys)
      keys.set(String(jwk.kid), {
        jwk,
        uscc: i.uscc,
        issuerName: i.name,
        validFrom: i.validFrom,
        validUntil: i.validUntil,
      });
  const lists = new Map<string, Buffer>();
  for (const jws of opts.statusLists ?? []) {
    try {
      const key = keys.get(String(decodeProtectedHeader(jws.trim()).kid));
      if (!key) continue; // a list nobody trusted signed proves nothing
      const { payload } = await compactVerify(jws.trim(), await importJWK(key.jwk as JWK));
      const vc = JSON.parse(new TextDecoder().decode(payload));
      lists.set(vc.id, decodeList(vc.credentialSubject.encodedList));
    } catch {
      // an unreadable list is left out: the status is then reported unchecked
    }
  }
  return verifyJws(input, {
    now: opts.now ?? new Date(),
    key: async (kid) => keys.get(kid) ?? null,
    statusBits: async (url) => lists.get(url) ?? null,
  });
}
