/** Bundles applied for (一件事一次办) and handle-anywhere (代收代办) through the public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { OutboxDispatcher, bindSubscribers } from '../../kernel/outbox.ts';
import { FILLED, addAccount, elements } from './test-fixtures.ts';
import { bundleProgress } from './bundle-progress.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

const post = (t: TestApp, h: Headers, url: string, payload: object, extra: Headers = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...h, ...extra }, payload });
const put = (t: TestApp, h: Headers, url: string, payload: object) =>
  t.app.inject({ method: 'PUT', url, headers: h, payload });
const get = (t: TestApp, h: Headers, url: string) => t.app.inject({ method: 'GET', url, headers: h });

let seq = 0;
const staff = new Map<string, Headers>();

/** A department's editor and lead (created once per app), for the catalog and for deciding its cases. */
async function people(t: TestApp, region: string, kind: string): Promise<{ editor: Headers; lead: Headers }> {
  const dept = `${region}-${kind}`;
  const key = `${t.dataDir}:${dept}`;
  if (!staff.has(key + ':e')) {
    staff.set(key + ':e', await addAccount(t, `ed.${dept.toLowerCase()}`, ['reviewer'], region, dept));
    staff.set(key + ':l', await addAccount(t, `lead.${dept.toLowerCase()}`, ['department_lead'], region, dept));
  }
  return { editor: staff.get(key + ':e')!, lead: staff.get(key + ':l')! };
}

/** An item of `kind` with a published implementation by `<region>-<kind>`. */
async function published(t: TestApp, region: string, kind: string, handleAnywhere: string[] = []) {
  const admin = await t.login('admin');
  const item = await ok(
    post(t, admin, '/api/v1/catalog/items', {
      basicCode: `410B${String(++seq).padStart(10, '0')}`,
      name: `一件事测试事项${seq}`,
      itemType: 1,
      legalBasis: [{ title: '《测试法》', article: '第一条', excerpt: null }],
      levels: ['province', 'city', 'county'],
      departmentKind: kind,
    }),
    201,
  );
  const { editor, lead } = await people(t, region, kind);
  const draft = await ok(
    post(t, editor, '/api/v1/catalog/implementations', {
      itemId: item.id,
      departmentCode: `${region}-${kind}`,
      effectiveFrom: '2026-01-01',
      elements: { ...elements(5), handleAnywhere },
    }),
    201,
  );
  const impl = await publish(t, editor, lead, draft.id, draft.version);
  return { itemId: item.id, implementationId: draft.id, version: impl.publishedVersion as number, editor, lead };
}

async function publish(t: TestApp, editor: Headers, lead: Headers, id: string, version: number) {
  const url = (a: string) => `/api/v1/catalog/implementations/${id}/${a}`;
  const s = await ok(post(t, editor, url('submit'), { version, reason: '测试：提交' }));
  return ok(post(t, lead, url('publish'), { version: s.version, reason: '测试：发布' }));
}

/** Moves a case by the given actions in turn, as `h`. */
async function drive(t: TestApp, h: Headers, id: string, moves: Array<[string, object?]>) {
  let c = await ok(get(t, h, `/api/v1/cases/${id}`));
  for (const [action, extra] of moves)
    c = await ok(post(t, h, `/api/v1/cases/${id}/${action}`, { version: c.version, ...(extra ?? {}) }));
  return c;
}

