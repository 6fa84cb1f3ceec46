/** Test helpers for the catalog: a valid element set, and creating / publishing through the public API. */
import assert from 'node:assert/strict';
import type { TestApp } from '../../server/testing.ts';
import { applicationForm, certificate, CERT, elements, form, material, APPLICANT_ENTERPRISE } from './demo-builders.ts';
import type { Elements } from './elements.ts';

type Headers = Record<string, string>;

/** A complete, consistent element set (statutory 20, promised 5). */
export function validElements(over: Partial<Elements> = {}): Elements {
  return elements({
    acceptanceConditions: ['具有与经营项目相适应的经营场所和设施设备', '有保证食品安全的规章制度'],
    materials: [
      applicationForm('application', '许可申请书'),
      material('licence', '营业执照', certificate(CERT.businessLicence)),
    ],
    statutoryDays: 20,
    promisedDays: 5,
    result: { kind: 'certificate', name: '许可证', certificateType: CERT.foodBusiness, sample: '/samples/x.pdf' },
    form: form('申请', ...APPLICANT_ENTERPRISE, ['site.address', '经营场所']),
    ...over,
  });
}

let seq = 0;

/** Creates a catalog item as admin (province catalog, SCJG, all levels). */
export async function createItem(
  t: TestApp,
  over: Record<string, unknown> = {},
): Promise<{ id: string; version: number; basicCode: string }> {
  const admin = await t.login('admin');
  const body = {
    basicCode: `410T${String(++seq).padStart(10, '0')}`,
    name: `测试许可事项${seq}`,
    itemType: 1,
    legalBasis: [{ title: '《测试法》', article: '第一条', excerpt: null }],
    levels: ['province', 'city', 'county'],
    departmentKind: 'SCJG',
    ...over,
  };
  const r = await t.app.inject({ method: 'POST', url: '/api/v1/catalog/items', headers: admin, payload: body });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

export async function createImpl(
  t: TestApp,
  headers: Headers,
  body: Record<string, unknown>,
): Promise<{ id: string; version: number; code: string; [k: string]: unknown }> {
  const r = await t.app.inject({
    method: 'POST',
    url: '/api/v1/catalog/implementations',
    headers,
    payload: { effectiveFrom: '2026-01-01', ...body },
  });
  assert.equal(r.statusCode, 201, r.body);
  return r.json();
}

export async function act(
  t: TestApp,
  headers: Headers,
  id: string,
  action: string,
  version: number,
  reason = `测试：${action}`,
) {
  return t.app.inject({
    method: 'POST',
    url: `/api/v1/catalog/implementations/${id}/${action}`,
    headers,
    payload: { version, reason },
  });
}

/** Submits as `submitter` and publishes as `publisher`; returns the implementation after publishing. */
export async function submitAndPublish(
  t: TestApp,
  submitter: Headers,
  publisher: Headers,
  id: string,
  version: number,
) {
  const s = await act(t, submitter, id, 'submit', version);
  assert.equal(s.statusCode, 200, s.body);
  const p = await act(t, publisher, id, 'publish', s.json().version);
  assert.equal(p.statusCode, 200, p.body);
  return p.json();
}

/** Creates an item and a published implementation of it by 410105-SCJG (reviewer submits, lead publishes). */
export async function publishedImpl(
  t: TestApp,
  over: { item?: Record<string, unknown>; impl?: Record<string, unknown> } = {},
) {
  const reviewer = await t.login('reviewer.zhengzhou');
  const lead = await t.login('lead.zhengzhou');
  const item = await createItem(t, over.item);
  const draft = await createImpl(t, reviewer, {
    itemId: item.id,
    departmentCode: '410105-SCJG',
    elements: validElements(),
    ...over.impl,
  });
  const published = await submitAndPublish(t, reviewer, lead, draft.id, draft.version);
  return { item, impl: published, reviewer, lead };
}
