/** The personal-data cipher: every encryption has its own nonce, and only the right key reads it back. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { PersonalDataCipher } from './crypto.ts';

test('encryptions of one value differ (a fresh nonce each) and decrypt back; another key cannot read them', () => {
  const cipher = new PersonalDataCipher(randomBytes(32));
  const id = '41010519800512103X';
  const tokens = Array.from({ length: 2000 }, () => cipher.encrypt(id)); // spans several refills of the random pool
  const nonces = new Set(tokens.map((t) => Buffer.from(t.slice(3), 'base64url').subarray(0, 12).toString('hex')));
  assert.equal(nonces.size, tokens.length, 'no nonce repeats');
  for (const t of tokens.slice(0, 50)) assert.equal(cipher.decrypt(t), id);
  assert.throws(() => new PersonalDataCipher(randomBytes(32)).decrypt(tokens[0]));
});
