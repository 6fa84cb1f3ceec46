/**
 * The certificate types the catalog demo refers to (its `DEMO.*` codes, src/modules/catalog/demo-builders.ts), defined
 * as illustrative types: certificates of these types say 示例. Added once. (The codes are repeated here: a module
 * reads another only through its index.)
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { systemCtx } from '../../kernel/context.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { defineCertificateType, type Validity } from './types.ts';

/** The (synthetic) defining body of the demo types: its USCC opens each GB/T 36904 type code. */
export const DEMO_DEFINING_BODY = generateUscc({ division: '410000', seq: 990_001, authority: '1', orgType: '1' });

export const DEMO_TYPES: Record<string, [string, string, number | null]> = {
  'DEMO.YYZZ': ['营业执照', 'Business licence', null],
  'DEMO.JMSFZ': ['居民身份证', 'Resident identity card', 20],
  'DEMO.SPJYXKZ': ['食品经营许可证', 'Food business licence', 5],
  'DEMO.GGCSWSXKZ': ['公共场所卫生许可证', 'Public place hygiene licence', 4],
  'DEMO.JZGCSGXKZ': ['建筑工程施工许可证', 'Construction permit', null],
  'DEMO.YPJYXKZ': ['药品经营许可证', 'Drug business licence', 5],
  'DEMO.BDCQZS': ['不动产权证书', 'Real estate title certificate', null],
  'DEMO.JSGCGHXKZ': ['建设工程规划许可证', 'Construction planning permit', null],
  'DEMO.SBK': ['社会保障卡', 'Social security card', 10],
  'DEMO.SPSCXKZ': ['食品生产许可证', 'Food production licence', 5],
  'DEMO.YLJGZYXKZ': ['医疗机构执业许可证', 'Medical institution licence', 5],
  'DEMO.PWXKZ': ['排污许可证', 'Pollutant discharge permit', 5],
  'DEMO.JHZ': ['结婚证', 'Marriage certificate', null],
  'DEMO.HKB': ['居民户口簿', 'Household register', null],
  'DEMO.CSYXZM': ['出生医学证明', 'Medical birth certificate', null],
};

/** The face every demo type shows: holder, item, case number, and the site when the form has one. */
export const DEMO_FACE = {
  type: 'object',
  properties: {
    holderName: { type: 'string', title: '持证主体', 'x-semantic-key': 'holder.name' },
    itemName: { type: 'string', title: '许可事项', 'x-semantic-key': 'item.name' },
    caseNumber: { type: 'string', title: '办件编号', 'x-semantic-key': 'case.number' },
    siteAddress: { type: 'string', title: '经营场所', 'x-semantic-key': 'site.address' },
  },
  required: ['holderName'],
};

export async function seedCertificatesDemo(k: Kernel): Promise<void> {
  const have = await k.db.selectFrom('certificates_types').select('code').limit(1).executeTakeFirst();
  if (have) return;
  const ctx = systemCtx(k.clock.now());
  let seq = 0;
  for (const [code, [zh, en, years]] of Object.entries(DEMO_TYPES)) {
    const validity: Validity = years
      ? { kind: 'period', value: years, unit: 'year' }
      : { kind: 'long_term', value: null, unit: null };
    await defineCertificateType(k, ctx, {
      code,
      name: { zh, en },
      typeCode: DEMO_DEFINING_BODY + String(++seq).padStart(3, '0'),
      faceSchema: DEMO_FACE,
      validity,
      departments: [],
      illustrative: true,
    });
  }
}
