/**
 * Demo implementations the 退休 (retirement) bundle needs and the catalog demo does not have: 职工基本养老保险待遇申领,
 * 职工基本医疗保险退休人员待遇核定 and 住房公积金提取（离休、退休）. Minimal and 示例: basic codes, limits, materials and
 * legal citations are illustrative and were not checked against their sources.
 */
import type { Elements } from '../elements.ts';
import type { ItemInput } from '../items.ts';
import {
  APPLICANT_PERSON,
  CERT,
  certificate,
  elements,
  form,
  fromGovernment,
  material,
  sharedData,
  steps,
} from '../demo-builders.ts';

export interface DemoMemberItem {
  item: ItemInput;
  /** The implementing department (its region is the implementation's). */
  departmentCode: string;
  elements: Elements;
}

const PERSON_ONLINE: Partial<Elements> = {
  serviceObjects: ['natural_person'],
  channels: ['window', 'online', 'mobile'],
  onlineDepth: { fullyOnline: true, inPersonVisits: 0 },
  resultValidity: { kind: 'none', value: null, unit: null },
};
const RETIREMENT_DATE: Parameters<typeof form>[1] = ['retirement.date', '退休日期', 'string', { format: 'date' }];
const REVIEW = (days: number) =>
  steps(
    ['accept', '受理', 'window_clerk', 0],
    ['review', '审核', 'reviewer', days],
    ['deliver', '办结', 'window_clerk', 0],
  );

export const PENSION = '410G0309100000';
export const RETIREE_MEDICAL = '410F0309200000';
export const FUND_RETIREMENT = '410C0309300000';

export const RETIREMENT_MEMBERS: DemoMemberItem[] = [
  {
    item: {
      basicCode: PENSION,
      name: '职工基本养老保险待遇申领',
      itemType: 5,
      legalBasis: [{ title: '《中华人民共和国社会保险法》', article: '第十六条', excerpt: null }],
      levels: ['province', 'city', 'county'],
      departmentKind: 'RS',
      illustrative: true,
    },
    departmentCode: '410105-RS',
    elements: elements({
      ...PERSON_ONLINE,
      acceptanceConditions: ['达到法定退休年龄', '累计缴费满十五年'],
      materials: [
        material('id', '居民身份证', certificate(CERT.residentId)),
        material('card', '社会保障卡（金融账户）', certificate(CERT.socialSecurityCard)),
        material('approval', '退休审批结果', fromGovernment),
      ],
      statutoryDays: null,
      promisedDays: 5,
      process: REVIEW(5),
      result: {
        kind: 'decision',
        name: '基本养老金核定结果（电子）',
        certificateType: null,
        sample: '/samples/pension-approval.pdf',
      },
      form: form('职工基本养老保险待遇申领', ...APPLICANT_PERSON, RETIREMENT_DATE, [
        'pension.bankAccount',
        '社会保障卡金融账号',
      ]),
    }),
  },
  {
    item: {
      basicCode: RETIREE_MEDICAL,
      name: '职工基本医疗保险退休人员待遇核定',
      itemType: 7,
      legalBasis: [{ title: '《中华人民共和国社会保险法》', article: '第二十七条', excerpt: null }],
      levels: ['province', 'city', 'county'],
      departmentKind: 'YB',
      illustrative: true,
    },
    departmentCode: '410105-YB',
    elements: elements({
      ...PERSON_ONLINE,
      acceptanceConditions: ['已办理退休手续并按月领取基本养老金', '职工医保累计缴费年限达到规定年限'],
      materials: [
        material('id', '居民身份证', certificate(CERT.residentId)),
        material('pension', '基本养老金核定信息', sharedData('社会保险信息系统')),
      ],
      statutoryDays: null,
      promisedDays: 3,
      process: REVIEW(3),
      result: {
        kind: 'decision',
        name: '退休人员医保待遇核定结果（电子）',
        certificateType: null,
        sample: '/samples/retiree-medical.pdf',
      },
      form: form('退休人员医保待遇核定', ...APPLICANT_PERSON, RETIREMENT_DATE, [
        'insurance.contributionYears',
        '医保累计缴费年限',
        'integer',
        { minimum: 0 },
      ]),
    }),
  },
  {
    item: {
      basicCode: FUND_RETIREMENT,
      name: '住房公积金提取（离休、退休）',
      itemType: 20,
      legalBasis: [{ title: '《住房公积金管理条例》', article: '第二十四条', excerpt: null }],
      levels: ['province', 'city'],
      departmentKind: 'GJJ',
      illustrative: true,
    },
    departmentCode: '410100-GJJ',
    elements: elements({
      ...PERSON_ONLINE,
      acceptanceConditions: ['职工离休、退休'],
      materials: [
        material('id', '居民身份证', certificate(CERT.residentId)),
        material('retire', '退休证明', sharedData('社会保险信息系统')),
      ],
      statutoryDays: 3,
      promisedDays: 1,
      process: REVIEW(1),
      result: {
        kind: 'decision',
        name: '住房公积金提取核准（资金到账）',
        certificateType: null,
        sample: '/samples/fund-withdrawal.pdf',
      },
      form: form('住房公积金提取（离休、退休）', ...APPLICANT_PERSON, RETIREMENT_DATE, [
        'fund.accountNumber',
        '个人公积金账号',
      ]),
    }),
  },
];
