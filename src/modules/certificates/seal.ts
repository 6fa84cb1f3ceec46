/**
 * The department's e-seal (电子印章) for cases' decision documents: its JOSE issuer key signs them (cases' signer
 * seam). A department without a key yet keeps the platform key, and documents signed with the platform key still
 * verify, because each document records its algorithm and key id.
 */
import { sign, verify } from 'node:crypto';
import type { Kernel } from '../../kernel/kernel.ts';
import type { DocumentSigner } from '../cases/index.ts';
import { activeKeyRow, privateKeyOf, publicKeyOf } from './keys.ts';

export function sealSigner(k: Kernel, fallback: DocumentSigner): DocumentSigner {
  return {
    async sign(db, department, data) {
      const seal = await activeKeyRow(db, department, ['EdDSA', 'ES256']);
      if (!seal) return fallback.sign(db, department, data);
      const key = privateKeyOf(k, seal);
      const signature =
        seal.alg === 'ES256' ? sign('sha256', data, { key, dsaEncoding: 'ieee-p1363' }) : sign(null, data, key);
      return { alg: seal.alg, keyId: seal.kid, signature: signature.toString('base64url') };
    },
    async verify(db, keyId, alg, data, signature) {
      const key = await publicKeyOf(db, keyId);
      if (!key) return fallback.verify(db, keyId, alg, data, signature);
      try {
        const sig = Buffer.from(signature, 'base64url');
        return alg === 'ES256'
          ? verify('sha256', data, { key, dsaEncoding: 'ieee-p1363' }, sig)
          : alg === 'EdDSA' && verify(null, data, key, sig);
      } catch {
        return false;
      }
    },
  };
}
