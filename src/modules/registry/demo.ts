/**
 * The demo province (Henan): departments at province level and their counterparts in every city and county,
 * synthetic enterprises with valid USCCs and fictitious persons with checksum-valid ID numbers, and demo staff
 * accounts. Everything here is marked synthetic (示例数据). Deterministic: the n-th enterprise is always the same,
 * so a second run adds only what is missing.
 */
import { systemCtx } from '../../kernel/context.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import type { DemoSize } from '../module.ts';
import { findDivision, getDivisions } from '../../kernel/reference/divisions.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { generateResidentId, maskResidentId } from '../../kernel/validators/resident-id.ts';
import { maskMobile } from '../../kernel/validators/mobile.ts';
import { newId } from '../../kernel/ids.ts';
import { createAccount, demoPasswordCost, findAccountByUsername } from '../../kernel/auth/accounts.ts';
import { insertRows } from '../../kernel/db/bulk.ts';
import type { Role } from '../../kernel/auth/roles.ts';
import type { DepartmentTable, EnterpriseTable, PersonTable } from './tables.ts';
import { linkPersonAccount } from './service.ts';

export const HENAN = '410000';

/** Department kinds named in the plan, with their province-level and local names. */
export const DEPARTMENT_KINDS: Array<{
  kind: string;
  province: string;
  local: string;
  levels: Array<'province' | 'city' | 'county'>;
}> = [
  {
    kind: 'ZWFW',
    province: '行政审批和政务信息管理局',
    local: '行政审批和政务信息管理局',
    levels: ['province', 'city', 'county'],
  },
  { kind: 'SCJG', province: '市场监督管理局', local: '市场监督管理局', levels: ['province', 'city', 'county'] },
  { kind: 'FGW', province: '发展和改革委员会', local: '发展和改革委员会', levels: ['province', 'city', 'county'] },
  { kind: 'ZJ', province: '住房和城乡建设厅', local: '住房和城乡建设局', levels: ['province', 'city', 'county'] },
  { kind: 'CZ', province: '财政厅', local: '财政局', levels: ['province', 'city', 'county'] },
  {
    kind: 'RS',
    province: '人力资源和社会保障厅',
    local: '人力资源和社会保障局',
    levels: ['province', 'city', 'county'],
  },
  { kind: 'WJ', province: '卫生健康委员会', local: '卫生健康委员会', levels: ['province', 'city', 'county'] },
  { kind: 'GA', province: '公安厅', local: '公安局', levels: ['province', 'city', 'county'] },
  { kind: 'ZRZY', province: '自然资源厅', local: '自然资源局', levels: ['province', 'city', 'county'] },
  { kind: 'STHJ', province: '生态环境厅', local: '生态环境局', levels: ['province', 'city', 'county'] },
  { kind: 'SW', province: '商务厅', local: '商务局', levels: ['province', 'city', 'county'] },
  { kind: 'SF', province: '司法厅', local: '司法局', levels: ['province', 'city', 'county'] },
  { kind: 'MZ', province: '民政厅', local: '民政局', levels: ['province', 'city', 'county'] },
  { kind: 'YB', province: '医疗保障局', local: '医疗保障局', levels: ['province', 'city', 'county'] },
  { kind: 'YJ', province: '药品监督管理局', local: '药品监督管理局', levels: ['province'] },
  { kind: 'GJJ', province: '住房公积金管理中心', local: '住房公积金管理中心', levels: ['province', 'city'] },
  { kind: 'XFJ', province: '信访局', local: '信访局', levels: ['province', 'city', 'county'] },
  {
    kind: 'ZFDC',
    province: '人民政府办公厅（政务服务电子监察）',
    local: '人民政府办公室（政务服务电子监察）',
    levels: ['province', 'city', 'county'],
  },
];

/** Every Henan region of the demo: the province, its cities (and 济源), functional zones and counties. */
export function henanRegions(): string[] {
  return [...getDivisions().values()]
    .filter((d) => d.code.startsWith('41'))
    .map((d) => d.code)
    .sort();
}

function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const pick = <T>(r: () => number, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];

