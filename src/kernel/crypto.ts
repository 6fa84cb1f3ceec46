/**
 * Personal-data protection: resident ID numbers and phone numbers are stored encrypted (AES-256-GCM) and found
 * through a keyed blind index (HMAC-SHA256), never in plaintext. Both keys derive from one 32-byte master key
 * (HKDF-SHA256 with distinct labels), so rotating the master key is one setting.
 *
 * Ciphertext format: "v1." + base64url(12-byte IV ‖ 16-byte tag ‖ ciphertext).
 */
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { takeRandom } from './ids.ts';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from './config.ts';

export class PersonalDataCipher {
  private readonly encKey: Buffer;
  private readonly indexKey: Buffer;

  constructor(masterKey: Buffer) {
    if (masterKey.length !== 32) throw new Error('personal-data master key must be 32 bytes');
    this.encKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'onewindow personal-data encryption v1', 32),
    );
    this.indexKey = Buffer.from(
      hkdfSync('sha256', masterKey, Buffer.alloc(0), 'onewindow personal-data blind index v1', 32),
    );
  }

  encrypt(plaintext: string): string {
    const iv = Buffer.allocUnsafe(12);
    takeRandom(iv, 12); // a fresh random 96-bit nonce, from the pooled CSPRNG bytes (ids.ts)
    const c = createCipheriv('aes-256-gcm', this.encKey, iv);
    const ct = Buffer.concat([c.update(plaintext, 'utf8'), c.final()]);
    return 'v1.' + Buffer.concat([iv, c.getAuthTag(), ct]).toString('base64url');
  }

  decrypt(token: string): string {
    if (!token.startsWith('v1.')) throw new Error('unknown ciphertext version');
    const raw = Buffer.from(token.slice(3), 'base64url');
    const d = createDecipheriv('aes-256-gcm', this.encKey, raw.subarray(0, 12));
    d.setAuthTag(raw.subarray(12, 28));
    return Buffer.concat([d.update(raw.subarray(28)), d.final()]).toString('utf8');
  }

  /** Deterministic keyed digest for equality lookup; `kind` keeps an ID and a phone with equal digits apart. */
  blindIndex(kind: 'resident_id' | 'mobile', value: string): string {
    return createHmac('sha256', this.indexKey).update(`${kind}:${value}`).digest('base64url');
  }
}

/**
 * The master key: ONEWINDOW_DATA_KEY (base64) when set; otherwise, outside production, a key generated once into
 * `<dataDir>/keys/personal-data.key` (mode 0600). Production refuses to run without a configured key.
 */
export function loadMasterKey(config: Config): Buffer {
  if (config.dataKey) {
    const k = Buffer.from(config.dataKey, 'base64');
    if (k.length !== 32) throw new Error('ONEWINDOW_DATA_KEY must be 32 bytes, base64-encoded');
    return k;
  }
  if (config.mode === 'production') throw new Error('ONEWINDOW_DATA_KEY is required in production mode');
  const file = path.join(config.dataDir, 'keys', 'personal-data.key');
  if (!fs.existsSync(file)) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    try {
      fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e; // another process made it first
    }
  }
  return Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
}
