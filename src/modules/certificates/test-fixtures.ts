/** Test helpers for certificates: an item whose result is a certificate, published and filed through the public API. */
import { ok, type TestApp } from '../../server/testing.ts';

type Headers = Record<string, string>;
let seq = 0;

export const FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: '测试申请表',
  type: 'object',
  properties: {
    applicant_name: { type: 'string', title: '申请人姓名', 'x-semantic-key': 'applicant.name', minLength: 1 },
    applicant_idNumber: {
      type: 'string',
      title: '居民身份证号码',
      'x-semantic-key': 'applicant.idNumber',
      pattern: '^\\d{17}[\\dX]$',
    },
    applicant_phone: { type: 'string', title: '联系电话', 'x-semantic-key': 'applicant.phone', pattern: '^1\\d{10}$' },
    site_address: { type: 'string', title: '经营场所', 'x-semantic-key': 'site.address', minLength: 1 },
  },
  required: ['applicant_name', 'applicant_idNumber', 'applicant_phone', 'site_address'],
  additionalProperties: false,
};

export const FILLED = {
  applicant_name: '张三',
  applicant_idNumber: '410105198808080016',
  applicant_phone: '13812345678',
  site_address: '郑州市金水区示例路 1 号',
};

/** A listed material that a certificate of `certificateType` may give (免提交). */
export const certificateMaterial = (key: string, name: string, certificateType: string) => ({
  key,
  name,
  requirement: 'required',
  condition: null,
  forms: ['electronic'],
  paperCopies: 0,
  blankForm: null,
  sample: null,
  source: { kind: 'certificate', certificateType, dataSource: null },
});

/** A listed material that shared data named `dataSource` may give (共享数据免提交). */
export const sharedMaterial = (key: string, name: string, dataSource: string) => ({
  key,
  name,
  requirement: 'required',
  condition: null,
  forms: ['electronic'],
  paperCopies: 0,
  blankForm: null,
  sample: null,
  source: { kind: 'shared_data', certificateType: null, dataSource },
});

/** How an item is handled: a reform mode (告知承诺 …) and/or an immediate item (即办件), as the catalog declares. */
export interface ItemOptions {
  reformMode?: 'commitment';
  immediate?: boolean;
  validity?: { kind: 'period'; value: number; unit: 'year' | 'month' | 'day' };
}

function elements(certificateType: string, extraMaterials: unknown[] = [], o: ItemOptions = {}) {
  return {
    entrustedBody: null,
    acceptanceConditions: ['有与经营项目相适应的经营场所'],
    materials: [
      ...extraMaterials,
      {
        key: 'application',
        name: '申请书',
        requirement: 'required',
        condition: null,
        forms: ['original', 'electronic'],
        paperCopies: 1,
        blankForm: '/forms/application.pdf',
        sample: '/samples/application.pdf',
        source: { kind: 'applicant', certificateType: null, dataSource: null },
      },
    ],
    statutoryDays: 20,
    promisedDays: o.immediate ? 0 : 5,
    handlingKind: o.immediate ? 'immediate' : 'promised',
    fees: { charged: false, basis: null, items: [], reductions: [] },
    serviceObjects: ['natural_person'],
    channels: ['window', 'online', 'mobile'],
    onlineDepth: { fullyOnline: false, inPersonVisits: 1 },
    places: [{ name: '政务服务中心（测试）', address: '测试地址', hours: '工作日 9:00—17:00' }],
    contacts: { consultation: ['12345'], complaint: ['12345'] },
    result: { kind: 'certificate', name: '食品经营许可证', certificateType, sample: null },
    resultValidity: o.validity ?? { kind: 'period', value: 5, unit: 'year' },
    quantityLimit: { limited: false, description: null },
    handleAnywhere: [],
    intermediaryServices: [],
    process: [
      { key: 'accept', name: '受理', role: 'window_clerk', days: 1, parallelGroup: null },
      { key: 'decide', name: '决定', role: 'approver', days: 1, parallelGroup: null },
    ],
    form: FORM,
  };
}

/** A published item of 410105-SCJG whose result is a certificate of `certificateType`. */
export async function certificateItem(
  t: TestApp,
  certificateType = 'DEMO.SPJYXKZ',
  extraMaterials: unknown[] = [],
  o: ItemOptions = {},
): Promise<string> {
  const admin = await t.login('admin');
  const item = await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/items',
      headers: admin,
      payload: {
        basicCode: `410D${String(++seq).padStart(10, '0')}`,
        name: `测试证照事项${seq}`,
        itemType: 1,
        legalBasis: [{ title: '《测试法》', article: '第一条', excerpt: null }],
        levels: ['province', 'city', 'county'],
        departmentKind: 'SCJG',
        ...(o.reformMode ? { reformMode: o.reformMode } : {}),
      },
    }),
    201,
  );
  const editor = await t.login('reviewer.zhengzhou');
  const publisher = await t.login('lead.zhengzhou');
  const draft = await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/implementations',
      headers: editor,
      payload: {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        effectiveFrom: '2026-01-01',
        elements: elements(certificateType, extraMaterials, o),
      },
    }),
    201,
  );
  const move = (h: Headers, action: string, version: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/catalog/implementations/${draft.id}/${action}`,
      headers: h,
      payload: { version, reason: `测试：${action}` },
    });
  const submitted = await ok(await move(editor, 'submit', draft.version));
  await ok(await move(publisher, 'publish', submitted.version));
  return item.id;
}

/** Files a case for citizen.demo and takes it to granted; answers the case. */
export async function grantedCase(t: TestApp, itemId: string): Promise<any> {
  const [citizen, clerk, reviewer, approver] = await Promise.all(
    ['citizen.demo', 'clerk.jinshui', 'reviewer.zhengzhou', 'approver.zhengzhou'].map((u) => t.login(u)),
  );
  const move = (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
    t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload });
  let c = await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/cases',
      headers: citizen,
      payload: { itemId, region: '410105', form: FILLED },
    }),
    201,
  );
  c = await ok(await move(clerk, c.id, 'accept', { version: c.version }));
  c = await ok(await move(reviewer, c.id, 'start_review', { version: c.version }));
  c = await ok(await move(approver, c.id, 'grant', { version: c.version, reason: '符合许可条件' }));
  return c;
}

/** A further account (a second citizen, staff of another region): the harness's, re-exported for this module's tests. */
export { addAccount } from '../../server/testing.ts';

/** The certificate types and issuer keys of the demo, for other modules' tests. */
export { seedCertificatesDemo } from './demo.ts';