const SURNAMES = [
  '王',
  '李',
  '张',
  '刘',
  '陈',
  '杨',
  '赵',
  '黄',
  '周',
  '吴',
  '徐',
  '孙',
  '马',
  '朱',
  '胡',
  '郭',
  '何',
  '高',
  '林',
  '罗',
];
const GIVEN = [
  '伟',
  '芳',
  '娜',
  '秀英',
  '敏',
  '静',
  '丽',
  '强',
  '磊',
  '军',
  '洋',
  '勇',
  '艳',
  '杰',
  '娟',
  '涛',
  '明',
  '超',
  '秀兰',
  '霞',
  '平',
  '刚',
  '桂英',
  '豫',
  '中原',
];
const TRADE = [
  '宏达',
  '中原',
  '嵩岳',
  '黄河',
  '牡丹',
  '豫丰',
  '恒通',
  '瑞祥',
  '金盾',
  '永兴',
  '鼎盛',
  '华夏',
  '天成',
  '盛世',
  '兴业',
  '安康',
];
const BUSINESS: Array<{ word: string; industry: string; type: string }> = [
  { word: '餐饮管理', industry: '62', type: '有限责任公司（自然人投资或控股）' },
  { word: '食品销售', industry: '52', type: '有限责任公司（自然人投资或控股）' },
  { word: '建筑工程', industry: '47', type: '有限责任公司（自然人独资）' },
  { word: '医药零售', industry: '52', type: '有限责任公司（自然人投资或控股）' },
  { word: '物流', industry: '54', type: '有限责任公司（自然人投资或控股）' },
  { word: '农业科技', industry: '01', type: '有限责任公司（自然人投资或控股）' },
  { word: '软件技术', industry: '65', type: '有限责任公司（自然人投资或控股）' },
  { word: '机械制造', industry: '34', type: '股份有限公司（非上市、自然人投资或控股）' },
  { word: '酒店管理', industry: '61', type: '有限责任公司（自然人投资或控股）' },
  { word: '美容美发', industry: '80', type: '个体工商户' },
];

let counties: string[] | undefined;

function countyRegions(): string[] {
  // GB/T 2260 counties only: functional zones (gbt2260 false) never appear in resident ID numbers.
  counties ??= henanRegions().filter((c) => findDivision(c)?.level === 'county' && findDivision(c)?.gbt2260);
  return counties;
}

/** Legal representatives per county that synthetic enterprises share (see `demoRepresentative`). */
export const DEMO_REPRESENTATIVES_PER_COUNTY = 64;

interface DemoRepresentative {
  name: string;
  enc: string;
  index: string;
  masked: string;
}

/** Per cipher (one per kernel): region + slot → the representative's ID, encrypted, indexed and masked. */
const representatives = new WeakMap<Kernel['cipher'], Map<string, DemoRepresentative>>();

/**
 * The `slot`-th fictitious legal representative of a county (name and ID number), its ID number encrypted once and reused by every
 * synthetic enterprise it represents: AES-GCM and the HMAC index cost ≈ 40 µs per value, most of a generated row.
 * The data stays encrypted at rest; only the same synthetic person's ciphertext repeats (the blind index already
 * shows they are the same person).
 */
function demoRepresentative(k: Kernel, region: string, slot: number): DemoRepresentative {
  let pool = representatives.get(k.cipher);
  if (!pool) representatives.set(k.cipher, (pool = new Map()));
  const key = `${region}:${slot}`;
  let rep = pool.get(key);
  if (!rep) {
    const r = rng(Number(region) * 131 + slot);
    const repId = generateResidentId({
      region,
      birthDate: `19${60 + Math.floor(r() * 40)}-0${1 + Math.floor(r() * 9)}-1${Math.floor(r() * 9)}`,
      seq: slot,
    });
    rep = {
      name: pick(r, SURNAMES) + pick(r, GIVEN),
      enc: k.cipher.encrypt(repId),
      index: k.cipher.blindIndex('resident_id', repId),
      masked: maskResidentId(repId),
    };
    pool.set(key, rep);
  }
  return rep;
}

/** Per region: its city's short name and its address prefix. */
const regionNames = new Map<string, { cityName: string; place: string }>();

