/** Test helpers for certificates: an item whose result is a certificate, published and filed through the public API. */
import { ok, type TestApp } from '../../server/testing.ts';

type Headers = Record<string, string>;
import { FILLED, elements, publishedItem } from '../cases/test-fixtures.ts';

export { FILLED, FORM } from '../cases/test-fixtures.ts';

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

/** What a certificate item declares beyond the cases fixture's elements: its result, extra materials, handling. */
function certificateElements(certificateType: string, extraMaterials: unknown[], o: ItemOptions) {
  return {
    materials: [...extraMaterials, ...elements(5).materials],
    result: { kind: 'certificate', name: '食品经营许可证', certificateType, sample: null },
    resultValidity: o.validity ?? { kind: 'period', value: 5, unit: 'year' },
    process: [
      { key: 'accept', name: '受理', role: 'window_clerk', days: 1, parallelGroup: null },
      { key: 'decide', name: '决定', role: 'approver', days: 1, parallelGroup: null },
    ],
  };
}

/** A published item of 410105-SCJG whose result is a certificate of `certificateType`. */
export async function certificateItem(
  t: TestApp,
  certificateType = 'DEMO.SPJYXKZ',
  extraMaterials: unknown[] = [],
  o: ItemOptions = {},
): Promise<string> {
  const { itemId } = await publishedItem(t, {
    reformMode: o.reformMode,
    promisedDays: o.immediate ? 0 : 5,
    elements: certificateElements(certificateType, extraMaterials, o),
  });
  return itemId;
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
