/**
 * Demo catalog of the Henan demo province: ten common items (plus one business item) with a provincial
 * implementation each and derived copies in 金水区 (410105) and 老城区 (410302) — or 郑州市/洛阳市 for city-level
 * items. Item types follow the national codes as real implementation lists use them (cf. ../shared/data/
 * sczwfw-guang-an-item-guide). Basic codes, certificate type codes, places, limits and fee amounts are 示例 and the
 * legal citations were not checked against their sources in this slice: every item is `illustrative: true`.
 */
import type { ItemInput } from './items.ts';
import type { Elements } from './elements.ts';
import {
  APPLICANT_ENTERPRISE,
  APPLICANT_PERSON,
  CERT,
  applicationForm,
  certificate,
  elements,
  form,
  fromApplicant,
  fromGovernment,
  material,
  sharedData,
  steps,
  years,
} from './demo-builders.ts';

export interface DemoItem {
  item: Omit<ItemInput, 'parentId'> & { parentCode?: string };
  /** The department kind of the provincial implementation (defaults to the item's). */
  provinceKind?: string;
  /** Departments of the derived copies (derived from the first root). */
  copies: string[];
  /** Departments with their own, underived implementation; the province's department of the item's kind by default. */
  roots?: string[];
  elements: Elements;
  effectiveFrom: string;
}

const LIST_2023 = [{ level: 'province' as const, effectiveFrom: '2023-01-01', effectiveTo: null }];
const LICENCE_FORM_STEPS = (review: number) =>
  steps(
    ['accept', '受理', 'window_clerk', 1],
    ['review', '审查', 'reviewer', review],
    ['decide', '决定', 'approver', 1],
    ['deliver', '制证送达', 'window_clerk', 0],
  );

const foodBusiness: DemoItem = {
  item: {
    basicCode: '410A0300100000',
    name: '食品经营许可',
    itemType: 1,
    legalBasis: [
      {
        title: '《中华人民共和国食品安全法》',
        article: '第三十五条',
        excerpt: '国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。',
      },
      { title: '《食品经营许可和备案管理办法》', article: null, excerpt: null },
    ],
    levels: ['province', 'city', 'county'],
    departmentKind: 'SCJG',
    reformMode: 'optimized',
    licensingLists: LIST_2023,
    illustrative: true,
  },
  copies: ['410105-SCJG', '410302-SCJG'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: [
      '具有与经营的食品品种、数量相适应的经营场所，并与有毒、有害场所以及其他污染源保持规定的距离',
      '具有与经营的食品品种、数量相适应的经营设备或者设施',
      '有专职或者兼职的食品安全管理人员和保证食品安全的规章制度',
    ],
    materials: [
      applicationForm('application', '食品经营许可申请书'),
      material('licence', '营业执照', certificate(CERT.businessLicence)),
      material('layout', '与食品经营相适应的主要设备设施布局、操作流程等文件', fromApplicant),
      material('rules', '食品安全自查、从业人员健康管理、进货查验记录等保证食品安全的规章制度', fromApplicant),
      material('proxy', '授权委托书及受托人身份证明', fromApplicant, {
        requirement: 'conditional',
        condition: '委托他人办理的',
      }),
    ],
    statutoryDays: 10,
    promisedDays: 3,
    process: LICENCE_FORM_STEPS(1),
    result: {
      kind: 'certificate',
      name: '食品经营许可证',
      certificateType: CERT.foodBusiness,
      sample: '/samples/food-business-licence.pdf',
    },
    resultValidity: years(5),
    form: form(
      '食品经营许可申请',
      ...APPLICANT_ENTERPRISE,
      ['site.address', '经营场所'],
      ['business.scope', '经营项目'],
    ),
  }),
};

const foodBusinessRenewal: DemoItem = {
  item: {
    ...foodBusiness.item,
    basicCode: '410A0300100001',
    name: '食品经营许可（延续）',
    parentCode: '410A0300100000',
    legalBasis: foodBusiness.item.legalBasis.slice(1),
  },
  copies: [],
  effectiveFrom: '2023-01-01',
  elements: {
    ...foodBusiness.elements,
    materials: foodBusiness.elements.materials.filter((m) => m.key !== 'layout'),
    promisedDays: 2,
    process: LICENCE_FORM_STEPS(0),
  },
};