function namesOf(region: string): { cityName: string; place: string } {
  let names = regionNames.get(region);
  if (!names) {
    const city = findDivision(region)?.parent ?? HENAN;
    names = {
      cityName: (findDivision(city)?.name ?? '河南').replace(/市$/, ''),
      place: findDivision(region)?.name ?? '',
    };
    regionNames.set(region, names);
  }
  return names;
}

/** The n-th synthetic enterprise (deterministic). */
export function demoEnterprise(k: Kernel, n: number, now: Date, iso: string = now.toISOString()): EnterpriseTable {
  const r = rng(n * 7919 + 17);
  const counties = countyRegions();
  const region = pick(r, counties);
  const biz = pick(r, BUSINESS);
  const individual = biz.type === '个体工商户';
  const { cityName, place } = namesOf(region);
  const rep = demoRepresentative(k, region, Math.floor(r() * DEMO_REPRESENTATIVES_PER_COUNTY));
  const name = individual
    ? `${cityName}${pick(r, TRADE)}${biz.word}店（示例${n}）`
    : `${cityName}${pick(r, TRADE)}${biz.word}有限公司（示例${n}）`;
  return {
    id: newId(now.getTime()),
    uscc: generateUscc({ division: region, seq: n, authority: '9', orgType: individual ? '2' : '1' }),
    name,
    org_type: individual ? 'individual_business' : 'enterprise',
    entity_type: biz.type,
    region,
    address: `${place}示例路${1 + (n % 300)}号`,
    industry: biz.industry,
    legal_rep_name: rep.name,
    legal_rep_id_enc: rep.enc,
    legal_rep_id_index: rep.index,
    legal_rep_id_masked: rep.masked,
    status: n % 29 === 0 ? 'deregistered' : n % 41 === 0 ? 'revoked' : 'active',
    established_on: `20${String(5 + Math.floor(r() * 20)).padStart(2, '0')}-0${1 + Math.floor(r() * 9)}-2${Math.floor(r() * 8)}`,
    licences: [],
    synthetic: true,
    version: 1,
    created_at: iso,
    updated_at: iso,
  };
}

/** The n-th fictitious person (deterministic); seqs are offset so they never collide with legal representatives. */
export function demoPerson(k: Kernel, n: number, now: Date): PersonTable {
  const r = rng(n * 104729 + 3);
  const region = pick(r, countyRegions());
  const id = generateResidentId({
    region,
    birthDate: `19${50 + Math.floor(r() * 50)}-1${Math.floor(r() * 3)}-0${1 + Math.floor(r() * 9)}`,
    seq: n % 1000,
  });
  const phone = `1${pick(r, ['3', '5', '7', '8', '9'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}`;
  const iso = now.toISOString();
  return {
    id: newId(now.getTime()),
    resident_id_enc: k.cipher.encrypt(id),
    resident_id_index: k.cipher.blindIndex('resident_id', id),
    resident_id_masked: maskResidentId(id),
    name: pick(r, SURNAMES) + pick(r, GIVEN),
    phone_enc: k.cipher.encrypt(phone),
    phone_index: k.cipher.blindIndex('mobile', phone),
    phone_masked: maskMobile(phone),
    region,
    synthetic: true,
    version: 1,
    created_at: iso,
    updated_at: iso,
  };
}

export function demoDepartments(): DepartmentTable[] {
  const rows: DepartmentTable[] = [];
  let seq = 0;
  for (const code of henanRegions()) {
    const d = findDivision(code)!;
    const level = code === HENAN ? 'province' : d.level;
    const prefix = code === HENAN ? '河南省' : d.name;
    for (const t of DEPARTMENT_KINDS) {
      if (!t.levels.includes(level)) continue;
      const parentRegion = d.parent && d.parent.startsWith('41') ? d.parent : code === HENAN ? null : HENAN;
      const parentHas =
        parentRegion &&
        DEPARTMENT_KINDS.find((x) => x.kind === t.kind)!.levels.includes(parentRegion === HENAN ? 'province' : 'city');
      rows.push({
        code: `${code}-${t.kind}`,
        name: prefix + (level === 'province' ? t.province : t.local),
        kind: t.kind,
        region: code,
        uscc: generateUscc({ division: code, seq: 500000 + seq++, authority: '1', orgType: '1' }),
        parent_code: parentHas ? `${parentRegion}-${t.kind}` : null,
        synthetic: true,
      });
    }
  }
  return rows;
}

