/** Test helpers for cases: a published implementation to file against, through the catalog's public API. */
import { ok, type TestApp } from '../../server/testing.ts';
import type { Role } from '../../kernel/auth/roles.ts';

type Headers = Record<string, string>;
const SCHEMA = 'https://json-schema.org/draft/2020-12/schema';

/** A person applicant's form: name, resident ID, phone, and a shop address. */
export const FORM = {
  $schema: SCHEMA,
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

/** A valid filled-in form (a synthetic, checksum-valid resident ID). */
export const FILLED = {
  applicant_name: '张三',
  applicant_idNumber: '410105198808080016',
  applicant_phone: '13812345678',
  site_address: '郑州市金水区示例路 1 号',
};

/** A process step as the catalog's elements declare it. */
export interface FixtureStep {
  key: string;
  name: string;
  role: Role;
  days: number;
  parallelGroup: string | null;
}

/** Acceptance and decision only: no review steps, so `start_review` → `grant` needs nothing more (steps.ts). */
export function simpleProcess(promisedDays: number): FixtureStep[] {
  return [
    { key: 'accept', name: '受理', role: 'window_clerk', days: 1, parallelGroup: null },
    { key: 'decide', name: '决定', role: 'approver', days: promisedDays > 1 ? 1 : 0, parallelGroup: null },
  ];
}

export function elements(promisedDays: number, process: FixtureStep[] = simpleProcess(promisedDays)) {
  return {
    entrustedBody: null,
    acceptanceConditions: ['有与经营项目相适应的经营场所'],
    materials: [
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
    promisedDays,
    handlingKind: promisedDays === 0 ? 'immediate' : 'promised',
    fees: { charged: false, basis: null, items: [], reductions: [] },
    serviceObjects: ['natural_person'],
    channels: ['window', 'online', 'mobile'],
    onlineDepth: { fullyOnline: false, inPersonVisits: 1 },
    places: [{ name: '政务服务中心（测试）', address: '测试地址', hours: '工作日 9:00—17:00' }],
    contacts: { consultation: ['12345'], complaint: ['12345'] },
    result: { kind: 'decision', name: '准予许可决定书', certificateType: null, sample: null },
    resultValidity: { kind: 'long_term', value: null, unit: null },
    quantityLimit: { limited: false, description: null },
    handleAnywhere: [],
    intermediaryServices: [],
    process,
    form: FORM,
  };
}

let seq = 0;

/** A further account (a second citizen, staff of another region): the harness's, re-exported for this module's tests. */
export { addAccount } from '../../server/testing.ts';

/**
 * Creates an item (SCJG, province catalog) and publishes an implementation by `department`: `editor` submits and
 * `publisher` publishes (Zhengzhou SCJG demo staff by default, for departments in 410100's subtree).
 */
export async function publishedItem(
  t: TestApp,
  o: {
    department?: string;
    promisedDays?: number;
    publish?: boolean;
    editor?: string;
    publisher?: string;
    /** The item's reform mode (审批改为备案 'filing', 实行告知承诺 'commitment', …), frozen into the published version. */
    reformMode?: 'abolished' | 'filing' | 'commitment' | 'optimized';
    process?: FixtureStep[];
    /** Elements to put in place of the fixture's (materials, result, handling …): other modules' items. */
    elements?: Record<string, unknown>;
  } = {},
): Promise<{ itemId: string; implementationId: string }> {
  const admin = await t.login('admin');
  const item = await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/items',
      headers: admin,
      payload: {
        basicCode: `410C${String(++seq).padStart(10, '0')}`,
        name: `测试办件事项${seq}`,
        itemType: 1,
        legalBasis: [{ title: '《测试法》', article: '第一条', excerpt: null }],
        levels: ['province', 'city', 'county'],
        departmentKind: 'SCJG',
        ...(o.reformMode ? { reformMode: o.reformMode } : {}),
      },
    }),
    201,
  );
  const editor = await t.login(o.editor ?? 'reviewer.zhengzhou');
  const publisher = await t.login(o.publisher ?? 'lead.zhengzhou');
  const draft = await ok(
    await t.app.inject({
      method: 'POST',
      url: '/api/v1/catalog/implementations',
      headers: editor,
      payload: {
        itemId: item.id,
        departmentCode: o.department ?? '410105-SCJG',
        effectiveFrom: '2026-01-01',
        elements: { ...elements(o.promisedDays ?? 5, o.process), ...o.elements },
      },
    }),
    201,
  );
  if (o.publish === false) return { itemId: item.id, implementationId: draft.id };
  const move = (h: Headers, action: string, version: number) =>
    t.app.inject({
      method: 'POST',
      url: `/api/v1/catalog/implementations/${draft.id}/${action}`,
      headers: h,
      payload: { version, reason: `测试：${action}` },
    });
  const submitted = await ok(await move(editor, 'submit', draft.version));
  await ok(await move(publisher, 'publish', submitted.version));
  return { itemId: item.id, implementationId: draft.id };
}
