/**
 * More of the Henan demo province's catalog: fourteen common items across departments and levels, each with a
 * provincial implementation and derived city or county copies — or, for items only counties exercise (结婚登记,
 * 低保, 出生登记), independent county implementations. With demo-data.ts the demo has more than 60 implementations
 * with full elements. Limits, fees, codes, places and certificate type codes are examples and no citation was
 * checked against its source: every item here is 示例 (`illustrative: true`). Life-event tags (the search
 * module's vocabulary) give citizens the friendly way in: 开餐馆, 新生儿出生, 婚育, 住房, 就业 …
 */
import type { LifeEvent } from './search/life-events.ts';
import type { DemoItem } from './demo-data.ts';
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

const LIST_2023 = [{ level: 'province' as const, effectiveFrom: '2023-01-01', effectiveTo: null }];
const ALL_LEVELS: DemoItem['item']['levels'] = ['province', 'city', 'county'];
const NONE: Elements['resultValidity'] = { kind: 'none', value: null, unit: null };
const PERSON: Pick<Elements, 'serviceObjects'> = { serviceObjects: ['natural_person'] };
const ONLINE: Pick<Elements, 'channels' | 'onlineDepth'> = {
  channels: ['online', 'mobile', 'window'],
  onlineDepth: { fullyOnline: true, inPersonVisits: 0 },
};
const IMMEDIATE = steps(
  ['accept', '受理', 'window_clerk', 0],
  ['review', '审核', 'reviewer', 0],
  ['deliver', '办结', 'window_clerk', 0],
);

/** A demo item at the province, copied to 金水区 and 老城区 (or two cities) unless `copies` says otherwise. */
function item(
  basicCode: string,
  name: string,
  itemType: DemoItem['item']['itemType'],
  departmentKind: string,
  o: Partial<DemoItem['item']> & { copies?: string[]; roots?: string[]; elements: Elements },
): DemoItem {
  const { copies, roots, elements: e, ...rest } = o;
  return {
    item: {
      basicCode,
      name,
      itemType,
      legalBasis: [],
      levels: ALL_LEVELS,
      departmentKind,
      illustrative: true,
      ...rest,
    },
    copies: copies ?? [`410105-${departmentKind}`, `410302-${departmentKind}`],
    ...(roots ? { roots } : {}),
    effectiveFrom: '2024-01-01',
    elements: e,
  };
}

const foodProduction = item('410A0301100000', '食品生产许可', 1, 'SCJG', {
  legalBasis: [
    {
      title: '《中华人民共和国食品安全法》',
      article: '第三十五条',
      excerpt: '国家对食品生产经营实行许可制度。从事食品生产、食品销售、餐饮服务，应当依法取得许可。',
    },
    { title: '《食品生产许可管理办法》', article: null, excerpt: null },
  ],
  reformMode: 'optimized',
  licensingLists: LIST_2023,
  elements: elements({
    acceptanceConditions: [
      '具有与生产的食品品种、数量相适应的食品原料处理和食品加工、包装、贮存等场所',
      '具有与生产的食品品种、数量相适应的生产设备或者设施',
      '有专职或者兼职的食品安全专业技术人员、食品安全管理人员和保证食品安全的规章制度',
      '具有合理的设备布局和工艺流程',
    ],
    materials: [
      applicationForm('application', '食品生产许可申请书'),
      material('licence', '营业执照', certificate(CERT.businessLicence)),
      material(
        'layout',
        '食品生产加工场所及其周围环境平面图、各功能区间布局平面图、工艺设备布局图和食品生产工艺流程图',
        fromApplicant,
      ),
      material('equipment', '食品生产主要设备、设施清单', fromApplicant),
      material('rules', '专职或者兼职的食品安全专业技术人员、食品安全管理人员信息和食品安全管理制度', fromApplicant),
    ],
    statutoryDays: 20,
    promisedDays: 10,
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['review', '材料审查', 'reviewer', 3],
      ['inspect', '现场核查', 'reviewer', 4],
      ['decide', '决定', 'approver', 2],
      ['deliver', '制证送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '食品生产许可证',
      certificateType: CERT.foodProduction,
      sample: '/samples/food-production-licence.pdf',
    },
    resultValidity: years(5),
    form: form(
      '食品生产许可申请',
      ...APPLICANT_ENTERPRISE,
      ['site.address', '生产地址'],
      ['product.categories', '食品类别'],
    ),
  }),
});