const publicPlaceHygiene: DemoItem = {
  item: {
    basicCode: '410A0300200000',
    name: '公共场所卫生许可',
    itemType: 1,
    legalBasis: [{ title: '《公共场所卫生管理条例》', article: '第八条', excerpt: null }],
    levels: ['province', 'city', 'county'],
    departmentKind: 'WJ',
    reformMode: 'commitment',
    licensingLists: LIST_2023,
    illustrative: true,
  },
  copies: ['410105-WJ', '410302-WJ'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: ['已取得营业执照', '申请人书面承诺经营场所符合公共场所卫生标准和卫生规范要求（告知承诺制）'],
    materials: [
      applicationForm('application', '公共场所卫生许可申请表'),
      applicationForm('commitment', '公共场所卫生许可告知承诺书'),
      material('licence', '营业执照', certificate(CERT.businessLicence)),
    ],
    statutoryDays: 20,
    promisedDays: 0,
    result: {
      kind: 'certificate',
      name: '公共场所卫生许可证',
      certificateType: CERT.publicPlaceHygiene,
      sample: '/samples/public-place-hygiene.pdf',
    },
    resultValidity: years(4),
    form: form(
      '公共场所卫生许可申请',
      ...APPLICANT_ENTERPRISE,
      ['site.address', '经营场所地址'],
      ['site.area', '营业面积（平方米）', 'number'],
    ),
  }),
};

const constructionPermit: DemoItem = {
  item: {
    basicCode: '410A0300300000',
    name: '建筑工程施工许可证核发',
    itemType: 1,
    legalBasis: [
      {
        title: '《中华人民共和国建筑法》',
        article: '第七条',
        excerpt:
          '建筑工程开工前，建设单位应当按照国家有关规定向工程所在地县级以上人民政府建设行政主管部门申请领取施工许可证。',
      },
      { title: '《建筑工程施工许可管理办法》', article: '第四条', excerpt: null },
    ],
    levels: ['province', 'city', 'county'],
    departmentKind: 'ZJ',
    reformMode: 'optimized',
    licensingLists: LIST_2023,
    illustrative: true,
  },
  copies: ['410105-ZJ', '410302-ZJ'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: [
      '依法应当办理用地批准手续的，已经办理该建筑工程用地批准手续',
      '依法应当办理建设工程规划许可证的，已经取得建设工程规划许可证',
      '已经确定施工企业',
      '有满足施工需要的资金安排、施工图纸及技术资料，建设单位已书面承诺',
    ],
    materials: [
      applicationForm('application', '建筑工程施工许可申请表'),
      material('planning', '建设工程规划许可证', certificate(CERT.landUsePermit)),
      material('contract', '施工合同', fromApplicant),
      material('funds', '建设资金已经落实承诺书', fromApplicant, {
        blankForm: '/forms/funds.pdf',
        sample: '/samples/funds.pdf',
      }),
      material('drawings', '施工图设计文件审查合格意见', sharedData('联合审图系统')),
    ],
    statutoryDays: 7,
    promisedDays: 3,
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['review_safety', '质量安全审查', 'reviewer', 1, 'review'],
      ['review_docs', '资料审查', 'reviewer', 1, 'review'],
      ['decide', '决定', 'approver', 1],
      ['deliver', '送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '建筑工程施工许可证',
      certificateType: CERT.constructionPermit,
      sample: '/samples/construction-permit.pdf',
    },
    form: form(
      '建筑工程施工许可申请',
      ...APPLICANT_ENTERPRISE,
      ['project.name', '工程名称'],
      ['site.address', '建设地址'],
      ['project.contractPrice', '合同价格（万元）', 'number'],
      ['project.area', '建筑面积（平方米）', 'number'],
    ),
  }),
};

