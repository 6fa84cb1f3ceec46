/**
 * The guide's fixed vocabulary: section headings, field labels and the Chinese names of the element set's enum
 * values. These are the template's words, not an item's content — every item-specific word comes from the elements.
 */
import type { Role } from '../../../kernel/auth/roles.ts';
import type { ReformMode } from '../model.ts';
import type {
  CHANNELS,
  HANDLE_ANYWHERE,
  HANDLING_KINDS,
  MATERIAL_FORMS,
  RESULT_KINDS,
  SERVICE_OBJECTS,
} from '../elements.ts';
import type { Bilingual, GuideStatus, SectionKey } from './schemas.ts';

export const HEADINGS: Record<SectionKey, Bilingual> = {
  basic: { zh: '事项基本信息', en: 'Basic information' },
  legal_basis: { zh: '设定依据', en: 'Legal basis' },
  acceptance_conditions: { zh: '受理条件', en: 'Acceptance conditions' },
  materials: { zh: '申请材料', en: 'Application materials' },
  process: { zh: '办理流程', en: 'Process' },
  fees: { zh: '收费标准', en: 'Fees' },
  channels: { zh: '办理渠道', en: 'Channels' },
  places: { zh: '办理地点和时间', en: 'Places and hours' },
  result: { zh: '办理结果', en: 'Result' },
  intermediary_services: { zh: '中介服务', en: 'Intermediary services' },
  contacts: { zh: '咨询与投诉', en: 'Consultation and complaints' },
  version: { zh: '版本与核验', en: 'Version and verification' },
  form: { zh: '申请表单', en: 'Application form' },
};

/** Field and column labels, by key. */
export const LABELS = {
  itemName: { zh: '事项名称', en: 'Item name' },
  itemType: { zh: '事项类型', en: 'Item type' },
  code: { zh: '实施编码', en: 'Implementation code' },
  basicCode: { zh: '基本编码', en: 'Basic code' },
  implementingBody: { zh: '实施主体', en: 'Implementing body' },
  implementingBodyUscc: { zh: '实施主体统一社会信用代码', en: "Implementing body's USCC" },
  entrustedBody: { zh: '受委托部门', en: 'Entrusted body' },
  region: { zh: '实施区划', en: 'Region' },
  reformMode: { zh: '证照分离改革方式', en: 'Reform mode' },
  serviceObjects: { zh: '服务对象', en: 'Service objects' },
  handlingKind: { zh: '办件类型', en: 'Handling kind' },
  statutoryDays: { zh: '法定办结时限', en: 'Statutory time limit' },
  promisedDays: { zh: '承诺办结时限', en: 'Promised time limit' },
  handleAnywhere: { zh: '通办范围', en: 'Handle-anywhere scope' },
  index: { zh: '序号', en: 'No.' },
  materialName: { zh: '材料名称', en: 'Material' },
  requirement: { zh: '必要性', en: 'Requirement' },
  forms: { zh: '材料形式', en: 'Form' },
  paperCopies: { zh: '纸质份数', en: 'Paper copies' },
  source: { zh: '来源渠道', en: 'Source' },
  submission: { zh: '提交方式', en: 'Submission' },
  blankForm: { zh: '空白表格', en: 'Blank form' },
  sample: { zh: '示例样表', en: 'Sample' },
  stepName: { zh: '办理环节', en: 'Step' },
  role: { zh: '办理人员', en: 'Handled by' },
  stepDays: { zh: '环节时限', en: 'Step limit' },
  parallel: { zh: '并行办理', en: 'In parallel with' },
  processDays: { zh: '流程合计时限', en: 'Process total' },
  charged: { zh: '是否收费', en: 'Charged' },
  feeBasis: { zh: '收费依据', en: 'Basis' },
  feeItems: { zh: '收费项目', en: 'Fee items' },
  feeName: { zh: '项目名称', en: 'Item' },
  amount: { zh: '收费标准', en: 'Amount' },
  reductions: { zh: '减免政策', en: 'Reductions' },
  channels: { zh: '办理渠道', en: 'Channels' },
  onlineDepth: { zh: '网办深度', en: 'Online depth' },
  inPersonVisits: { zh: '到办事现场次数', en: 'In-person visits' },
  placeName: { zh: '办理地点', en: 'Place' },
  address: { zh: '地址', en: 'Address' },
  hours: { zh: '办公时间', en: 'Hours' },
  resultKind: { zh: '结果类型', en: 'Result kind' },
  resultName: { zh: '结果名称', en: 'Result' },
  certificateType: { zh: '电子证照类型', en: 'Certificate type' },
  resultSample: { zh: '结果样本', en: 'Result sample' },
  validity: { zh: '有效期限', en: 'Validity' },
  quantityLimit: { zh: '数量限制', en: 'Quantity limit' },
  serviceName: { zh: '中介服务名称', en: 'Service' },
  required: { zh: '是否必需', en: 'Required' },
  basis: { zh: '依据', en: 'Basis' },
  consultation: { zh: '咨询方式', en: 'Consultation' },
  complaint: { zh: '监督投诉方式', en: 'Complaints' },
  version: { zh: '版本号', en: 'Version' },
  status: { zh: '版本状态', en: 'Status' },
  effectiveFrom: { zh: '施行日期', en: 'In force from' },
  publishedAt: { zh: '发布时间', en: 'Published at' },
  digest: { zh: '内容摘要（SHA-256）', en: 'Content digest (SHA-256)' },
  derivedFrom: { zh: '派生来源', en: 'Derived from' },
  formTitle: { zh: '表单名称', en: 'Form' },
  fieldLabel: { zh: '字段', en: 'Field' },
  semanticKey: { zh: '语义键', en: 'Semantic key' },
  semanticKeys: { zh: '表单字段语义键', en: "Form fields' semantic keys" },
  certificateTypes: { zh: '电子证照类型代码', en: 'Certificate type codes' },
  subject: { zh: '材料或结果', en: 'Material or result' },
  fieldType: { zh: '类型', en: 'Type' },
  fieldRequired: { zh: '必填', en: 'Required' },
} as const satisfies Record<string, Bilingual>;
export type LabelKey = keyof typeof LABELS;