const medicalInstitution = item('410A0301200000', '医疗机构执业登记', 1, 'WJ', {
  legalBasis: [
    {
      title: '《医疗机构管理条例》',
      article: '第十五条',
      excerpt: '医疗机构执业，必须进行登记，领取《医疗机构执业许可证》。',
    },
  ],
  reformMode: 'optimized',
  licensingLists: LIST_2023,
  elements: elements({
    acceptanceConditions: [
      '按照规定应当办理设置审批的，已取得设置医疗机构批准书',
      '符合医疗机构的基本标准',
      '有适合的名称、组织机构和场所',
      '有与其开展的业务相适应的经费、设施、设备和专业卫生技术人员',
      '有相应的规章制度',
    ],
    materials: [
      applicationForm('application', '医疗机构申请执业登记注册书'),
      material('approval', '设置医疗机构批准书', fromGovernment, {
        requirement: 'conditional',
        condition: '按照规定应当办理设置审批的',
      }),
      material('premises', '医疗机构用房产权证明或者使用证明', certificate(CERT.realEstate)),
      material('floorplan', '医疗机构建筑设计平面图', fromApplicant),
      material(
        'staff',
        '医疗机构负责人及各科室负责人名录和有关资格证书、执业证书',
        sharedData('医师、护士电子化注册系统'),
      ),
      material('rules', '医疗机构规章制度', fromApplicant),
    ],
    statutoryDays: 45,
    promisedDays: 20,
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['review', '材料审查', 'reviewer', 5],
      ['inspect', '现场审核', 'reviewer', 10],
      ['decide', '决定', 'approver', 2],
      ['deliver', '制证送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '医疗机构执业许可证',
      certificateType: CERT.medicalInstitution,
      sample: '/samples/medical-institution-licence.pdf',
    },
    resultValidity: years(5),
    form: form(
      '医疗机构执业登记申请',
      ...APPLICANT_ENTERPRISE,
      ['site.address', '执业地点'],
      ['clinic.kind', '医疗机构类别'],
      ['clinic.beds', '床位数', 'integer'],
    ),
  }),
});

