/**
 * The import/export column layout (docs/catalog.md § Import and export): one row per implementation, the item's
 * columns first, then the implementation's, then one column per element (lists in a cell, one entry per line).
 * A header cell is `中文表头(key)`, the key alone or the Chinese label alone; the key is what errors name.
 */
import { ITEM_TYPES, LEVELS, REFORM_MODES, type ItemType, type Level } from '../model.ts';
import {
  CHANNELS,
  HANDLE_ANYWHERE,
  HANDLING_KINDS,
  MATERIAL_FORMS,
  RESULT_KINDS,
  SERVICE_OBJECTS,
  type Elements,
  type Material,
  type ProcessStep,
} from '../elements.ts';
import { JSON_SCHEMA_2020_12 } from '../form-schema.ts';
import { STAFF_ROLES, type Role } from '../../../kernel/auth/roles.ts';
import {
  CellError,
  bool,
  date,
  entries,
  enumOf,
  fenToYuan,
  integer,
  lines,
  part,
  partRequired,
  setOf,
  text,
  textLines,
  withJson,
  yuanToFen,
  type Codec,
} from './cells.ts';

export interface Column {
  key: string;
  zh: string;
  part: 'item' | 'implementation';
  codec: Codec<any>;
  /** Must be filled (implementation columns: on rows that have an implementation). */
  required?: boolean;
  /** How to fill it in (zh), for the instructions sheet and docs. */
  syntax: string;
  example: string;
}

const names = <T extends string>(codes: readonly T[], zh: Record<T, string[]>) =>
  Object.fromEntries(codes.map((c) => [c, zh[c]])) as Record<T, string[]>;

const ITEM_TYPE_NAMES = Object.fromEntries(
  Object.entries(ITEM_TYPES).map(([code, t]) => [code, [code, t.zh, t.key]]),
) as Record<`${ItemType}`, string[]>;
const LEVEL_NAMES = names(LEVELS, { province: ['省级', '省'], city: ['市级', '市'], county: ['县级', '县', '区'] });
const REFORM_NAMES = names(REFORM_MODES, {
  abolished: ['直接取消审批'],
  filing: ['审批改为备案'],
  commitment: ['实行告知承诺'],
  optimized: ['优化审批服务'],
});
const OBJECT_NAMES = names(SERVICE_OBJECTS, {
  natural_person: ['自然人', '个人'],
  legal_person: ['法人', '企业法人'],
  other_organization: ['其他组织', '非法人组织'],
});
const CHANNEL_NAMES = names(CHANNELS, {
  window: ['窗口', '窗口办理'],
  online: ['网上', '网上办理', '网办'],
  mobile: ['移动端', '掌上办'],
  self_service: ['自助', '自助终端'],
  mail: ['邮寄', '快递'],
});
const ANYWHERE_NAMES = names(HANDLE_ANYWHERE, { province_wide: ['全省通办'], cross_province: ['跨省通办'] });
const HANDLING_NAMES = names(HANDLING_KINDS, { immediate: ['即办件'], promised: ['承诺件'] });
const RESULT_NAMES = names(RESULT_KINDS, {
  certificate: ['证照', '证书'],
  decision: ['决定', '批文', '决定书'],
  none: ['无'],
});
const FORM_NAMES = names(MATERIAL_FORMS, { original: ['原件'], copy: ['复印件'], electronic: ['电子', '电子件'] });
const ROLE_ZH: Record<Role, string[]> = {
  applicant: ['申请人'],
  window_clerk: ['窗口人员', '窗口'],
  reviewer: ['审查人员', '审查'],
  approver: ['审批人员', '审批'],
  department_lead: ['部门负责人', '科室负责人'],
  inspector: ['执法检查人员'],
  hotline_operator: ['话务员'],
  supervisor: ['监督人员'],
  discipline_inspector: ['纪检监察'],
  admin: ['管理员'],
};
const ROLE_NAMES = names(STAFF_ROLES, ROLE_ZH);