export const SERVICE_OBJECT_ZH: Record<(typeof SERVICE_OBJECTS)[number], string> = {
  natural_person: '自然人',
  legal_person: '法人',
  other_organization: '其他组织',
};
export const CHANNEL_ZH: Record<(typeof CHANNELS)[number], string> = {
  window: '窗口办理',
  online: '网上办理',
  mobile: '移动端办理',
  self_service: '自助终端办理',
  mail: '邮寄办理',
};
export const FORM_ZH: Record<(typeof MATERIAL_FORMS)[number], string> = {
  original: '原件',
  copy: '复印件',
  electronic: '电子材料',
};
export const RESULT_ZH: Record<(typeof RESULT_KINDS)[number], string> = {
  certificate: '证照',
  decision: '批文（决定书）',
  none: '无',
};
export const HANDLE_ANYWHERE_ZH: Record<(typeof HANDLE_ANYWHERE)[number], string> = {
  province_wide: '全省通办',
  cross_province: '跨省通办',
};
export const HANDLING_KIND_ZH: Record<(typeof HANDLING_KINDS)[number], string> = {
  immediate: '即办件',
  promised: '承诺件',
};
export const REFORM_MODE_ZH: Record<ReformMode, string> = {
  abolished: '直接取消审批',
  filing: '审批改为备案',
  commitment: '实行告知承诺',
  optimized: '优化审批服务',
};
export const UNIT_ZH = { year: '年', month: '个月', day: '日' } as const;
export const STATUS_ZH: Record<GuideStatus, string> = {
  published: '现行有效',
  superseded: '已被新版本取代',
  retired: '已废止',
  draft: '草稿',
  in_review: '审核中',
};

/** Who handles a process step, by staff role (GLOSSARY: Roles). */
export const ROLE_ZH: Record<Exclude<Role, 'applicant'>, string> = {
  window_clerk: '窗口人员',
  reviewer: '审查人员',
  approver: '审批人员',
  department_lead: '部门负责人',
  inspector: '执法检查人员',
  hotline_operator: '话务员',
  supervisor: '政务服务监督人员',
  discipline_inspector: '纪检监察人员',
  admin: '管理员',
};

export const NOTICES = {
  illustrative: {
    zh: '示例 · 未经核对：本指南所载法律依据、时限等内容未逐项对照原文核对，仅作示例，不作为办事依据。',
    en: 'Illustrative · not checked: the legal citations and time limits in this guide were not checked against their sources; for illustration only, not a basis for applying.',
  },
  superseded: {
    zh: '本版本已被新版本取代，仅供查阅；办事请以现行版本为准。',
    en: 'This version has been superseded and is shown for reference; apply under the version in force.',
  },
  retired: {
    zh: '该实施清单已废止，本指南仅供查阅。',
    en: 'This implementation is retired; the guide is shown for reference only.',
  },
  preview: {
    zh: '预览：未发布的工作稿，不对外公开，不作为办事依据。',
    en: 'Preview: an unpublished working copy, not public and not a basis for applying.',
  },
} as const satisfies Record<string, Bilingual>;

/** The short banner printed on every page of an illustrative guide. */
export const ILLUSTRATIVE_BANNER = '示例 · 未经核对';
