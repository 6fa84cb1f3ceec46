/**
 * The mixed write load of the crash and soak parts, through the public API as demo accounts: a case filed by the
 * demo citizen (Idempotency-Key) and taken accept → start_review → grant (the grant issues a certificate in its
 * transaction), and a 12345 ticket registered by the hotline operator and dispatched by rule (Idempotency-Key),
 * then accepted and replied to by the handling department. Every write carries an Idempotency-Key.
 */
import { call, type Answer, type Who } from './proc.ts';

/** A form the certificate item's JSON Schema accepts (a synthetic, checksum-valid resident ID). */
export const FILLED = {
  applicant_name: '张三',
  applicant_idNumber: '410105198808080016',
  applicant_phone: '13812345678',
  site_address: '郑州市金水区示例路 1 号',
};

const FORM = {
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  title: '可靠性测试申请表',
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

/** An implementation's elements whose result is a certificate of DEMO.SPJYXKZ (a type the demo defines). */
export function certificateElements() {
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
    promisedDays: 5,
    handlingKind: 'promised',
    fees: { charged: false, basis: null, items: [], reductions: [] },
    serviceObjects: ['natural_person'],
    channels: ['window', 'online', 'mobile'],
    onlineDepth: { fullyOnline: false, inPersonVisits: 1 },
    places: [{ name: '政务服务中心（测试）', address: '测试地址', hours: '工作日 9:00—17:00' }],
    contacts: { consultation: ['12345'], complaint: ['12345'] },
    result: { kind: 'certificate', name: '食品经营许可证', certificateType: 'DEMO.SPJYXKZ', sample: null },
    resultValidity: { kind: 'period', value: 5, unit: 'year' },
    quantityLimit: { limited: false, description: null },
    handleAnywhere: [],
    intermediaryServices: [],
    // Acceptance and decision only: start_review → grant needs no review steps.
    process: [
      { key: 'accept', name: '受理', role: 'window_clerk', days: 1, parallelGroup: null },
      { key: 'decide', name: '决定', role: 'approver', days: 1, parallelGroup: null },
    ],
    form: FORM,
  };
}

type Tokens = Record<Who, string>;

function expect(r: Answer, status: number, what: string): any {
  if (r.status !== status) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body).slice(0, 400)}`);
  return r.body;
}

/** Creates an item (admin) and a draft implementation of 410105-SCJG (reviewer); answers the draft. */
export async function draftImplementation(
  base: string,
  t: Tokens,
  tag: string,
): Promise<{ id: string; version: number }> {
  const item = expect(
    await call(base, 'POST', '/api/v1/catalog/items', {
      token: t.admin,
      key: `item-${tag}`,
      body: {
        basicCode: `410R${tag.replace(/\D/g, '').slice(-10).padStart(10, '0')}`,
        name: `可靠性测试事项${tag}`,
        itemType: 1,
        legalBasis: [{ title: '《测试法》', article: '第一条', excerpt: null }],
        levels: ['province', 'city', 'county'],
        departmentKind: 'SCJG',
      },
    }),
    201,
    'create item',
  );
  const draft = expect(
    await call(base, 'POST', '/api/v1/catalog/implementations', {
      token: t.reviewer,
      key: `impl-${tag}`,
      body: {
        itemId: item.id,
        departmentCode: '410105-SCJG',
        effectiveFrom: '2026-01-01',
        elements: certificateElements(),
      },
    }),
    201,
    'create implementation',
  );
  return { id: draft.id, version: draft.version, itemId: item.id } as { id: string; version: number; itemId: string };
}

/** Submits (reviewer) and publishes (lead) a draft; answers the publish's HTTP answer. */
export async function publishDraft(
  base: string,
  t: Tokens,
  draft: { id: string; version: number },
  leadToken = t.lead,
): Promise<Answer> {
  const move = (token: string, action: string, version: number) =>
    call(base, 'POST', `/api/v1/catalog/implementations/${draft.id}/${action}`, {
      token,
      body: { version, reason: `可靠性测试：${action}` },
    });
  const submitted = expect(await move(t.reviewer, 'submit', draft.version), 200, 'submit implementation');
  return move(leadToken, 'publish', submitted.version);
}

/** A published certificate item to file cases against; answers its item id. */
export async function certificateItem(base: string, t: Tokens, tag: string): Promise<string> {
  const draft = (await draftImplementation(base, t, tag)) as { id: string; version: number; itemId: string };
  expect(await publishDraft(base, t, draft), 200, 'publish implementation');
  return draft.itemId;
}

export type Kind = 'case' | 'ticket';

/** One step of a flow: who sends what, and the status the subject reaches. */
export interface Step {
  kind: Kind;
  action: string;
  who: Who;
  method: 'POST';
  path: string;
  body: Record<string, unknown>;
  /** 201 for the creating POST, 200 for a move. */
  okStatus: number;
  /** The action row the step writes on the subject (the audit log's `action`). */
  auditAction: string;
  target: string;
}

export const TICKET_BODY = {
  requestType: 'complaint',
  topicCode: 'urban.roads',
  content: '文化路人行道地砖大面积破损，雨天积水严重，请尽快修复。',
  region: '410105',
  callerName: '张示例',
  callerPhone: '13800000011',
  dispatch: {},
};

export function createStep(kind: Kind, itemId: string): Step {
  return kind === 'case'
    ? {
        kind,
        action: 'file',
        who: 'citizen',
        method: 'POST',
        path: '/api/v1/cases',
        body: { itemId, region: '410105', form: FILLED },
        okStatus: 201,
        auditAction: 'file',
        target: 'submitted',
      }
    : {
        kind,
        action: 'intake',
        who: 'operator',
        method: 'POST',
        path: '/api/v1/hotline/tickets',
        body: TICKET_BODY,
        okStatus: 201,
        auditAction: 'create',
        target: 'dispatched',
      };
}

/** The moves after creation, in order. */
export function moves(
  kind: Kind,
  id: string,
): Array<Omit<Step, 'body'> & { body: (v: number) => Record<string, unknown> }> {
  const m = (action: string, who: Who, target: string, extra: Record<string, unknown> = {}) => ({
    kind,
    action,
    who,
    method: 'POST' as const,
    path: kind === 'case' ? `/api/v1/cases/${id}/${action}` : `/api/v1/hotline/tickets/${id}/${action}`,
    body: (version: number) => ({ version, ...extra }),
    okStatus: 200,
    auditAction: action,
    target,
  });
  return kind === 'case'
    ? [
        m('accept', 'clerk', 'accepted'),
        m('start_review', 'reviewer', 'under_review'),
        m('grant', 'approver', 'granted', { reason: '符合许可条件' }),
      ]
    : [
        m('accept', 'handler', 'accepted'),
        m('reply', 'handler', 'replied', { outcome: 'resolved', reply: '已修复破损地砖。' }),
      ];
}

export function readPath(kind: Kind, id: string): string {
  return kind === 'case' ? `/api/v1/cases/${id}` : `/api/v1/hotline/tickets/${id}`;
}

export const READER: Record<Kind, Who> = { case: 'clerk', ticket: 'operator' };
export const SUBJECT_TYPE: Record<Kind, string> = { case: 'cases.case', ticket: 'hotline.ticket' };
