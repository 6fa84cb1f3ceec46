/**
 * SM2 with SM3 (GB/T 32918 / GB/T 35276) through sm-crypto: Node's own "SM2" curve does not produce GB/T 32918
 * signatures, so it is never used. Signatures are r‖s hex (64 bytes), over the message with the default user id
 * (1234567812345678) folded into the SM3 digest (`hash: true`).
 */
import { createRequire } from 'node:module';

interface SmCrypto {
  sm2: {
    generateKeyPairHex(): { publicKey: string; privateKey: string };
    doSignature(msg: string, privateKey: string, opts: { hash: boolean }): string;
    doVerifySignature(msg: string, sig: string, publicKey: string, opts: { hash: boolean }): boolean;
  };
}
const { sm2 } = createRequire(import.meta.url)('sm-crypto') as SmCrypto;

/** A new key pair: the public key as an EC JWK (crv "SM2"), the private key hex. */
export function generateSm2(): { publicJwk: { kty: 'EC'; crv: 'SM2'; x: string; y: string }; privateHex: string } {
  const { publicKey, privateKey } = sm2.generateKeyPairHex();
  const xy = Buffer.from(publicKey.slice(2), 'hex'); // 04 ‖ x ‖ y
  return {
    publicJwk: {
      kty: 'EC',
      crv: 'SM2',
      x: xy.subarray(0, 32).toString('base64url'),
      y: xy.subarray(32).toString('base64url'),
    },
    privateHex: privateKey,
  };
}

export function sm2PublicHex(jwk: { x?: unknown; y?: unknown }): string {
  return (
    '04' +
    Buffer.from(String(jwk.x), 'base64url').toString('hex') +
    Buffer.from(String(jwk.y), 'base64url').toString('hex')
  );
}

export function sm2Sign(message: string, privateHex: string): string {
  return Buffer.from(sm2.doSignature(message, privateHex, { hash: true }), 'hex').toString('base64url');
}

export function sm2Verify(message: string, signature: string, jwk: { x?: unknown; y?: unknown }): boolean {
  try {
    const hex = Buffer.from(signature, 'base64url').toString('hex');
    return sm2.doVerifySignature(message, hex, sm2PublicHex(jwk), { hash: true });
  } catch {
    return false;
  }
}