const itemType = enumOf(ITEM_TYPE_NAMES, { what: '事项类型 item type', required: true });
const level = enumOf(LEVEL_NAMES, { what: '层级 level', required: true });
const role = enumOf(ROLE_NAMES, { what: '角色 role', required: true });
const formKind = enumOf(FORM_NAMES, { what: '材料形式 form', required: true });
const yes = bool(false);

const businessItem: Codec<string> = {
  parse(t) {
    const v = t.trim() || '00';
    if (!/^\d{1,2}$/.test(v))
      throw new CellError(
        'CELL_INVALID',
        `业务办理项编号为 2 位数字：${v}`,
        `A business item number is 2 digits: ${v}`,
      );
    return v.padStart(2, '0');
  },
  format: (v) => v,
};

const statutory: Codec<number | null> = {
  parse: (t) => (/^(无|不适用|none)$/i.test(t.trim()) ? null : integer().parse(t)),
  format: integer().format,
};

/** 证照:TYPE · 共享:SOURCE · 申请人 · 政府部门; empty = not yet decided. */
const source: Codec<Material['source']> = {
  parse(t) {
    const v = t.trim();
    if (!v) return null;
    const m = /^([^:：]+)[:：]\s*(.+)$/.exec(v);
    const kind = (m ? m[1] : v).trim();
    if (/^(证照|certificate)$/i.test(kind) && m)
      return { kind: 'certificate', certificateType: m[2].trim(), dataSource: null };
    if (/^(共享|共享数据|shared_data)$/i.test(kind) && m)
      return { kind: 'shared_data', certificateType: null, dataSource: m[2].trim() };
    if (!m && /^(申请人|申请人提供|applicant)$/i.test(kind))
      return { kind: 'applicant', certificateType: null, dataSource: null };
    if (!m && /^(政府部门|政府部门核发|government)$/i.test(kind))
      return { kind: 'government', certificateType: null, dataSource: null };
    throw new CellError(
      'CELL_INVALID',
      `材料来源应为“申请人”“政府部门”“证照:类型代码”或“共享:数据源”：${v}`,
      `A material source is 申请人, 政府部门, 证照:<type> or 共享:<data source>: ${v}`,
    );
  },
  format(s) {
    if (!s) return '';
    if (s.kind === 'certificate') return `证照:${s.certificateType ?? ''}`;
    if (s.kind === 'shared_data') return `共享:${s.dataSource ?? ''}`;
    return s.kind === 'applicant' ? '申请人' : '政府部门';
  },
};

function requirementOf(v: string | null, line: number): Material['requirement'] {
  if (!v || /^(必要|必须|required)$/i.test(v)) return 'required';
  if (/^(条件|情形|conditional)$/i.test(v)) return 'conditional';
  throw new CellError(
    'CELL_INVALID',
    `第 ${line} 行要求应为“必要”或“条件”`,
    `Line ${line}: requirement is 必要 (required) or 条件 (conditional)`,
  );
}

const materials = entries<Material>(
  (p, line) => {
    const forms = p[4]
      ? [...new Set(p[4].split(/[+＋、,，]/).map((f) => formKind.parse(f)!))]
      : (['original'] as Material['forms']);
    const copies = part(p, 5);
    if (copies !== null && !/^\d+$/.test(copies))
      throw new CellError(
        'CELL_INVALID',
        `第 ${line} 行纸质份数须为整数`,
        `Line ${line}: paper copies is a whole number`,
      );
    const req = part(p, 2);
    return {
      key: partRequired(p, 0, line, '键 key'),
      name: partRequired(p, 1, line, '名称 name'),
      requirement: requirementOf(req, line),
      condition: part(p, 3),
      forms,
      paperCopies: copies === null ? (forms.every((f) => f === 'electronic') ? 0 : 1) : Number(copies),
      source: source.parse(p[6] ?? ''),
      blankForm: part(p, 7),
      sample: part(p, 8),
    };
  },
  (m) => [
    m.key,
    m.name,
    m.requirement === 'required' ? '必要' : '条件',
    m.condition,
    m.forms.map((f) => formKind.format(f)).join('+'),
    String(m.paperCopies),
    source.format(m.source),
    m.blankForm,
    m.sample,
  ],
  9,
);

