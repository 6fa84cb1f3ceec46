/**
 * Who signs decision documents, behind one small interface: the platform key (Ed25519, src/kernel/platform-keys.ts)
 * until the certificates module gives each department its e-seal key (电子印章), which then only has to implement
 * `DocumentSigner` — the documents, their table and the verification page stay as they are, because each document
 * records the algorithm and key id it was signed with.
 */
import { createPublicKey, sign, verify } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { loadPlatformKey, platformJwks } from '../../kernel/platform-keys.ts';

/**
 * Both calls read keys through `db` (the caller's transaction when signing): a key made or rotated in this
 * transaction or by another process is the one used, and nothing is cached that a rollback could leave behind.
 */
export interface DocumentSigner {
  /** Signs `data` for `department` (a department code); answers the signature (base64url) and what verifies it. */
  sign(db: Executor, department: string, data: Buffer): Promise<{ alg: string; keyId: string; signature: string }>;
  /** Whether `signature` over `data` verifies with key `keyId` (a retired key still verifies what it signed). */
  verify(db: Executor, keyId: string, alg: string, data: Buffer, signature: string): Promise<boolean>;
}

/** The platform key signs for every department (no e-seal keys yet). */
export function platformSigner(k: Pick<Kernel, 'config'>): DocumentSigner {
  return {
    async sign(_db, _department, data) {
      const key = loadPlatformKey(k.config);
      return { alg: key.alg, keyId: key.kid, signature: sign(null, data, key.privateKey).toString('base64url') };
    },
    async verify(_db, keyId, alg, data, signature) {
      if (alg !== 'EdDSA') return false;
      const jwk = platformJwks(k.config).keys.find((j) => j.kid === keyId);
      if (!jwk) return false;
      const publicKey = createPublicKey({ key: { kty: jwk.kty, crv: jwk.crv, x: jwk.x }, format: 'jwk' });
      try {
        return verify(null, data, publicKey, Buffer.from(signature, 'base64url'));
      } catch {
        return false;
      }
    },
  };
}

const signers = new WeakMap<object, DocumentSigner>();

/** The signer this kernel uses; `useDocumentSigner` swaps it (the certificates module's e-seals, or a test's). */
export function documentSignerOf(k: Pick<Kernel, 'config'>): DocumentSigner {
  return signers.get(k) ?? platformSigner(k);
}

export function useDocumentSigner(k: Pick<Kernel, 'config'>, signer: DocumentSigner): void {
  signers.set(k, signer);
}
