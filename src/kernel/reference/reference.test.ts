import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  getDivisions,
  findDivision,
  childrenOf,
  ancestorsOf,
  isWithin,
  knownCountyCodes,
  checkDivisionCode,
  fullName,
  parseCsvLine,
} from './divisions.ts';
import { industrySections, industryDivisions, findIndustry, checkIndustryCode } from './industries.ts';

test('divisions: all provinces are present, municipalities have no children', () => {
  const provinces = [...getDivisions().values()].filter((d) => d.level === 'province');
  assert.equal(provinces.length, 34);
  assert.equal(findDivision('110000')?.name, '北京市');
  assert.equal(findDivision('110101'), undefined);
  assert.deepEqual(childrenOf('110000'), []);
  assert.equal(findDivision('440100')?.level, 'city');
  assert.equal(findDivision('440106'), undefined);
  assert.equal(findDivision('429004')?.parent, '420000');
});

test('divisions: Henan has 17 prefecture cities plus 济源 directly under the province', () => {
  const kids = childrenOf('410000');
  assert.equal(kids.filter((d) => d.level === 'city').length, 17);
  const jiyuan = kids.find((d) => d.code === '419001');
  assert.equal(jiyuan?.name, '济源市');
  assert.equal(jiyuan?.level, 'county');
  assert.equal(kids.length, 18);
});

test('divisions: Henan counties and stats-only functional zones', () => {
  const zone = findDivision('410173');
  assert.equal(zone?.gbt2260, false);
  assert.equal(zone?.source, 'stats-2023');
  assert.equal(zone?.parent, '410100');
  assert.equal(findDivision('410171')?.parent, '410100');
  assert.equal(findDivision('411771')?.parent, '411700');
  assert.equal(findDivision('410105')?.gbt2260, true);
  assert.equal(findDivision('410105')?.source, 'gbt2260-2019');
  assert.ok(childrenOf('410100').some((d) => d.code === '410172'));
  for (const d of getDivisions().values()) assert.notEqual(d.name, '市辖区');
});

test('divisions: ancestry', () => {
  assert.deepEqual(ancestorsOf('410105').map((d) => d.code), ['410100', '410000']);
  assert.deepEqual(ancestorsOf('410000'), []);
  assert.ok(isWithin('410105', '410100'));
  assert.ok(isWithin('410105', '410000'));
  assert.ok(isWithin('410105', '410105'));
  assert.ok(!isWithin('410105', '410200'));
  assert.ok(!isWithin('999999', '999999'));
  assert.ok(isWithin('410173', '410000'));
  assert.equal(fullName('410105'), '河南省郑州市金水区');
  assert.equal(fullName('419001'), '河南省济源市');
  assert.equal(fullName('110000'), '北京市');
  assert.equal(fullName('999999'), undefined);
});

test('divisions: known county codes cover the whole 2019 list and post-2019 counties, not functional zones', () => {
  const known = knownCountyCodes();
  assert.ok(known.has('511602'));
  assert.ok(known.has('110101'));
  assert.ok(known.has('410105'));
  assert.ok(known.has('110000'));
  assert.ok(!known.has('410173'));
  assert.ok(known.has('410783'), '长垣市 (2019-08, after the April 2019 list) appears on IDs issued since');
  assert.ok(known.size > 3000);
});

test('divisions: checkDivisionCode', () => {
  assert.deepEqual(checkDivisionCode('410105'), { ok: true });
  assert.deepEqual(checkDivisionCode('410173'), { ok: true });
  const fmt = checkDivisionCode('41010');
  assert.equal(fmt.ok ? null : fmt.code, 'DIVISION_FORMAT');
  const unknown = checkDivisionCode('419999');
  assert.equal(unknown.ok ? null : unknown.code, 'DIVISION_UNKNOWN');
});

test('divisions: CSV line parser handles quotes', () => {
  assert.deepEqual(parseCsvLine('410173,"郑州航空港经济综合实验区",4101,41'), ['410173', '郑州航空港经济综合实验区', '4101', '41']);
  assert.deepEqual(parseCsvLine('1,"a, ""b""",'), ['1', 'a, "b"', '']);
});

test('industries: 20 sections and 97 divisions', () => {
  assert.equal(industrySections.length, 20);
  assert.equal(industryDivisions.length, 97);
  assert.deepEqual(industrySections.map((s) => s.code).join(''), 'ABCDEFGHIJKLMNOPQRST');
  assert.deepEqual(
    industryDivisions.map((d) => d.code),
    Array.from({ length: 97 }, (_, i) => String(i + 1).padStart(2, '0')),
  );
  const sectionOf = (code: string) => industryDivisions.find((d) => d.code === code)?.section;
  assert.equal(sectionOf('05'), 'A');
  assert.equal(sectionOf('12'), 'B');
  assert.equal(sectionOf('13'), 'C');
  assert.equal(sectionOf('43'), 'C');
  assert.equal(sectionOf('52'), 'F');
  assert.equal(sectionOf('97'), 'T');
  assert.equal(industryDivisions.filter((d) => d.section === 'C').length, 31);
});

test('industries: lookup and check', () => {
  assert.equal(findIndustry('C')?.zh, '制造业');
  assert.equal(findIndustry('13')?.zh, '农副食品加工业');
  assert.equal(findIndustry('98'), undefined);
  assert.deepEqual(checkIndustryCode('A'), { ok: true });
  assert.deepEqual(checkIndustryCode('65'), { ok: true });
  for (const bad of ['U', '98', '00', '1', 'c', '']) {
    const r = checkIndustryCode(bad);
    assert.equal(r.ok ? null : r.code, 'INDUSTRY_UNKNOWN', bad);
  }
});