const drugRetail: DemoItem = {
  item: {
    basicCode: '410A0300400000',
    name: '药品零售企业许可（药品经营许可证核发）',
    itemType: 1,
    legalBasis: [
      {
        title: '《中华人民共和国药品管理法》',
        article: '第五十一条',
        excerpt: '从事药品零售活动，应当经所在地县级以上地方人民政府药品监督管理部门批准，取得药品经营许可证。',
      },
    ],
    levels: ['province', 'county'],
    departmentKind: 'YJ',
    reformMode: 'optimized',
    licensingLists: LIST_2023,
    illustrative: true,
  },
  copies: ['410105-SCJG', '410302-SCJG'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: [
      '有依法经过资格认定的药师或者其他药学技术人员',
      '有与所经营药品相适应的营业场所、设备、仓储设施和卫生环境',
      '有与所经营药品相适应的质量管理机构或者人员',
      '有保证药品质量的规章制度',
    ],
    materials: [
      applicationForm('application', '药品经营许可证申请表'),
      material('licence', '营业执照', certificate(CERT.businessLicence)),
      material('pharmacist', '执业药师注册证', sharedData('执业药师注册管理信息系统')),
      material('premises', '营业场所、仓库平面布置图及产权或者租赁证明', fromApplicant),
      material('quality', '药品质量管理文件目录', fromApplicant),
    ],
    statutoryDays: 30,
    promisedDays: 15,
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['review', '资料审查', 'reviewer', 5],
      ['inspect', '现场检查', 'reviewer', 7],
      ['decide', '决定', 'approver', 2],
      ['deliver', '制证送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '药品经营许可证',
      certificateType: CERT.drugBusiness,
      sample: '/samples/drug-business-licence.pdf',
    },
    resultValidity: years(5),
    onlineDepth: { fullyOnline: false, inPersonVisits: 1 },
    form: form(
      '药品经营许可申请',
      ...APPLICANT_ENTERPRISE,
      ['site.address', '经营场所'],
      ['site.warehouseAddress', '仓库地址'],
      ['business.scope', '经营范围'],
    ),
  }),
};

const individualBusiness: DemoItem = {
  item: {
    basicCode: '410A0300500000',
    name: '个体工商户登记',
    itemType: 1,
    legalBasis: [
      { title: '《中华人民共和国市场主体登记管理条例》', article: '第三条', excerpt: null },
      { title: '《促进个体工商户发展条例》', article: null, excerpt: null },
    ],
    levels: ['province', 'city', 'county'],
    departmentKind: 'SCJG',
    illustrative: true,
  },
  copies: ['410105-SCJG', '410302-SCJG'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: [
      '经营者为有经营能力的自然人或者家庭',
      '经营场所符合规划和相关管理规定',
      '名称、经营范围符合登记规定',
    ],
    materials: [
      applicationForm('application', '个体工商户登记（备案）申请书'),
      material('id', '经营者居民身份证', certificate(CERT.residentId)),
      material('premises', '经营场所使用证明', fromApplicant, {
        requirement: 'conditional',
        condition: '住所（经营场所）信息无法通过不动产登记数据共享核验的',
      }),
    ],
    statutoryDays: 3,
    promisedDays: 0,
    serviceObjects: ['natural_person'],
    channels: ['window', 'online', 'mobile', 'self_service'],
    onlineDepth: { fullyOnline: true, inPersonVisits: 0 },
    result: {
      kind: 'certificate',
      name: '营业执照',
      certificateType: CERT.businessLicence,
      sample: '/samples/business-licence-individual.pdf',
    },
    form: form(
      '个体工商户登记申请',
      ...APPLICANT_PERSON,
      ['business.name', '个体工商户名称'],
      ['site.address', '经营场所'],
      ['business.scope', '经营范围'],
    ),
  }),
};

const enterpriseSetup: DemoItem = {
  item: {
    basicCode: '410A0300600000',
    name: '企业设立登记',
    itemType: 1,
    legalBasis: [
      {
        title: '《中华人民共和国公司法》',
        article: '第二十九条',
        excerpt: '设立公司，应当依法向公司登记机关申请设立登记。',
      },
      { title: '《中华人民共和国市场主体登记管理条例》', article: '第三条', excerpt: null },
    ],
    levels: ['province', 'city', 'county'],
    departmentKind: 'SCJG',
    illustrative: true,
  },
  copies: ['410105-SCJG', '410302-SCJG'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: [
      '名称、住所、经营范围、注册资本（出资额）等登记事项符合法律法规规定',
      '公司章程或者合伙协议已由全体股东（合伙人）签署',
    ],
    materials: [
      applicationForm('application', '公司登记（备案）申请书'),
      material('charter', '公司章程', fromApplicant),
      material('ids', '股东、法定代表人主体资格证明或者自然人身份证明', sharedData('人口基础信息库')),
      material('premises', '住所使用相关文件', fromApplicant, {
        requirement: 'conditional',
        condition: '住所信息无法通过不动产登记数据共享核验的',
      }),
    ],
    statutoryDays: 3,
    promisedDays: 1,
    process: steps(
      ['accept', '受理审核', 'window_clerk', 0],
      ['decide', '核准', 'approver', 1],
      ['deliver', '发照', 'window_clerk', 0],
    ),
    channels: ['window', 'online', 'mobile'],
    onlineDepth: { fullyOnline: true, inPersonVisits: 0 },
    handleAnywhere: ['province_wide', 'cross_province'],
    result: {
      kind: 'certificate',
      name: '营业执照',
      certificateType: CERT.businessLicence,
      sample: '/samples/business-licence.pdf',
    },
    form: form(
      '企业设立登记申请',
      ['enterprise.name', '企业名称'],
      ['enterprise.registeredCapital', '注册资本（万元）', 'number'],
      ['enterprise.legalRepName', '法定代表人姓名'],
      ['site.address', '住所'],
      ['business.scope', '经营范围'],
      ['applicant.name', '经办人姓名'],
      ['applicant.phone', '经办人联系电话'],
    ),
  }),
};