const pollutantPermit = item('410A0301300000', '排污许可', 1, 'STHJ', {
  legalBasis: [
    { title: '《排污许可管理条例》', article: '第二条', excerpt: null },
    { title: '《中华人民共和国环境保护法》', article: '第四十五条', excerpt: '国家依照法律规定实行排污许可管理制度。' },
  ],
  levels: ['province', 'city'],
  reformMode: 'optimized',
  licensingLists: LIST_2023,
  copies: ['410100-STHJ', '410300-STHJ'],
  elements: elements({
    acceptanceConditions: [
      '依法取得建设项目环境影响评价审批意见或者按照规定办理环境影响登记备案',
      '污染物排放符合国家和地方污染物排放标准',
      '采用的污染防治设施或者措施有能力达到许可排放浓度要求',
      '自行监测方案的监测点位、指标、频次等符合国家自行监测规范',
    ],
    materials: [
      applicationForm('application', '排污许可证申请表'),
      material('monitoring', '自行监测方案', fromApplicant, { forms: ['electronic'], paperCopies: 0 }),
      applicationForm('commitment', '守法承诺书'),
      material('eia', '建设项目环境影响评价审批文件', fromGovernment),
      material('outlets', '排污口和监测孔规范化设置情况说明', fromApplicant, { forms: ['electronic'], paperCopies: 0 }),
    ],
    statutoryDays: 20,
    promisedDays: 15,
    ...ONLINE,
    process: steps(
      ['accept', '网上受理', 'window_clerk', 1],
      ['review', '技术审查', 'reviewer', 10],
      ['decide', '决定', 'approver', 2],
      ['deliver', '电子证照送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '排污许可证',
      certificateType: CERT.pollutantPermit,
      sample: '/samples/pollutant-permit.pdf',
    },
    resultValidity: years(5),
    form: form(
      '排污许可申请',
      ...APPLICANT_ENTERPRISE,
      ['site.address', '生产经营场所地址'],
      ['industry.code', '行业类别代码'],
    ),
  }),
});

const planningPermit = item('410A0301400000', '建设工程规划许可证核发', 1, 'ZRZY', {
  legalBasis: [
    {
      title: '《中华人民共和国城乡规划法》',
      article: '第四十条',
      excerpt:
        '在城市、镇规划区内进行建筑物、构筑物、道路、管线和其他工程建设的，建设单位或者个人应当向城市、县人民政府城乡规划主管部门或者省、自治区、直辖市人民政府确定的镇人民政府申请办理建设工程规划许可证。',
    },
  ],
  reformMode: 'optimized',
  licensingLists: LIST_2023,
  copies: ['410100-ZRZY', '410300-ZRZY'],
  elements: elements({
    acceptanceConditions: [
      '已取得建设用地规划许可证或者国有土地使用权出让合同',
      '建设工程设计方案符合控制性详细规划和规划条件',
    ],
    materials: [
      applicationForm('application', '建设工程规划许可申请表'),
      material('land', '使用土地的有关证明文件（不动产权证书）', certificate(CERT.realEstate)),
      material('design', '建设工程设计方案（总平面图、建筑单体平面、立面、剖面图）', fromApplicant, {
        forms: ['original', 'electronic'],
        paperCopies: 2,
      }),
      material('land_planning', '建设用地规划许可证或者规划条件', fromGovernment),
    ],
    statutoryDays: 20,
    promisedDays: 10,
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['review', '方案审查', 'reviewer', 6],
      ['decide', '决定', 'approver', 2],
      ['deliver', '制证送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '建设工程规划许可证',
      certificateType: CERT.landUsePermit,
      sample: '/samples/planning-permit.pdf',
    },
    form: form(
      '建设工程规划许可申请',
      ...APPLICANT_ENTERPRISE,
      ['project.name', '项目名称'],
      ['site.address', '建设位置'],
      ['project.area', '总建筑面积（平方米）', 'number'],
    ),
  }),
});

const marriage = item('410F0301500000', '结婚登记', 7, 'MZ', {
  legalBasis: [
    {
      title: '《中华人民共和国民法典》',
      article: '第一千零四十九条',
      excerpt: '要求结婚的男女双方应当亲自到婚姻登记机关申请结婚登记。符合本法规定的，予以登记，发给结婚证。',
    },
    { title: '《婚姻登记条例》', article: '第四条', excerpt: null },
  ],
  levels: ['county'],
  copies: [],
  roots: ['410105-MZ', '410302-MZ', '410102-MZ'],
  elements: elements({
    acceptanceConditions: [
      '男女双方完全自愿',
      '男方年满 22 周岁，女方年满 20 周岁',
      '双方均无配偶',
      '双方没有直系血亲和三代以内旁系血亲关系',
    ],
    materials: [
      material('ids', '双方居民身份证', certificate(CERT.residentId), { forms: ['original'], paperCopies: 0 }),
      material('photo', '双方近期半身免冠合影照片', fromApplicant, { forms: ['original'], paperCopies: 3 }),
      applicationForm('declaration', '申请结婚登记声明书（双方当场签字）'),
    ],
    statutoryDays: 0,
    promisedDays: 0,
    ...PERSON,
    channels: ['window'],
    handleAnywhere: ['province_wide', 'cross_province'],
    process: IMMEDIATE,
    result: {
      kind: 'certificate',
      name: '结婚证',
      certificateType: CERT.marriageCertificate,
      sample: '/samples/marriage-certificate.pdf',
    },
    form: form('结婚登记', ...APPLICANT_PERSON, ['spouse.name', '对方姓名'], ['spouse.idNumber', '对方身份证号码']),
  }),
});

const minimumLiving = item('410E0301600000', '最低生活保障审核确认', 5, 'MZ', {
  legalBasis: [{ title: '《社会救助暂行办法》', article: '第十一条', excerpt: null }],
  levels: ['county'],
  copies: [],
  roots: ['410105-MZ', '410302-MZ'],
  elements: elements({
    acceptanceConditions: [
      '共同生活的家庭成员人均收入低于当地最低生活保障标准',
      '家庭财产状况符合当地规定',
      '以家庭为单位，由户主或者其代理人提出申请',
    ],
    materials: [
      applicationForm('application', '最低生活保障申请书'),
      material('ids', '家庭成员居民身份证', certificate(CERT.residentId)),
      material('household', '居民户口簿', certificate(CERT.householdRegister)),
      applicationForm('authorization', '家庭经济状况核对授权书'),
      material('income', '家庭收入和财产状况书面声明', fromApplicant),
    ],
    statutoryDays: 30,
    promisedDays: 20,
    ...PERSON,
    channels: ['window', 'online'],
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['investigate', '入户调查与经济状况核对', 'reviewer', 10],
      ['publicize', '审核公示', 'reviewer', 5],
      ['decide', '审核确认', 'approver', 3],
      ['deliver', '告知', 'window_clerk', 0],
    ),
    result: {
      kind: 'decision',
      name: '最低生活保障审核确认决定',
      certificateType: null,
      sample: '/samples/minimum-living-decision.pdf',
    },
    resultValidity: NONE,
    form: form(
      '最低生活保障申请',
      ...APPLICANT_PERSON,
      ['household.size', '共同生活家庭人口', 'integer'],
      ['household.monthlyIncome', '家庭月收入（元）', 'number'],
    ),
  }),
});