for (const dialect of dialects) {
  test(`[${dialect}] a bundle across three departments: one form, a case per member routed to its department, a prerequisite started after its grant, one denial → partially granted with one combined notice; idempotent; drifted → 409`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01
    try {
      const setup = await published(t, '410100', 'SCJG');
      const health = await published(t, '410100', 'WJ');
      const env = await published(t, '410100', 'STHJ');
      const reviewer = await t.login('reviewer.zhengzhou');
      const zzLead = await t.login('lead.zhengzhou');
      const bundleUrl = '/api/v1/catalog/bundles';
      const draft = await ok(
        post(t, reviewer, bundleUrl, {
          code: 'YJS-CASES-1',
          name: '开办测试餐馆一件事',
          lifeEvent: '开餐馆',
          region: '410100',
          members: [
            { key: 'setup', implementationId: setup.implementationId, version: setup.version },
            { key: 'health', implementationId: health.implementationId, version: health.version },
            { key: 'env', implementationId: env.implementationId, version: env.version, dependsOn: ['setup'] },
          ],
        }),
        201,
      );
      const sub = await ok(
        post(t, reviewer, `${bundleUrl}/${draft.id}/submit`, { version: draft.version, reason: '提交' }),
      );
      const pub = await ok(
        post(t, zzLead, `${bundleUrl}/${draft.id}/publish`, { version: sub.version, reason: '发布' }),
      );
      const bundleVersion = pub.publishedVersion;

      // One form: the bundle's merged form asks each shared field once.
      const citizen = await t.login('citizen.demo');
      const apply = { bundleId: draft.id, version: bundleVersion, region: '410105', form: FILLED };
      const offers = await ok(get(t, citizen, '/api/v1/cases/bundle-offers'));
      assert.deepEqual(
        offers.items.filter((o: any) => o.bundleId === draft.id).map((o: any) => [o.name, o.version, o.memberCount]),
        [['开办测试餐馆一件事', bundleVersion, 3]],
      );
      const bad = await post(t, citizen, '/api/v1/cases/bundle-applications', {
        ...apply,
        form: { ...FILLED, applicant_phone: '1' },
      });
      assert.equal(bad.statusCode, 400);
      assert.equal(bad.json().error.code, 'FORM_INVALID');
      const key = { 'idempotency-key': 'bundle-1' };
      const app1 = await ok(post(t, citizen, '/api/v1/cases/bundle-applications', apply, key), 201);
      assert.match(app1.number, /^410105-20261201-Y0001$/);
      assert.equal(app1.status, 'in_progress');
      assert.deepEqual(
        app1.members.map((m: any) => [m.key, m.case.department.code, m.case.status, m.result]),
        [
          ['setup', '410100-SCJG', 'submitted', 'in_progress'],
          ['health', '410100-WJ', 'submitted', 'in_progress'],
          ['env', '410100-STHJ', 'waiting', 'waiting'],
        ],
        'a case per member at its department; the dependent one waits',
      );
      // Idempotent: one key, one application (and no second set of cases).
      const again = await post(t, citizen, '/api/v1/cases/bundle-applications', apply, key);
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.equal(again.json().id, app1.id);
      const mine = await ok(get(t, citizen, '/api/v1/cases'));
      assert.equal(mine.items.length, 3);

      // One material set: the 申请书 every member needs is uploaded once and lands on each member's case (the waiting one too).
      const m1 = (await ok(get(t, citizen, `/api/v1/catalog/bundles/${draft.id}/versions/${bundleVersion}`))).materials;
      assert.equal(m1.length, 1);
      assert.equal(m1[0].neededBy.length, 3);
      const uploaded = await ok(
        t.app.inject({
          method: 'POST',
          url: `/api/v1/cases/bundle-applications/${app1.id}/materials?name=${encodeURIComponent('申请书.pdf')}&key=${m1[0].key}`,
          headers: { ...citizen, 'content-type': 'application/octet-stream' },
          payload: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
        }),
        201,
      );
      assert.deepEqual(
        uploaded.items.map((i: any) => [i.member, i.material.materialKey, i.material.contentType]),
        [
          ['setup', 'application', 'application/pdf'],
          ['health', 'application', 'application/pdf'],
          ['env', 'application', 'application/pdf'],
        ],
      );
      const envMaterials = await ok(get(t, citizen, `/api/v1/cases/${app1.members[2].case.id}/materials`));
      assert.equal(envMaterials.items.length, 1);

      // Each child has its own deadline; the waiting one has none yet. The form reached each member masked.
      const [cSetup, cHealth, cEnv] = app1.members.map((m: any) => m.case.id);
      const setupCase = await ok(get(t, citizen, `/api/v1/cases/${cSetup}`));
      assert.equal(setupCase.deadlines.find((d: any) => d.purpose === 'acceptance').dueDate, '2026-12-08');
      assert.equal(setupCase.form.applicant_phone, '138****5678');
      assert.deepEqual((await ok(get(t, citizen, `/api/v1/cases/${cEnv}`))).deadlines, []);

      // Each department decides its own: setup granted, health denied.
      const lead = { setup: setup.lead, health: health.lead, env: env.lead };
      await drive(t, lead.setup, cSetup, [['accept'], ['start_review'], ['grant']]);
      await drive(t, lead.health, cHealth, [
        ['accept'],
        ['start_review'],
        ['deny', { reason: '卫生条件不符合要求', legalBasis: '《测试法》第二条' }],
      ]);
      const foreign = await post(t, lead.env, `/api/v1/cases/${cEnv}/accept`, { version: 1 });
      assert.equal(foreign.statusCode, 409, 'still waiting: nothing to accept');

      const dispatcher = new OutboxDispatcher(t.k, { subscribers: bindSubscribers(t.k, [bundleProgress]) });
      await dispatcher.runOnce();
      let parent = await ok(get(t, citizen, `/api/v1/cases/bundle-applications/${app1.id}`));
      assert.deepEqual(
        parent.members.map((m: any) => [m.key, m.result]),
        [
          ['setup', 'granted'],
          ['health', 'denied'],
          ['env', 'in_progress'],
        ],
        'the prerequisite granted: env started',
      );
      assert.equal(parent.status, 'in_progress');
      assert.equal(parent.notice, null);
      const envCase = await ok(get(t, citizen, `/api/v1/cases/${cEnv}`));
      assert.equal(envCase.status, 'submitted');
      assert.ok(
        envCase.deadlines.some((d: any) => d.purpose === 'acceptance'),
        'its clock starts when it starts',
      );

      await drive(t, lead.env, cEnv, [['accept'], ['start_review'], ['grant']]);
      await dispatcher.runOnce();
      await dispatcher.runOnce(); // a second round changes nothing
      parent = await ok(get(t, citizen, `/api/v1/cases/bundle-applications/${app1.id}`));
      assert.equal(parent.status, 'partially_granted');
      assert.deepEqual(
        parent.notice.items.map((i: any) => [i.key, i.result, i.reason]),
        [
          ['setup', 'granted', null],
          ['health', 'denied', '卫生条件不符合要求'],
          ['env', 'granted', null],
        ],
      );
      assert.match(parent.notice.text.zh, /部分准予/);
      assert.match(parent.notice.text.zh, /不予许可（理由：卫生条件不符合要求）/);
      const notices = await t.k.db
        .selectFrom('kernel_actions')
        .select('action')
        .where('subject_type', '=', 'cases.bundle')
        .where('subject_id', '=', app1.id)
        .execute();
      assert.deepEqual(
        notices.map((n) => n.action),
        ['file', 'notify'],
        'one combined notice',
      );
      // Withdrawing a whole application withdraws every member not yet decided (the waiting one too); once.
      const app2 = await ok(post(t, citizen, '/api/v1/cases/bundle-applications', apply), 201);
      const withdrawn = await ok(
        post(t, citizen, `/api/v1/cases/bundle-applications/${app2.id}/withdraw`, { reason: '不再开办' }),
      );
      assert.equal(withdrawn.status, 'withdrawn');
      assert.deepEqual(
        withdrawn.members.map((m: any) => m.case.status),
        ['withdrawn', 'withdrawn', 'withdrawn'],
      );
      const twice = await ok(
        post(t, citizen, `/api/v1/cases/bundle-applications/${app2.id}/withdraw`, { reason: '不再开办' }),
      );
      assert.equal(twice.version, withdrawn.version);
      assert.equal(
        (await post(t, setup.lead, `/api/v1/cases/bundle-applications/${app2.id}/withdraw`, { reason: 'x' }))
          .statusCode,
        403,
        'staff do not withdraw for the applicant',
      );

      // Another applicant, and staff outside every member's region, see nothing.
      const other = await addAccount(t, 'someone.else', ['applicant'], '410105', null, 'person');
      assert.equal((await get(t, other, `/api/v1/cases/bundle-applications/${app1.id}`)).statusCode, 404);
      const luoyang = await addAccount(t, 'clerk.luoyang.b', ['window_clerk'], '410300', '410300-ZWFW');
      assert.equal((await get(t, luoyang, `/api/v1/cases/bundle-applications/${app1.id}`)).statusCode, 404);

      // Drift: a member republishes; the bundle version is refused until the bundle is republished.
      const revised = await ok(
        post(t, setup.editor, `/api/v1/catalog/implementations/${setup.implementationId}/revise`, {
          version: setup.version,
          reason: '修订',
        }),
      );
      await publish(t, setup.editor, setup.lead, setup.implementationId, revised.version);
      const drifted = await post(t, citizen, '/api/v1/cases/bundle-applications', apply);
      assert.equal(drifted.statusCode, 409, drifted.body);
      assert.equal(drifted.json().error.code, 'BUNDLE_DRIFTED');
      assert.deepEqual(
        drifted.json().error.details.members.map((m: any) => m.key),
        ['setup'],
      );
      assert.equal((await ok(get(t, citizen, '/api/v1/cases'))).items.length, 6, 'refused: no case filed');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] 代收代办: a 郑州 window takes an application for 洛阳, forwards it within the limit; both sides read it, a third city gets 404`, async () => {
    const t = await testApp(dialect); // Tue 2026-12-01 10:00 Shanghai
    try {
      const ly = await published(t, '410300', 'SCJG', ['province_wide']);
      const local = await published(t, '410300', 'SCJG');
      let zzClerk = await addAccount(t, 'clerk.zhengzhou', ['window_clerk'], '410100', '410100-ZWFW');
      let lyClerk = await addAccount(t, 'clerk.luoyang', ['window_clerk'], '410300', '410300-ZWFW');
      const kfClerk = await addAccount(t, 'clerk.kaifeng', ['window_clerk'], '410200', '410200-ZWFW');
      let citizen = await t.login('citizen.demo');
      const me = await ok(get(t, citizen, '/api/v1/registry/me'));
      const intake = {
        itemId: ly.itemId,
        mode: 'collect',
        competentRegions: ['410300'],
        form: FILLED,
        applicant: { personId: me.person.id },
        window: '郑州市政务服务中心 8 号通办窗口',
        delivery: 'accepting_window',
      };
      // Not on the handle-anywhere list: refused. Filing directly for another region is still refused.
      const notListed = await post(t, zzClerk, '/api/v1/cases/anywhere', { ...intake, itemId: local.itemId });
      assert.equal(notListed.statusCode, 409);
      assert.equal(notListed.json().error.code, 'ANYWHERE_NOT_ALLOWED');
      const direct = await post(t, zzClerk, '/api/v1/cases', {
        itemId: ly.itemId,
        region: '410300',
        form: FILLED,
        applicant: { personId: me.person.id },
        window: intake.window,
      });
      assert.equal(direct.statusCode, 403);

      const taken = await ok(
        post(t, zzClerk, '/api/v1/cases/anywhere', intake, { 'idempotency-key': 'anywhere-1' }),
        201,
      );
      assert.equal(taken.cases.length, 1);
      const c = taken.cases[0];
      assert.equal(c.status, 'received');
      assert.equal(c.region, '410300');
      assert.equal(c.department.code, '410300-SCJG');
      assert.match(c.number, /^410300-20261201-/);
      const replay = await post(t, zzClerk, '/api/v1/cases/anywhere', intake, { 'idempotency-key': 'anywhere-1' });
      assert.equal(replay.json().cases[0].id, c.id);

      let view = await ok(get(t, zzClerk, `/api/v1/cases/${c.id}/anywhere`));
      assert.deepEqual(
        [view.mode, view.acceptingRegion.code, view.competentRegion.code, view.delivery],
        ['collect', '410100', '410300', 'accepting_window'],
      );
      assert.equal(view.forward.limitDays, 2);
      assert.equal(view.forward.dueDate, '2026-12-03', 'two working days');
      assert.equal(view.forward.light, 'green');

      // Both sides read it; a third city's clerk gets the 404 of an absent case, in lists too.
      assert.equal((await get(t, zzClerk, `/api/v1/cases/${c.id}`)).statusCode, 200);
      assert.equal((await get(t, lyClerk, `/api/v1/cases/${c.id}`)).statusCode, 200);
      assert.equal((await get(t, kfClerk, `/api/v1/cases/${c.id}`)).statusCode, 404);
      assert.equal((await get(t, kfClerk, `/api/v1/cases/${c.id}/anywhere`)).statusCode, 404);
      assert.ok((await ok(get(t, zzClerk, '/api/v1/cases'))).items.some((x: any) => x.id === c.id));
      assert.ok(!(await ok(get(t, kfClerk, '/api/v1/cases'))).items.some((x: any) => x.id === c.id));

      // The competent side cannot accept before it arrives; the accepting side cannot accept at all.
      const early = await post(t, ly.lead, `/api/v1/cases/${c.id}/accept`, { version: c.version });
      assert.equal(early.statusCode, 409);
      assert.equal(early.json().error.code, 'TRANSITION_NOT_ALLOWED');
      const lyForward = await post(t, lyClerk, `/api/v1/cases/${c.id}/forward`, { version: c.version });
      assert.equal(lyForward.statusCode, 403);

      // The accepting window hands in the materials it checked.
      const scanned = await t.app.inject({
        method: 'POST',
        url: `/api/v1/cases/${c.id}/materials?name=${encodeURIComponent('申请书.pdf')}`,
        headers: { ...zzClerk, 'content-type': 'application/octet-stream' },
        payload: Buffer.from('%PDF-1.7\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n'),
      });
      assert.equal(scanned.statusCode, 201, scanned.body);

      // Forwarded the next day: within the limit. Then 洛阳 accepts it.
      t.clock.set(new Date('2026-12-02T03:00:00Z'));
      [zzClerk, lyClerk, citizen, ly.lead] = await Promise.all(
        ['clerk.zhengzhou', 'clerk.luoyang', 'citizen.demo', 'lead.410300-scjg'].map((u) => t.login(u)),
      );
      const fwd = await ok(
        post(t, zzClerk, `/api/v1/cases/${c.id}/forward`, { version: c.version, reason: '材料齐全，转交' }),
      );
      assert.equal(fwd.status, 'submitted');
      view = await ok(get(t, lyClerk, `/api/v1/cases/${c.id}/anywhere`));
      assert.equal(view.forward.onTime, true);
      assert.equal(view.forward.light, null);
      // The acceptance clock ran from receipt: forwarding counted in the case's time.
      const arrived = await ok(get(t, ly.lead, `/api/v1/cases/${c.id}`));
      assert.equal(arrived.deadlines.find((d: any) => d.purpose === 'acceptance').dueDate, '2026-12-08');
      const zzAccept = await post(t, zzClerk, `/api/v1/cases/${c.id}/accept`, { version: fwd.version });
      assert.equal(zzAccept.statusCode, 403);
      assert.equal(zzAccept.json().error.code, 'ACCEPTING_SIDE_ONLY');
      const accepted = await ok(post(t, lyClerk, `/api/v1/cases/${c.id}/accept`, { version: fwd.version }));
      assert.equal(accepted.status, 'accepted');

      const timeline = await ok(get(t, citizen, `/api/v1/cases/${c.id}/timeline`));
      assert.deepEqual(
        timeline.items.map((i: any) => i.action),
        ['receive', 'add_material', 'forward', 'accept'],
      );
      const report = await ok(get(t, zzClerk, '/api/v1/cases/anywhere/report'));
      assert.deepEqual(
        report.items.map((r: any) => [
          r.acceptingRegion.code,
          r.competentRegion.code,
          r.mode,
          r.side,
          r.cases,
          r.forwarded,
        ]),
        [['410100', '410300', 'collect', 'lead', 1, 1]],
        'counted by accepting and competent region',
      );
      // The forwarding limit is the region's setting, in the kernel's per-region store (audited; a clerk may not set it, nor may anyone set 31).
      const admin = await t.login('admin');
      const forwardDays = (days: number) => ({ limits: { 'cases.forward_days': days } });
      const zzLimits = '/api/v1/calendar/limits/410100';
      assert.equal((await put(t, zzClerk, zzLimits, forwardDays(3))).statusCode, 403);
      const tooLong = await put(t, admin, zzLimits, forwardDays(31));
      assert.equal(tooLong.statusCode, 400);
      assert.deepEqual(
        [tooLong.json().error.code, tooLong.json().error.field],
        ['REGION_LIMIT_OUT_OF_RANGE', 'limits.cases.forward_days'],
      );
      await ok(put(t, admin, zzLimits, forwardDays(3)));
      const inJinshui = await ok(get(t, zzClerk, '/api/v1/calendar/limits/410105'));
      const forwardLimit = inJinshui.limits.find((l: any) => l.name === 'cases.forward_days');
      assert.deepEqual([forwardLimit.value, forwardLimit.configuredAt, forwardLimit.default], [3, '410100', 2]);
      const audited = await t.k.db
        .selectFrom('kernel_actions')
        .select(['subject_id', 'action'])
        .where('subject_type', '=', 'kernel.region_limits')
        .execute();
      assert.deepEqual(audited, [{ subject_id: '410100', action: 'set_region_limits' }], 'refusals leave no action');
      // The next intake is received under 郑州's new limit.
      const next = await ok(post(t, zzClerk, '/api/v1/cases/anywhere', intake), 201);
      const w = await ok(get(t, zzClerk, `/api/v1/cases/${next.cases[0].id}/anywhere`));
      assert.deepEqual([w.mode, w.forward.limitDays, w.parts], ['collect', 3, []]);
      const kf = await t.login('clerk.kaifeng');
      assert.deepEqual(
        (await ok(get(t, kf, '/api/v1/cases/anywhere/report'))).items,
        [],
        '开封 sees only the rows its region is a side of',
      );
    } finally {
      await t.close();
    }
  });
}
