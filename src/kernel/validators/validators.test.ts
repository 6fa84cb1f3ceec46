import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Check } from '../errors.ts';
import { checkUscc, generateUscc, usccCheckChar, orgCodeCheckChar, USCC_CHARSET } from './uscc.ts';
import {
  checkResidentId,
  generateResidentId,
  maskResidentId,
  residentIdInfo,
  residentIdCheckChar,
} from './resident-id.ts';
import { checkMobile, normalizeMobile, maskMobile } from './mobile.ts';

function codeOf(c: Check): string | null {
  return c.ok ? null : c.code;
}

/** Replaces the character at `i` with another one from `alphabet`. */
function mutate(s: string, i: number, alphabet: string): string {
  const next = alphabet[(alphabet.indexOf(s[i]) + 1) % alphabet.length];
  return s.slice(0, i) + next + s.slice(i + 1);
}

const TODAY = new Date('2024-06-01T00:00:00Z');

test('USCC: real codes pass', () => {
  for (const s of ['91350213678251743X', '91440101MA5CJQ4N59']) assert.deepEqual(checkUscc(s), { ok: true }, s);
});

test('USCC: each failure has its own code', () => {
  assert.equal(codeOf(checkUscc('91350213678251743')), 'USCC_LENGTH');
  assert.equal(codeOf(checkUscc('')), 'USCC_LENGTH');
  assert.equal(codeOf(checkUscc('91350213678251743I')), 'USCC_CHARSET');
  assert.equal(
    codeOf(checkUscc('91350213678251743x')),
    'USCC_CHARSET',
    'the checker takes the normalized form; normalizeIdentifier upper-cases',
  );
  assert.equal(codeOf(checkUscc('B1350213678251743X')), 'USCC_AUTHORITY');
  assert.equal(codeOf(checkUscc('94350213678251743X')), 'USCC_ORG_TYPE');
  assert.equal(codeOf(checkUscc('Y2350213678251743X')), 'USCC_ORG_TYPE');
  assert.equal(codeOf(checkUscc('913502A3678251743X')), 'USCC_DIVISION');
  assert.equal(codeOf(checkUscc('913502136782517431')), 'USCC_CHECK_DIGIT');
  // Org code 67825174 with a wrong own check digit (4 instead of 3), pos 18 recomputed so only GB 11714 fails.
  const first17 = '9135021367825174' + '4';
  assert.equal(codeOf(checkUscc(first17 + usccCheckChar(first17))), 'USCC_ORG_CODE');
});

test('USCC: any single-character mutation is rejected', () => {
  const good = '91440101MA5CJQ4N59';
  for (let i = 0; i < 18; i++) {
    const bad = mutate(good, i, USCC_CHARSET);
    assert.equal(checkUscc(bad).ok, false, `${bad} (position ${i + 1})`);
  }
  assert.equal(codeOf(checkUscc(mutate(good, 17, USCC_CHARSET))), 'USCC_CHECK_DIGIT');
});

test('USCC: check-digit helpers match the examples', () => {
  assert.equal(usccCheckChar('91350213678251743'), 'X');
  assert.equal(orgCodeCheckChar('67825174'), '3');
  assert.equal(orgCodeCheckChar('MA5CJQ4N'), '5');
});

test('USCC: generated codes are valid, deterministic and distinct', () => {
  const seen = new Set<string>();
  for (let seq = 0; seq < 500; seq++) {
    const s = generateUscc({ division: '410105', seq });
    assert.deepEqual(checkUscc(s), { ok: true }, s);
    assert.match(s, /^91410105MA/);
    seen.add(s);
  }
  assert.equal(seen.size, 500);
  assert.equal(
    generateUscc({ division: '410105', seq: 7 }),
    generateUscc({ division: '410105', seq: 7, authority: '9', orgType: '1' }),
  );
  assert.ok(checkUscc(generateUscc({ division: '410100', seq: 31 ** 6 - 1 })).ok);
  assert.throws(() => generateUscc({ division: '4101', seq: 1 }), RangeError);
  assert.throws(() => generateUscc({ division: '410100', seq: -1 }), RangeError);
  assert.throws(() => generateUscc({ division: '410100', seq: 1.5 }), RangeError);
});

test('resident ID: valid numbers pass', () => {
  assert.deepEqual(checkResidentId('11010519491231002X', { today: TODAY }), { ok: true });
  assert.deepEqual(checkResidentId('11010519491231002X'), { ok: true });
});