const unemploymentBenefit = item('410E0301700000', '失业保险金申领', 5, 'RS', {
  legalBasis: [
    { title: '《中华人民共和国社会保险法》', article: '第四十五条', excerpt: null },
    { title: '《失业保险条例》', article: '第十四条', excerpt: null },
  ],
  elements: elements({
    acceptanceConditions: [
      '失业前用人单位和本人已经缴纳失业保险费满一年',
      '非因本人意愿中断就业',
      '已经进行失业登记，并有求职要求',
    ],
    materials: [
      material('id', '居民身份证或者社会保障卡', certificate(CERT.socialSecurityCard)),
      material('termination', '与原单位终止或者解除劳动关系的证明', sharedData('劳动用工备案信息系统')),
      material('bank', '本人社会保障卡金融账户', sharedData('社会保障卡信息系统')),
    ],
    statutoryDays: 10,
    promisedDays: 0,
    ...PERSON,
    ...ONLINE,
    handleAnywhere: ['province_wide'],
    process: IMMEDIATE,
    result: {
      kind: 'decision',
      name: '失业保险金核定结果',
      certificateType: null,
      sample: '/samples/unemployment-benefit.pdf',
    },
    resultValidity: NONE,
    form: form(
      '失业保险金申领',
      ...APPLICANT_PERSON,
      ['employment.lastEmployer', '原工作单位'],
      ['employment.endDate', '劳动关系终止日期', 'string', { format: 'date' }],
    ),
  }),
});