const realEstate: DemoItem = {
  item: {
    basicCode: '410F0300700000',
    name: '不动产登记（国有建设用地使用权及房屋所有权首次登记）',
    itemType: 7,
    legalBasis: [
      {
        title: '《中华人民共和国民法典》',
        article: '第二百一十条',
        excerpt: '不动产登记，由不动产所在地的登记机构办理。',
      },
      { title: '《不动产登记暂行条例》', article: '第二十条', excerpt: null },
    ],
    levels: ['province', 'city', 'county'],
    departmentKind: 'ZRZY',
    illustrative: true,
  },
  copies: ['410105-ZRZY', '410302-ZRZY'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: ['申请登记的不动产权属清楚、界址清晰、面积准确', '房屋已竣工验收'],
    materials: [
      applicationForm('application', '不动产登记申请书'),
      material('id', '申请人身份证明', sharedData('人口基础信息库')),
      material('land', '国有建设用地使用权不动产权证书', certificate(CERT.realEstate)),
      material('acceptance', '建设工程竣工验收备案材料', fromGovernment),
      material('survey', '房屋测绘报告', fromApplicant),
    ],
    statutoryDays: 30,
    promisedDays: 5,
    fees: {
      charged: true,
      basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
      items: [
        { name: '不动产登记费（住宅，每件）', amountFen: 8000, basis: null },
        { name: '不动产登记费（非住宅，每件）', amountFen: 55000, basis: null },
      ],
      reductions: ['按规定对小微企业（含个体工商户）等免收不动产登记费'],
    },
    serviceObjects: ['natural_person', 'legal_person', 'other_organization'],
    result: {
      kind: 'certificate',
      name: '不动产权证书',
      certificateType: CERT.realEstate,
      sample: '/samples/real-estate-certificate.pdf',
    },
    form: form(
      '不动产首次登记申请',
      ...APPLICANT_ENTERPRISE,
      ['property.address', '不动产坐落'],
      ['property.unitNumber', '不动产单元号'],
      ['property.area', '面积（平方米）', 'number'],
    ),
  }),
};

const socialSecurityCard: DemoItem = {
  item: {
    basicCode: '410C0300800000',
    name: '社会保障卡申领',
    itemType: 20,
    legalBasis: [{ title: '《中华人民共和国社会保险法》', article: '第五十八条', excerpt: null }],
    levels: ['province', 'city', 'county'],
    departmentKind: 'RS',
    illustrative: true,
  },
  copies: ['410105-RS', '410302-RS'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: [
      '已参加社会保险或者持有居民身份证的本省户籍人员及在本省参保的人员',
      '本人尚未持有有效的社会保障卡',
    ],
    materials: [
      material('id', '居民身份证', certificate(CERT.residentId)),
      material('photo', '本人近期免冠证件照片', sharedData('公安人像比对库'), {
        requirement: 'conditional',
        condition: '照片无法从公安部门共享获取的，由申请人现场采集',
      }),
      material('guardian', '监护人居民身份证及监护关系证明', fromApplicant, {
        requirement: 'conditional',
        condition: '未满 16 周岁或者无民事行为能力人由监护人代办的',
      }),
    ],
    statutoryDays: null,
    promisedDays: 5,
    serviceObjects: ['natural_person'],
    channels: ['window', 'online', 'mobile', 'mail'],
    handleAnywhere: ['province_wide', 'cross_province'],
    result: {
      kind: 'certificate',
      name: '社会保障卡',
      certificateType: CERT.socialSecurityCard,
      sample: '/samples/social-security-card.png',
    },
    resultValidity: years(10),
    form: form('社会保障卡申领', ...APPLICANT_PERSON, ['applicant.mailingAddress', '邮寄地址']),
  }),
};