export { DEMO_PASSWORD } from '../../kernel/auth/accounts.ts';
import { DEMO_PASSWORD } from '../../kernel/auth/accounts.ts';

/** The demo staff accounts; listed on the login page in demo mode only. */
export const DEMO_ACCOUNTS: Array<{
  username: string;
  name: string;
  roles: Role[];
  region: string | null;
  department: string | null;
  kind: 'staff' | 'person';
}> = [
  { username: 'admin', name: '省级管理员（示例）', roles: ['admin'], region: HENAN, department: `${HENAN}-ZWFW` },
  {
    username: 'clerk.jinshui',
    name: '金水区综合窗口（示例）',
    roles: ['window_clerk'],
    region: '410105',
    department: '410105-ZWFW',
  },
  {
    username: 'reviewer.zhengzhou',
    name: '郑州市市场监管审查员（示例）',
    roles: ['reviewer'],
    region: '410100',
    department: '410100-SCJG',
  },
  {
    username: 'approver.zhengzhou',
    name: '郑州市市场监管审批人（示例）',
    roles: ['approver'],
    region: '410100',
    department: '410100-SCJG',
  },
  {
    username: 'lead.zhengzhou',
    name: '郑州市市场监管科室负责人（示例）',
    roles: ['department_lead'],
    region: '410100',
    department: '410100-SCJG',
  },
  {
    username: 'inspector.luoyang',
    name: '洛阳市执法检查人员（示例）',
    roles: ['inspector'],
    region: '410300',
    department: '410300-SCJG',
  },
  {
    username: 'hotline.province',
    name: '12345 话务员（示例）',
    roles: ['hotline_operator'],
    region: HENAN,
    department: `${HENAN}-ZWFW`,
  },
  {
    username: 'supervisor.province',
    name: '省电子监察员（示例）',
    roles: ['supervisor'],
    region: HENAN,
    department: `${HENAN}-ZFDC`,
  },
  {
    username: 'discipline.province',
    name: '省纪检监察（示例）',
    roles: ['discipline_inspector'],
    region: HENAN,
    department: null,
  },
  {
    username: 'citizen.demo',
    name: '示例申请人',
    roles: ['applicant'],
    region: '410105',
    department: null,
    kind: 'person' as const,
  },
  // The same staff roles in a second city (洛阳, and 郑州 for the inspector, whose first account is in 洛阳): the
  // cross-city test (test/cross-city.test.ts) holds each to the other city's records. Listed after the accounts
  // above, which stay the first single-role account of each role (the route × role matrix logs in as those).
  {
    username: 'clerk.jianxi',
    name: '涧西区综合窗口（示例）',
    roles: ['window_clerk'],
    region: '410305',
    department: '410305-ZWFW',
  },
  {
    username: 'reviewer.luoyang',
    name: '洛阳市市场监管审查员（示例）',
    roles: ['reviewer'],
    region: '410300',
    department: '410300-SCJG',
  },
  {
    username: 'approver.luoyang',
    name: '洛阳市市场监管审批人（示例）',
    roles: ['approver'],
    region: '410300',
    department: '410300-SCJG',
  },
  {
    username: 'lead.luoyang',
    name: '洛阳市市场监管科室负责人（示例）',
    roles: ['department_lead'],
    region: '410300',
    department: '410300-SCJG',
  },
  {
    username: 'inspector.zhengzhou',
    name: '郑州市执法检查人员（示例）',
    roles: ['inspector'],
    region: '410100',
    department: '410100-SCJG',
  },
  {
    username: 'hotline.luoyang',
    name: '洛阳市12345话务员（示例）',
    roles: ['hotline_operator'],
    region: '410300',
    department: '410300-ZWFW',
  },
  {
    username: 'supervisor.luoyang',
    name: '洛阳市电子监察员（示例）',
    roles: ['supervisor'],
    region: '410300',
    department: '410300-ZFDC',
  },
  {
    username: 'discipline.luoyang',
    name: '洛阳市纪检监察（示例）',
    roles: ['discipline_inspector'],
    region: '410300',
    department: null,
  },
].map((a) => ({ ...a, kind: (a.kind ?? 'staff') as 'staff' | 'person', roles: a.roles as Role[] }));