const residentMedicalInsurance = item('410C0301800000', '城乡居民基本医疗保险参保登记', 20, 'YB', {
  legalBasis: [{ title: '《中华人民共和国社会保险法》', article: '第二十五条', excerpt: null }],
  elements: elements({
    acceptanceConditions: [
      '未参加职工基本医疗保险的本省户籍居民或者持有本省居住证的居民',
      '新生儿可在出生后随父母办理',
    ],
    materials: [
      material('id', '居民身份证或者居民户口簿', certificate(CERT.residentId)),
      material('birth', '出生医学证明', sharedData('出生医学证明信息系统'), {
        requirement: 'conditional',
        condition: '为新生儿办理参保登记的',
      }),
    ],
    statutoryDays: null,
    promisedDays: 0,
    ...PERSON,
    ...ONLINE,
    handleAnywhere: ['province_wide'],
    process: IMMEDIATE,
    result: {
      kind: 'decision',
      name: '参保登记信息（电子）',
      certificateType: null,
      sample: '/samples/medical-insurance-registration.pdf',
    },
    resultValidity: NONE,
    form: form(
      '城乡居民医保参保登记',
      ...APPLICANT_PERSON,
      ['insured.name', '参保人姓名'],
      ['insured.idNumber', '参保人身份证号码'],
    ),
  }),
});

const birthHousehold = item('410F0301900000', '出生登记（户口登记）', 7, 'GA', {
  legalBasis: [
    {
      title: '《中华人民共和国户口登记条例》',
      article: '第七条',
      excerpt: '婴儿出生后一个月以内，由户主、亲属、抚养人或者邻居向婴儿常住地户口登记机关申报出生登记。',
    },
  ],
  levels: ['county'],
  copies: [],
  roots: ['410105-GA', '410302-GA'],
  elements: elements({
    acceptanceConditions: ['新生儿父亲或者母亲一方为本地常住户口', '在出生后规定期限内申报'],
    materials: [
      material('birth', '出生医学证明', certificate(CERT.birthCertificate)),
      material('ids', '父母双方居民身份证', certificate(CERT.residentId)),
      material('household', '申报落户的居民户口簿', certificate(CERT.householdRegister)),
      material('marriage', '父母结婚证', sharedData('婚姻登记信息系统'), {
        requirement: 'conditional',
        condition: '父母已登记结婚的',
      }),
    ],
    statutoryDays: null,
    promisedDays: 0,
    ...PERSON,
    channels: ['window', 'online', 'mobile'],
    handleAnywhere: ['province_wide'],
    process: IMMEDIATE,
    result: {
      kind: 'certificate',
      name: '居民户口簿（新生儿户口页）',
      certificateType: CERT.householdRegister,
      sample: '/samples/household-register.pdf',
    },
    form: form(
      '出生登记',
      ...APPLICANT_PERSON,
      ['child.name', '新生儿姓名'],
      ['child.birthDate', '出生日期', 'string', { format: 'date' }],
      ['child.birthCertificateNumber', '出生医学证明编号'],
    ),
  }),
});

const investmentFiling = item('410Z0302000000', '企业投资项目备案', 10, 'FGW', {
  legalBasis: [{ title: '《企业投资项目核准和备案管理条例》', article: '第十三条', excerpt: null }],
  copies: ['410100-FGW', '410105-FGW'],
  elements: elements({
    acceptanceConditions: ['不属于《政府核准的投资项目目录》范围的企业投资项目', '项目符合国家产业政策'],
    materials: [
      material(
        'info',
        '项目备案信息（项目单位、项目名称、建设地点、建设规模和内容、总投资额、符合产业政策的声明）',
        fromApplicant,
        { forms: ['electronic'], paperCopies: 0 },
      ),
    ],
    statutoryDays: 0,
    promisedDays: 0,
    ...ONLINE,
    channels: ['online', 'mobile'],
    process: IMMEDIATE,
    result: {
      kind: 'decision',
      name: '河南省企业投资项目备案证明',
      certificateType: null,
      sample: '/samples/investment-filing.pdf',
    },
    resultValidity: NONE,
    form: form(
      '企业投资项目备案',
      ...APPLICANT_ENTERPRISE,
      ['project.name', '项目名称'],
      ['site.address', '建设地点'],
      ['project.totalInvestment', '总投资（万元）', 'number'],
      ['project.scope', '建设规模和内容'],
    ),
  }),
});