const process = entries<ProcessStep>(
  (p, line) => {
    const days = partRequired(p, 3, line, '时限 days');
    if (!/^\d+$/.test(days))
      throw new CellError(
        'CELL_INVALID',
        `第 ${line} 行时限须为整数工作日`,
        `Line ${line}: days is a whole number of working days`,
      );
    return {
      key: partRequired(p, 0, line, '键 key'),
      name: partRequired(p, 1, line, '环节名称 name'),
      role: role.parse(p[2] ?? '') as ProcessStep['role'],
      days: Number(days),
      parallelGroup: part(p, 4),
    };
  },
  (s) => [s.key, s.name, role.format(s.role as never), String(s.days), s.parallelGroup],
  5,
);

const validity: Codec<Elements['resultValidity']> = withJson({
  parse(t) {
    const v = t.trim();
    if (!v || /^(无|none)$/i.test(v)) return { kind: 'none', value: null, unit: null };
    if (/^(长期|长期有效|long_term)$/i.test(v)) return { kind: 'long_term', value: null, unit: null };
    const m = /^(\d+)\s*(年|个月|月|日|天|year|month|day)s?$/i.exec(v);
    if (!m)
      throw new CellError(
        'CELL_INVALID',
        `有效期应为“无”“长期”或“5年”“6个月”“30日”：${v}`,
        `Validity is 无 (none), 长期 (long term) or a period such as 5年: ${v}`,
      );
    const unit = /年|year/i.test(m[2]) ? 'year' : /月|month/i.test(m[2]) ? 'month' : 'day';
    return { kind: 'period', value: Number(m[1]), unit };
  },
  format: (v) =>
    v.kind === 'none'
      ? '无'
      : v.kind === 'long_term'
        ? '长期'
        : `${v.value}${v.unit === 'year' ? '年' : v.unit === 'month' ? '个月' : '日'}`,
});

const quantityLimit: Codec<Elements['quantityLimit']> = withJson({
  parse: (t) =>
    !t.trim() || /^(无|不限|none)$/i.test(t.trim())
      ? { limited: false, description: null }
      : { limited: true, description: t.trim() },
  format: (v) => (v.limited ? (v.description ?? '') : '无'),
});

const entrustedBody: Codec<Elements['entrustedBody']> = withJson({
  parse(t) {
    if (!t.trim()) return null;
    const p = t.split('|').map((x) => x.trim());
    if (p.length !== 2 || !p[0] || !p[1])
      throw new CellError(
        'CELL_INVALID',
        '受委托部门写作“名称 | 统一社会信用代码”',
        'An entrusted body is written “name | USCC”',
      );
    return { name: p[0], uscc: p[1] };
  },
  format: (v) => (v ? `${v.name} | ${v.uscc}` : ''),
});

type FormField = { type: string; title: string; 'x-semantic-key': string; pattern?: string };
type FormObject = {
  $schema: string;
  title?: string;
  type: 'object';
  properties: Record<string, FormField>;
  required: string[];
  additionalProperties: false;
};