test('resident ID: each failure has its own code', () => {
  const t = { today: TODAY };
  assert.equal(codeOf(checkResidentId('11010519491231002', t)), 'RESIDENT_ID_LENGTH');
  assert.equal(codeOf(checkResidentId('110105194912310021X', t)), 'RESIDENT_ID_LENGTH');
  assert.equal(codeOf(checkResidentId('11010519491231002x', t)), 'RESIDENT_ID_FORMAT');
  assert.equal(codeOf(checkResidentId('1101051949123100XX', t)), 'RESIDENT_ID_FORMAT');
  assert.equal(codeOf(checkResidentId('110105A9491231002X', t)), 'RESIDENT_ID_FORMAT');
  // Birth dates: impossible, before 1900, in the future (relative to `today`).
  const withBirth = (ymd: string, region = '110105') => {
    const f = `${region}${ymd}002`;
    return f + residentIdCheckChar(f);
  };
  assert.equal(codeOf(checkResidentId(withBirth('19490231'), t)), 'RESIDENT_ID_BIRTHDATE');
  assert.equal(codeOf(checkResidentId(withBirth('19491301'), t)), 'RESIDENT_ID_BIRTHDATE');
  assert.equal(codeOf(checkResidentId(withBirth('18991231'), t)), 'RESIDENT_ID_BIRTHDATE');
  assert.equal(codeOf(checkResidentId(withBirth('20240602'), t)), 'RESIDENT_ID_BIRTHDATE');
  assert.deepEqual(checkResidentId(withBirth('20240601'), t), { ok: true });
  assert.deepEqual(checkResidentId(withBirth('20000229'), t), { ok: true });
  assert.equal(codeOf(checkResidentId(withBirth('19000229'), t)), 'RESIDENT_ID_BIRTHDATE');
  // Regions: codes of no province and statistical functional zones are rejected; county codes of any province,
  // retired codes (110103 崇文区, 412701 周口市 of the former 周口地区) and unknown codes under a province are accepted.
  assert.equal(codeOf(checkResidentId(withBirth('19900101', '999999'), t)), 'RESIDENT_ID_REGION');
  assert.equal(codeOf(checkResidentId(withBirth('19900101', '991234'), t)), 'RESIDENT_ID_REGION');
  for (const region of ['110103', '110104', '412701', '412301', '310103', '412799'])
    assert.deepEqual(checkResidentId(withBirth('19800101', region), t), { ok: true }, region);
  assert.equal(codeOf(checkResidentId(withBirth('19900101', '410171'), t)), 'RESIDENT_ID_REGION');
  assert.deepEqual(checkResidentId(withBirth('19900101', '511602'), t), { ok: true });
  assert.equal(codeOf(checkResidentId('110105194912310021', t)), 'RESIDENT_ID_CHECK_DIGIT');
});

test('resident ID: any single-digit mutation of the check character is rejected', () => {
  const good = '11010519491231002X';
  for (const c of '0123456789') {
    assert.equal(codeOf(checkResidentId(good.slice(0, 17) + c, { today: TODAY })), 'RESIDENT_ID_CHECK_DIGIT');
  }
  const mutated = mutate(good, 15, '0123456789');
  assert.equal(codeOf(checkResidentId(mutated, { today: TODAY })), 'RESIDENT_ID_CHECK_DIGIT');
});

test('resident ID: generated numbers are valid and deterministic', () => {
  for (let seq = 0; seq <= 999; seq += 37) {
    const id = generateResidentId({ region: '410105', birthDate: '1985-07-14', seq });
    assert.deepEqual(checkResidentId(id), { ok: true }, id);
    assert.equal(id.slice(14, 17), String(seq).padStart(3, '0'));
  }
  const a = generateResidentId({ region: '511602', birthDate: '2000-02-29', seq: 123 });
  assert.equal(a, generateResidentId({ region: '511602', birthDate: '2000-02-29', seq: 123 }));
  assert.throws(() => generateResidentId({ region: '410105', birthDate: '1985-7-14', seq: 1 }), RangeError);
  assert.throws(() => generateResidentId({ region: '410105', birthDate: '1985-02-30', seq: 1 }), RangeError);
  assert.throws(() => generateResidentId({ region: '999999', birthDate: '1985-01-01', seq: 1 }), RangeError);
  assert.throws(() => generateResidentId({ region: '410105', birthDate: '1985-01-01', seq: 1000 }), RangeError);
});

test('resident ID: mask and info', () => {
  assert.equal(maskResidentId('41010519850714123X'), '4101**********123X');
  assert.equal(maskResidentId('123'), '***');
  assert.deepEqual(residentIdInfo('11010519491231002X'), { birthDate: '1949-12-31', sex: 'F', region: '110105' });
  const male = generateResidentId({ region: '410105', birthDate: '1985-07-14', seq: 123 });
  assert.deepEqual(residentIdInfo(male), { birthDate: '1985-07-14', sex: 'M', region: '410105' });
  assert.equal(residentIdInfo('110105194912310021'), null);
});

test('mobile: format, normalization and masking', () => {
  for (const s of [
    '13812345678',
    '19912345678',
    '+8613812345678',
    '+86 138-1234-5678',
    '008613812345678',
    '8613812345678',
  ]) {
    assert.deepEqual(checkMobile(s), { ok: true }, s);
    assert.equal(normalizeMobile(s), s.includes('199') ? '19912345678' : '13812345678');
  }
  for (const s of ['12812345678', '1381234567', '138123456789', '23812345678', '1381234567a', '', '+1 13812345678']) {
    assert.equal(codeOf(checkMobile(s)), 'MOBILE_FORMAT', s);
    assert.equal(normalizeMobile(s), null, s);
  }
  assert.equal(maskMobile('13812345678'), '138****5678');
  assert.equal(maskMobile('+86 13812345678'), '138****5678');
  assert.equal(maskMobile('123'), '***');
});