const legalAid = item('410C0302100000', '法律援助申请', 20, 'SF', {
  legalBasis: [
    {
      title: '《中华人民共和国法律援助法》',
      article: '第四十三条',
      excerpt: '法律援助机构应当自收到法律援助申请之日起七日内进行审查，作出是否给予法律援助的决定。',
    },
  ],
  elements: elements({
    acceptanceConditions: ['因经济困难没有委托代理人或者辩护人', '申请事项属于法律援助范围'],
    materials: [
      applicationForm('application', '法律援助申请表'),
      material('id', '申请人居民身份证', certificate(CERT.residentId)),
      applicationForm('hardship', '经济困难状况说明表'),
      material('case', '与申请事项有关的案件材料（起诉状、判决书、劳动仲裁文书等）', fromApplicant, {
        forms: ['copy'],
      }),
    ],
    statutoryDays: 7,
    promisedDays: 5,
    ...PERSON,
    process: steps(
      ['accept', '受理', 'window_clerk', 1],
      ['review', '审查', 'reviewer', 3],
      ['decide', '决定', 'approver', 1],
      ['deliver', '送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'decision',
      name: '给予法律援助决定书',
      certificateType: null,
      sample: '/samples/legal-aid-decision.pdf',
    },
    resultValidity: NONE,
    form: form('法律援助申请', ...APPLICANT_PERSON, ['case.kind', '案件类型'], ['case.summary', '案情摘要']),
  }),
});

const transferRegistration = item('410F0302200000', '不动产转移登记（二手房买卖）', 7, 'ZRZY', {
  legalBasis: [
    {
      title: '《不动产登记暂行条例》',
      article: '第二十条',
      excerpt: '不动产登记机构应当自受理登记申请之日起 30 个工作日内办结不动产登记手续，法律另有规定的除外。',
    },
  ],
  elements: elements({
    acceptanceConditions: [
      '买卖双方已签订存量房买卖合同并完成网签备案',
      '不动产权属清楚，未被查封',
      '相关税费已缴纳（可一窗受理、税费同缴）',
    ],
    materials: [
      applicationForm('application', '不动产登记申请书'),
      material('ids', '买卖双方身份证明', sharedData('人口基础信息库')),
      material('certificate', '不动产权证书', certificate(CERT.realEstate)),
      material('contract', '存量房买卖合同', sharedData('存量房网签备案系统')),
      material('tax', '完税凭证', sharedData('税务信息共享平台')),
    ],
    statutoryDays: 30,
    promisedDays: 1,
    fees: {
      charged: true,
      basis: '《国家发展改革委 财政部关于不动产登记收费标准等有关问题的通知》（发改价格规〔2016〕2559号）',
      items: [{ name: '不动产登记费（住宅，每件）', amountFen: 8000, basis: null }],
      reductions: ['按规定对小微企业（含个体工商户）等免收不动产登记费'],
    },
    ...PERSON,
    serviceObjects: ['natural_person', 'legal_person'],
    process: steps(
      ['accept', '一窗受理', 'window_clerk', 0],
      ['review', '审核登簿', 'reviewer', 1],
      ['deliver', '发证', 'window_clerk', 0],
    ),
    result: {
      kind: 'certificate',
      name: '不动产权证书',
      certificateType: CERT.realEstate,
      sample: '/samples/real-estate-certificate.pdf',
    },
    form: form(
      '不动产转移登记',
      ...APPLICANT_PERSON,
      ['seller.name', '出卖人姓名'],
      ['property.address', '不动产坐落'],
      ['property.unitNumber', '不动产单元号'],
      ['property.price', '成交价格（万元）', 'number'],
    ),
  }),
});

const fundWithdrawal = item('410C0302300000', '住房公积金提取（购买自住住房）', 20, 'GJJ', {
  legalBasis: [
    { title: '《住房公积金管理条例》', article: '第二十四条', excerpt: null },
    { title: '《住房公积金管理条例》', article: '第二十五条', excerpt: null },
  ],
  levels: ['province', 'city'],
  copies: ['410100-GJJ', '410300-GJJ'],
  elements: elements({
    acceptanceConditions: ['购买、建造、翻建、大修自住住房的', '提取额不超过购房支出'],
    materials: [
      material('id', '居民身份证', certificate(CERT.residentId)),
      material('purchase', '购房合同或者不动产权证书', sharedData('不动产登记信息共享平台')),
      material('tax', '契税完税凭证', sharedData('税务信息共享平台')),
    ],
    statutoryDays: 3,
    promisedDays: 1,
    ...PERSON,
    ...ONLINE,
    process: steps(
      ['accept', '受理', 'window_clerk', 0],
      ['review', '审核', 'reviewer', 1],
      ['deliver', '资金划转', 'window_clerk', 0],
    ),
    result: {
      kind: 'decision',
      name: '住房公积金提取核准（资金到账）',
      certificateType: null,
      sample: '/samples/fund-withdrawal.pdf',
    },
    resultValidity: NONE,
    form: form(
      '住房公积金提取',
      ...APPLICANT_PERSON,
      ['fund.accountNumber', '个人公积金账号'],
      ['property.address', '房屋坐落'],
      ['fund.amount', '提取金额（元）', 'number'],
    ),
  }),
});

const deregistration = item('410A0302400000', '企业注销登记', 1, 'SCJG', {
  legalBasis: [{ title: '《中华人民共和国市场主体登记管理条例》', article: '第三十一条', excerpt: null }],
  elements: elements({
    acceptanceConditions: [
      '已依法清算完毕或者符合简易注销条件',
      '不存在未结清的清偿费用、职工工资、社会保险费用、法定补偿金、应缴纳税款等',
    ],
    materials: [
      applicationForm('application', '企业注销登记申请书'),
      material('liquidation', '清算报告或者股东（会）决议', fromApplicant),
      material('tax', '清税信息', sharedData('税务信息共享平台')),
      material('commitment', '全体投资人承诺书', fromApplicant, {
        requirement: 'conditional',
        condition: '申请简易注销的',
        blankForm: '/forms/commitment.pdf',
        sample: '/samples/commitment.pdf',
      }),
    ],
    statutoryDays: 3,
    promisedDays: 1,
    ...ONLINE,
    process: steps(
      ['accept', '受理审核', 'window_clerk', 0],
      ['decide', '核准', 'approver', 1],
      ['deliver', '送达', 'window_clerk', 0],
    ),
    result: {
      kind: 'decision',
      name: '准予注销登记通知书',
      certificateType: null,
      sample: '/samples/deregistration.pdf',
    },
    resultValidity: NONE,
    form: form('企业注销登记申请', ...APPLICANT_ENTERPRISE, ['deregistration.kind', '注销类型（一般注销/简易注销）']),
  }),
});

export const HENAN_ITEMS: DemoItem[] = [
  foodProduction,
  medicalInstitution,
  pollutantPermit,
  planningPermit,
  marriage,
  minimumLiving,
  unemploymentBenefit,
  residentMedicalInsurance,
  birthHousehold,
  investmentFiling,
  legalAid,
  transferRegistration,
  fundWithdrawal,
  deregistration,
];

/** Life-event tags of these items (by basic code), set through the search module's tag service. */
export const HENAN_LIFE_EVENTS: Record<string, LifeEvent[]> = {
  [foodProduction.item.basicCode]: ['business_startup'],
  [medicalInstitution.item.basicCode]: ['business_startup'],
  [pollutantPermit.item.basicCode]: ['business_startup'],
  [planningPermit.item.basicCode]: ['housing'],
  [marriage.item.basicCode]: ['marriage'],
  [minimumLiving.item.basicCode]: ['employment'],
  [unemploymentBenefit.item.basicCode]: ['employment'],
  [residentMedicalInsurance.item.basicCode]: ['birth', 'retirement'],
  [birthHousehold.item.basicCode]: ['birth'],
  [investmentFiling.item.basicCode]: ['business_startup'],
  [legalAid.item.basicCode]: ['employment'],
  [transferRegistration.item.basicCode]: ['housing'],
  [fundWithdrawal.item.basicCode]: ['housing'],
  [deregistration.item.basicCode]: ['business_startup'],
};