/** A form as lines `语义键 | 标题 | 类型 | 必填/选填 | 正则`, optionally after a line `表单：标题`; or a JSON Schema. */
const form: Codec<unknown> = withJson({
  parse(t) {
    const out: FormObject = {
      $schema: JSON_SCHEMA_2020_12,
      type: 'object',
      properties: {},
      required: [],
      additionalProperties: false,
    };
    lines(t).forEach((l, i) => {
      const title = /^表单[:：]\s*(.+)$/.exec(l);
      if (title && i === 0) return void (out.title = title[1].trim());
      const p = l.split('|').map((x) => x.trim());
      const key = partRequired(p, 0, i + 1, '语义键 semantic key');
      const field: FormField = {
        type: part(p, 2) ?? 'string',
        title: partRequired(p, 1, i + 1, '标题 title'),
        'x-semantic-key': key,
      };
      if (part(p, 4)) field.pattern = part(p, 4)!;
      out.properties[key.replace(/\./g, '_')] = field;
      if (!/^(选填|optional)$/i.test(part(p, 3) ?? '')) out.required.push(key.replace(/\./g, '_'));
    });
    if (out.title === undefined) delete out.title;
    return out;
  },
  format(v) {
    const f = v as FormObject;
    const head = f.title ? [`表单：${f.title}`] : [];
    return [
      ...head,
      ...Object.entries(f.properties).map(([local, s]) =>
        [s['x-semantic-key'], s.title, s.type, f.required.includes(local) ? '必填' : '选填', s.pattern ?? '']
          .join(' | ')
          .replace(/ \| $/, ''),
      ),
    ].join('\n');
  },
});

const col = (
  part: Column['part'],
  key: string,
  zh: string,
  codec: Codec<any>,
  syntax: string,
  example: string,
  req = false,
): Column => ({ key, zh, part, codec, syntax, example, required: req });
const I = (...a: Parameters<typeof col> extends [unknown, ...infer R] ? R : never) => col('item', ...a);
const M = (...a: Parameters<typeof col> extends [unknown, ...infer R] ? R : never) => col('implementation', ...a);