const BATCH = 500;

export async function seedRegistryDemo(k: Kernel, size: DemoSize): Promise<void> {
  const now = k.clock.now();
  await k.db.transaction().execute(async (tx) => {
    const have = await tx
      .selectFrom('registry_departments')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    if (Number(have.n) === 0) {
      const rows = demoDepartments();
      // Parents first: rows are ordered province → cities → counties by code, and parent_code refers to a lower code.
      for (let i = 0; i < rows.length; i += BATCH)
        await tx
          .insertInto('registry_departments')
          .values(rows.slice(i, i + BATCH))
          .execute();
      await k.audit.record(tx, systemCtx(now), {
        action: 'seed_demo',
        subjectType: 'registry.department',
        subjectId: 'demo',
        reason: `demo departments: ${rows.length}`,
        event: { type: 'registry.department.seeded', payload: { count: rows.length } },
      });
    }
    for (const a of DEMO_ACCOUNTS) {
      if (await findAccountByUsername(tx, a.username)) continue;
      const id = await createAccount(
        tx,
        k.adapter,
        { ...a, password: DEMO_PASSWORD, demo: true, passwordCost: demoPasswordCost(k.config.mode) },
        now,
      );
      if (a.kind === 'person') {
        // The demo applicant is a registered (fictitious) person, so they can see who read their data.
        const residentId = generateResidentId({ region: a.region ?? '410105', birthDate: '1988-08-08', seq: 888 });
        if (
          !(await tx
            .selectFrom('registry_persons')
            .select('id')
            .where('resident_id_index', '=', k.cipher.blindIndex('resident_id', residentId))
            .executeTakeFirst())
        ) {
          const p = demoPerson(k, 999_999, now);
          await tx
            .insertInto('registry_persons')
            .values({
              ...p,
              name: a.name,
              region: a.region ?? '410105',
              resident_id_enc: k.cipher.encrypt(residentId),
              resident_id_index: k.cipher.blindIndex('resident_id', residentId),
              resident_id_masked: maskResidentId(residentId),
            })
            .execute();
        }
        await linkPersonAccount(k, tx, id, residentId, now);
      }
    }
  });
  const iso = now.toISOString();
  await seedSynthetic(k, 'registry_enterprises', size.enterprises, (n) => demoEnterprise(k, n, now, iso));
  await seedSynthetic(k, 'registry_persons', size.persons, (n) => demoPerson(k, n, now));
}

/** Synthetic rows per transaction (and per audit action) when seeding in bulk. */
const SYNTHETIC_BATCH = 20_000;

/**
 * Adds synthetic rows until `target` exist: multi-row INSERTs compiled once (`insertRows`), SYNTHETIC_BATCH rows and
 * one audit action per transaction.
 */
async function seedSynthetic(
  k: Kernel,
  table: 'registry_enterprises' | 'registry_persons',
  target: number,
  make: (n: number) => EnterpriseTable | PersonTable,
): Promise<number> {
  const now = k.clock.now();
  const have = await k.db
    .selectFrom(table)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('synthetic', '=', true)
    .executeTakeFirstOrThrow();
  let n = Number(have.n);
  while (n < target) {
    const end = Math.min(target, n + SYNTHETIC_BATCH);
    const rows: Array<EnterpriseTable | PersonTable> = [];
    for (let i = n; i < end; i++) rows.push(make(i));
    await k.db.transaction().execute(async (tx) => {
      await insertRows(tx, k.adapter, table, rows as unknown as Array<Record<string, unknown>>, {
        ignoreConflicts: true,
      });
      await k.audit.record(tx, systemCtx(now), {
        action: 'seed_demo',
        subjectType: table === 'registry_enterprises' ? 'registry.enterprise' : 'registry.person',
        subjectId: `demo:${n}-${end - 1}`,
        reason: 'synthetic demo data',
        event: {
          type: table === 'registry_enterprises' ? 'registry.enterprise.seeded' : 'registry.person.seeded',
          payload: { from: n, to: end - 1 },
        },
      });
    });
    n = end;
  }
  return n;
}
