/**
 * The platform's signing key: Ed25519, used for audit checkpoints (JWS, alg EdDSA) and anything else the platform
 * must be held to later. The private key never leaves this module; the public half is published as a JWKS at
 * `GET /.well-known/onewindow-platform-keys.json`, each key named by its RFC 7638 thumbprint (`kid`).
 *
 * Where the key comes from:
 *   - ONEWINDOW_PLATFORM_KEY: a PKCS8 PEM ("-----BEGIN PRIVATE KEY-----…", literal "\n" accepted for newlines) or a
 *     private JWK (JSON with kty OKP, crv Ed25519, x, d);
 *   - otherwise, outside production, a key generated once into `<dataDir>/keys/platform-ed25519.json` (a private JWK,
 *     mode 0600) on first use;
 *   - production refuses to run without a configured key.
 * ONEWINDOW_PLATFORM_RETIRED_KEYS (a JWKS or a JSON array of public JWKs) keeps earlier keys published after a
 * rotation, so checkpoints signed with them still verify.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

/** A public Ed25519 JWK as published. */
export interface PublicJwk {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  kid: string;
  alg: 'EdDSA';
  use: 'sig';
}

export interface PlatformKey {
  kid: string;
  alg: 'EdDSA';
  privateKey: KeyObject;
  publicJwk: PublicJwk;
  /** Where it came from: the configuration, or the development key file. */
  source: 'configured' | 'generated';
}

/** RFC 7638 JWK thumbprint (SHA-256, base64url) of an OKP key: over {"crv","kty","x"} in that order, no spaces. */
export function jwkThumbprint(jwk: { crv: string; kty: string; x: string }): string {
  return createHash('sha256')
    .update(JSON.stringify({ crv: jwk.crv, kty: jwk.kty, x: jwk.x }))
    .digest('base64url');
}

function publicJwkOf(key: KeyObject): PublicJwk {
  const jwk = createPublicKey(key).export({ format: 'jwk' }) as { kty: string; crv: string; x: string };
  if (jwk.kty !== 'OKP' || jwk.crv !== 'Ed25519') throw new Error('the platform key must be an Ed25519 key');
  return { kty: 'OKP', crv: 'Ed25519', x: jwk.x, kid: jwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' };
}

function parsePrivateKey(text: string, where: string): KeyObject {
  const t = text.trim();
  let key: KeyObject;
  try {
    if (t.startsWith('{')) {
      const jwk = JSON.parse(t) as Record<string, unknown>;
      if (typeof jwk.d !== 'string') throw new Error('the JWK has no private part (d)');
      key = createPrivateKey({ key: jwk as never, format: 'jwk' });
    } else {
      key = createPrivateKey({ key: t.replace(/\\n/g, '\n'), format: 'pem' });
    }
  } catch (e) {
    throw new Error(`${where} is not an Ed25519 private key (PKCS8 PEM or JWK): ${(e as Error).message}`, { cause: e });
  }
  if (key.asymmetricKeyType !== 'ed25519')
    throw new Error(`${where} must be an Ed25519 key, not ${key.asymmetricKeyType}`);
  return key;
}

/** The development key file: generated on first use (mode 0600); a concurrent first use by another process is fine. */
export function platformKeyFile(config: Config): string {
  return path.join(config.dataDir, 'keys', 'platform-ed25519.json');
}

function loadOrGenerate(file: string): KeyObject {
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    const jwk = privateKey.export({ format: 'jwk' }) as { kty: string; crv: string; x: string; d: string };
    const body = JSON.stringify({ ...jwk, kid: jwkThumbprint(jwk), alg: 'EdDSA', use: 'sig' }, null, 2) + '\n';
    try {
      fs.writeFileSync(file, body, { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
    }
  }
  return parsePrivateKey(fs.readFileSync(file, 'utf8'), file);
}

const cache = new WeakMap<Config, PlatformKey>();

/** The platform signing key for this configuration (loaded once per Config object). Throws in production without one. */
export function loadPlatformKey(config: Config): PlatformKey {
  const hit = cache.get(config);
  if (hit) return hit;
  let privateKey: KeyObject;
  let source: PlatformKey['source'];
  if (config.platformKey) {
    privateKey = parsePrivateKey(config.platformKey, 'ONEWINDOW_PLATFORM_KEY');
    source = 'configured';
  } else if (config.mode === 'production') {
    throw new Error(
      'ONEWINDOW_PLATFORM_KEY is required in production mode (the Ed25519 key that signs audit checkpoints)',
    );
  } else {
    privateKey = loadOrGenerate(platformKeyFile(config));
    source = 'generated';
  }
  const publicJwk = publicJwkOf(privateKey);
  const key: PlatformKey = { kid: publicJwk.kid, alg: 'EdDSA', privateKey, publicJwk, source };
  cache.set(config, key);
  return key;
}

function retiredKeys(config: Config): PublicJwk[] {
  if (!config.platformRetiredKeys) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(config.platformRetiredKeys);
  } catch (e) {
    throw new Error(`ONEWINDOW_PLATFORM_RETIRED_KEYS is not JSON: ${(e as Error).message}`, { cause: e });
  }
  const list = Array.isArray(parsed) ? parsed : (parsed as { keys?: unknown[] })?.keys;
  if (!Array.isArray(list))
    throw new Error('ONEWINDOW_PLATFORM_RETIRED_KEYS must be a JWKS ({"keys":[…]}) or an array of JWKs');
  return list.map((k, i) => {
    const j = k as { kty?: string; crv?: string; x?: string; d?: string };
    if (j.kty !== 'OKP' || j.crv !== 'Ed25519' || typeof j.x !== 'string')
      throw new Error(`ONEWINDOW_PLATFORM_RETIRED_KEYS[${i}] is not an Ed25519 public JWK`);
    if (j.d !== undefined)
      throw new Error(`ONEWINDOW_PLATFORM_RETIRED_KEYS[${i}] contains a private key; publish only the public part`);
    return {
      kty: 'OKP',
      crv: 'Ed25519',
      x: j.x,
      kid: jwkThumbprint({ crv: j.crv, kty: j.kty, x: j.x }),
      alg: 'EdDSA',
      use: 'sig',
    } satisfies PublicJwk;
  });
}

/** The published key set: the current key first, then retired ones (public parts only). */
export function platformJwks(config: Config): { keys: PublicJwk[] } {
  const current = loadPlatformKey(config).publicJwk;
  return { keys: [current, ...retiredKeys(config).filter((k) => k.kid !== current.kid)] };
}