/** The columns, in the order a template and an export write them. */
export const COLUMNS: Column[] = [
  I('basicCode', '基本编码', text({ required: true }), '6–30 位数字、大写字母和连字符', '410A0300100000', true),
  I('businessItem', '业务办理项编号', businessItem, '2 位数字；主项为 00（空白即 00）', '00'),
  I('name', '事项名称', text({ required: true }), '事项的正式名称', '食品经营许可', true),
  I(
    'itemType',
    '事项类型代码',
    itemType,
    '国家事项类型代码或名称：1 行政许可 … 10 其他行政权力、20 公共服务',
    '1',
    true,
  ),
  I(
    'legalBasis',
    '设定依据',
    entries(
      (p, l) => ({ title: partRequired(p, 0, l, '法规名称 title'), article: part(p, 1), excerpt: part(p, 2) }),
      (c) => [c.title, c.article, c.excerpt],
      3,
    ),
    '每行一条：法规名称 | 条款 | 摘录（条款、摘录可省）',
    '《中华人民共和国食品安全法》 | 第三十五条',
  ),
  I('levels', '行使层级', setOf(level), '省级、市级、县级 中的一个或多个，以“、”分隔', '省级、市级、县级', true),
  I(
    'departmentKind',
    '部门类别',
    text({ required: true }),
    '登记的部门类别代码（SCJG 市场监管、WJ 卫健 …）',
    'SCJG',
    true,
  ),
  I(
    'reformMode',
    '证照分离改革方式',
    enumOf(REFORM_NAMES, { what: '改革方式 reform mode' }),
    '仅行政许可：直接取消审批、审批改为备案、实行告知承诺、优化审批服务；空白为无',
    '优化审批服务',
  ),
  I(
    'licensingLists',
    '许可事项清单',
    entries(
      (p, l) => ({
        level: level.parse(partRequired(p, 0, l, '层级 level')) as Level,
        effectiveFrom: date({ required: true }).parse(p[1] ?? '')!,
        effectiveTo: date().parse(p[2] ?? ''),
      }),
      (e) => [level.format(e.level), e.effectiveFrom, e.effectiveTo],
      3,
    ),
    '仅行政许可，每行一条：层级 | 起始日期 | 截止日期（可省）',
    '省级 | 2023-01-01',
  ),
  I('parentCode', '主项基本编码', text(), '业务办理项所属主项的基本编码；主项留空', ''),
  I('itemRegion', '目录区划', text(), '定义该事项的目录所属区划代码；空白为 410000（全省目录）', '410000'),
  I('itemIllustrative', '事项示例标记', yes, '是：设定依据等未经原文核对（示例）；空白为否', '是'),
  M('code', '实施编码', text(), '空白：新建实施清单；填写已有实施编码：更新其草稿（导出时带出）', ''),
  M(
    'departmentCode',
    '实施部门代码',
    text(),
    '登记的部门代码：区划-类别，如 410105-SCJG；空白表示本行只导入事项',
    '410105-SCJG',
    true,
  ),
  M('effectiveFrom', '生效日期', date(), 'YYYY-MM-DD', '2026-01-01', true),
  M(
    'status',
    '状态',
    text(),
    '仅导出时填写（draft 草稿、in_review 审核中、published 已发布、retired 已废止）；导入时不读，导入一律为草稿',
    '',
  ),
  M('illustrative', '示例标记', yes, '是：时限、依据等未经核对（示例）；空白为否', '是'),
  M('sourceCode', '来源编码', text(), '从其他清单导入时，该实施事项在来源清单中的编码', ''),
  M('sourceList', '来源清单', text(), '来源清单的名称', ''),
  M('sourceDepartment', '来源部门', text(), '来源清单中的实施部门名称', ''),
  M('sourceMainItem', '来源主项', text(), '来源清单中的主项名称', ''),
  M('sourceUrl', '来源链接', text(), '来源清单中该事项的网址', ''),
  M('entrustedBody', '受委托部门', entrustedBody, '名称 | 统一社会信用代码；空白为无', ''),
  M('acceptanceConditions', '受理条件', textLines, '每行一条', '具有与经营的食品品种、数量相适应的经营场所'),
  M(
    'materials',
    '申请材料',
    materials,
    '每行一种：键 | 名称 | 必要/条件 | 情形 | 形式（原件+复印件+电子）| 纸质份数 | 来源（申请人、政府部门、证照:类型代码、共享:数据源）| 空白表格 | 示例样表；后几段可省',
    'licence | 营业执照 | 必要 | | 电子 | 0 | 证照:DEMO.YYZZ',
  ),
  M('statutoryDays', '法定时限（工作日）', statutory, '整数；空白或“无”为没有法定时限', '20'),
  M('promisedDays', '承诺时限（工作日）', integer(), '整数；即办件为 0', '5', true),
  M(
    'handlingKind',
    '办件类型',
    enumOf(HANDLING_NAMES, { what: '办件类型 handling kind' }),
    '即办件或承诺件；空白时按承诺时限推定',
    '承诺件',
  ),
  M('feesCharged', '是否收费', bool(null), '是 / 否；空白时按是否填写收费项目推定', '否'),
  M('feesBasis', '收费依据', text(), '收费的总体依据', ''),
  M(
    'feeItems',
    '收费项目',
    entries(
      (p, l) => ({
        name: partRequired(p, 0, l, '名称 name'),
        amountFen: yuanToFen(partRequired(p, 1, l, '金额 amount'), l),
        basis: part(p, 2),
      }),
      (f) => [f.name, fenToYuan(f.amountFen), f.basis],
      3,
    ),
    '每行一项：名称 | 金额（元，最多两位小数）| 依据',
    '不动产登记费（住宅） | 80',
  ),
  M('feeReductions', '减免政策', textLines, '每行一条', ''),
  M(
    'serviceObjects',
    '服务对象',
    setOf(enumOf(OBJECT_NAMES, { what: '服务对象 service object' })),
    '自然人、法人、其他组织',
    '法人、其他组织',
  ),
  M(
    'channels',
    '办理渠道',
    setOf(enumOf(CHANNEL_NAMES, { what: '渠道 channel' })),
    '窗口、网上、移动端、自助、邮寄',
    '窗口、网上、移动端',
  ),
  M('fullyOnline', '全程网办', yes, '是 / 否；空白为否', '否'),
  M('inPersonVisits', '到现场次数', integer(), '整数；全程网办为 0（空白时按全程网办推定为 0）', '1'),
  M(
    'places',
    '办理地点',
    entries(
      (p, l) => ({
        name: partRequired(p, 0, l, '名称 name'),
        address: partRequired(p, 1, l, '地址 address'),
        hours: partRequired(p, 2, l, '办公时间 hours'),
      }),
      (x) => [x.name, x.address, x.hours],
      3,
    ),
    '每行一处：名称 | 地址 | 办公时间',
    '金水区政务服务中心 | 郑州市金水区… | 法定工作日 9:00—17:00',
  ),
  M('consultation', '咨询方式', textLines, '每行一种', '12345 政务服务便民热线'),
  M('complaint', '投诉方式', textLines, '每行一种', '12345 政务服务便民热线'),
  M(
    'resultKind',
    '办理结果类型',
    enumOf(RESULT_NAMES, { what: '结果类型 result kind' }),
    '证照、决定、无；空白为无',
    '证照',
  ),
  M('resultName', '办理结果名称', text(), '', '食品经营许可证'),
  M('resultCertificateType', '结果证照类型代码', text(), '证照类结果的证照类型代码', 'DEMO.SPJYXKZ'),
  M('resultSample', '结果样本', text(), '样本的文件地址', ''),
  M('validity', '结果有效期', validity, '无、长期，或“5年”“6个月”“30日”', '5年'),
  M('quantityLimit', '数量限制', quantityLimit, '空白或“无”为不限；否则写明限制', '无'),
  M(
    'handleAnywhere',
    '通办范围',
    setOf(enumOf(ANYWHERE_NAMES, { what: '通办范围 handle-anywhere' })),
    '全省通办、跨省通办；空白为无',
    '全省通办',
  ),
  M(
    'intermediaryServices',
    '中介服务',
    entries(
      (p, l) => ({ name: partRequired(p, 0, l, '名称 name'), required: yes.parse(p[1] ?? '')!, basis: part(p, 2) }),
      (x) => [x.name, yes.format(x.required), x.basis],
      3,
    ),
    '每行一项：名称 | 是否必须 | 依据',
    '',
  ),
  M(
    'process',
    '办理流程',
    process,
    '每行一个环节，按顺序：键 | 环节名称 | 角色（窗口人员、审查人员、审批人员、部门负责人）| 时限（工作日）| 并行组（可省）',
    'accept | 受理 | 窗口人员 | 1',
  ),
  M(
    'form',
    '申请表单',
    form,
    '每行一个字段：语义键 | 标题 | 类型（string、integer、number、boolean）| 必填/选填 | 正则（可省）；首行可写“表单：标题”；也可填 JSON Schema',
    'applicant.name | 申请人姓名 | string | 必填',
  ),
];

export const COLUMN_BY_KEY = new Map(COLUMNS.map((c) => [c.key, c]));

/** The header cell an export and the template write: 中文表头(key). */
export const headerOf = (c: Column) => `${c.zh}(${c.key})`;

/** The column a header cell names, by `label(key)`, `label（key）`, the key or the label; undefined when none. */
export function columnOfHeader(h: string): Column | undefined {
  const t = h.trim();
  const m = /[(（]\s*([A-Za-z]+)\s*[)）]$/.exec(t);
  if (m && COLUMN_BY_KEY.has(m[1])) return COLUMN_BY_KEY.get(m[1]);
  return COLUMN_BY_KEY.get(t) ?? COLUMNS.find((c) => c.zh === t);
}