const birthRegistration: DemoItem = {
  item: {
    basicCode: '410C0300900000',
    name: '生育登记',
    itemType: 20,
    legalBasis: [
      { title: '《中华人民共和国人口与计划生育法》', article: null, excerpt: null },
      { title: '《河南省人口与计划生育条例》', article: null, excerpt: null },
    ],
    levels: ['province', 'county'],
    departmentKind: 'WJ',
    illustrative: true,
  },
  copies: ['410105-WJ', '410302-WJ'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: ['夫妻一方为本省户籍或者在本省居住', '生育子女（含已孕）'],
    materials: [
      material('ids', '夫妻双方居民身份证', certificate(CERT.residentId)),
      material('marriage', '结婚证', sharedData('婚姻登记信息系统')),
    ],
    statutoryDays: null,
    promisedDays: 0,
    serviceObjects: ['natural_person'],
    channels: ['online', 'mobile', 'window'],
    onlineDepth: { fullyOnline: true, inPersonVisits: 0 },
    result: {
      kind: 'decision',
      name: '生育登记服务单（电子）',
      certificateType: null,
      sample: '/samples/birth-registration.pdf',
    },
    resultValidity: { kind: 'none', value: null, unit: null },
    form: form(
      '生育登记',
      ['applicant.name', '登记人姓名'],
      ['applicant.idNumber', '登记人身份证号码'],
      ['spouse.name', '配偶姓名'],
      ['spouse.idNumber', '配偶身份证号码'],
      ['applicant.phone', '联系电话'],
      ['child.order', '生育子女数', 'integer'],
    ),
  }),
};

const housingFund: DemoItem = {
  item: {
    basicCode: '410C0301000000',
    name: '住房公积金缴存登记（单位）',
    itemType: 20,
    legalBasis: [{ title: '《住房公积金管理条例》', article: '第十四条', excerpt: null }],
    levels: ['province', 'city'],
    departmentKind: 'GJJ',
    illustrative: true,
  },
  copies: ['410100-GJJ', '410300-GJJ'],
  effectiveFrom: '2023-01-01',
  elements: elements({
    acceptanceConditions: ['新设立的单位自设立之日起 30 日内办理', '单位已在本中心开立住房公积金账户或者同时申请开户'],
    materials: [
      applicationForm('application', '住房公积金单位缴存登记表'),
      material('licence', '营业执照或者事业单位法人证书', certificate(CERT.businessLicence)),
      material('roster', '职工缴存名册', fromApplicant, { forms: ['electronic'], paperCopies: 0 }),
    ],
    statutoryDays: 5,
    promisedDays: 1,
    process: steps(
      ['accept', '受理', 'window_clerk', 0],
      ['review', '审核', 'reviewer', 1],
      ['deliver', '办结', 'window_clerk', 0],
    ),
    onlineDepth: { fullyOnline: true, inPersonVisits: 0 },
    result: {
      kind: 'decision',
      name: '住房公积金缴存登记确认（电子）',
      certificateType: null,
      sample: '/samples/housing-fund-registration.pdf',
    },
    resultValidity: { kind: 'none', value: null, unit: null },
    form: form(
      '住房公积金单位缴存登记',
      ...APPLICANT_ENTERPRISE,
      ['enterprise.employeeCount', '职工人数', 'integer'],
      ['fund.contributionRate', '缴存比例（%）', 'number', { minimum: 5, maximum: 12 }],
    ),
  }),
};

export const DEMO_ITEMS: DemoItem[] = [
  foodBusiness,
  foodBusinessRenewal,
  publicPlaceHygiene,
  constructionPermit,
  drugRetail,
  individualBusiness,
  enterpriseSetup,
  realEstate,
  socialSecurityCard,
  birthRegistration,
  housingFund,
];

/** The demo's one provincial revision after the copies were published, so that the drift report has a row. */
export const DEMO_REVISION = {
  basicCode: foodBusiness.item.basicCode,
  reason: '示例：新增“健康证明”要求，承诺时限压缩为 2 个工作日',
  elements: {
    promisedDays: 2,
    process: LICENCE_FORM_STEPS(0),
    materials: [
      ...foodBusiness.elements.materials,
      material('health', '从事接触直接入口食品工作的从业人员健康证明', sharedData('全民健康信息平台')),
    ],
  } satisfies Partial<Elements>,
};
