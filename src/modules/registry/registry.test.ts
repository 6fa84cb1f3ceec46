/** The registry through its public API, on every dialect. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp } from '../../server/testing.ts';
import { generateUscc } from '../../kernel/validators/uscc.ts';
import { generateResidentId } from '../../kernel/validators/resident-id.ts';
import { registerEnterprise, registerPerson } from './service.ts';
import { enterpriseConflictsOf } from './relations.ts';
import { systemCtx } from '../../kernel/context.ts';
import { actionsOf } from '../../kernel/audit.ts';

const dialects = await testDialects();

function enterpriseBody(seq: number, region = '410105') {
  return {
    uscc: generateUscc({ division: region, seq }),
    name: `测试餐饮有限公司${seq}`,
    orgType: 'enterprise',
    entityType: '有限责任公司（自然人投资或控股）',
    region,
    address: '郑州市金水区测试路1号',
    industry: '62',
    legalRepresentative: {
      name: '张三',
      residentId: generateResidentId({ region, birthDate: '1980-05-06', seq: seq % 1000 }),
    },
  };
}

for (const dialect of dialects) {
  test(`[${dialect}] register, look up, search and update an enterprise`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const body = enterpriseBody(1);
      const created = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: clerk,
        payload: body,
      });
      assert.equal(created.statusCode, 201, created.body);
      const e = created.json();
      assert.equal(e.uscc, body.uscc);
      assert.equal(e.regionName, '河南省郑州市金水区');
      assert.match(e.legalRepresentative.residentIdMasked, /^4101\*{10}\d{3}[\dX]$/);
      assert.equal(
        JSON.stringify(e).includes(body.legalRepresentative.residentId),
        false,
        'the full ID never appears in a response',
      );

      const byUscc = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/enterprises/by-uscc/${body.uscc}`,
        headers: clerk,
      });
      assert.equal(byUscc.json().id, e.id);
      const found = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/enterprises?q=${encodeURIComponent('测试餐饮')}`,
        headers: clerk,
      });
      assert.deepEqual(
        found.json().items.map((x: { id: string }) => x.id),
        [e.id],
      );

      const dup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: clerk,
        payload: body,
      });
      assert.equal(dup.statusCode, 409);
      assert.equal(dup.json().error.code, 'USCC_ALREADY_REGISTERED');

      const upd = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/registry/enterprises/${e.id}`,
        headers: clerk,
        payload: { version: 1, address: '新地址 1 号' },
      });
      assert.equal(upd.statusCode, 200, upd.body);
      assert.equal(upd.json().version, 2);
      const stale = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/registry/enterprises/${e.id}`,
        headers: clerk,
        payload: { version: 1, address: '另一个地址' },
      });
      assert.equal(stale.statusCode, 409);
      assert.equal(stale.json().error.code, 'VERSION_CONFLICT');
      assert.equal(stale.json().error.field, 'version');
      const still = await t.app.inject({ method: 'GET', url: `/api/v1/registry/enterprises/${e.id}`, headers: clerk });
      assert.equal(still.json().address, '新地址 1 号', 'a stale update changes nothing');

      const noReason = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/registry/enterprises/${e.id}`,
        headers: clerk,
        payload: { version: 2, status: 'deregistered' },
      });
      assert.equal(noReason.json().error.code, 'REASON_REQUIRED');
      const dereg = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/registry/enterprises/${e.id}`,
        headers: clerk,
        payload: { version: 2, status: 'deregistered', reason: '简易注销' },
      });
      assert.equal(dereg.json().status, 'deregistered');

      const acts = await actionsOf(t.k.db, 'registry.enterprise', e.id);
      assert.deepEqual(
        acts.map((a) => a.action),
        ['register', 'update', 'set_status:deregistered'],
      );
      assert.equal(acts[2].reason, '简易注销');
      assert.equal(acts[0].actorRole, 'window_clerk');
      const events = await t.k.db
        .selectFrom('kernel_outbox')
        .select('type')
        .where('subject_id', '=', e.id)
        .orderBy('id')
        .execute();
      assert.deepEqual(
        events.map((x) => x.type),
        ['registry.enterprise.registered', 'registry.enterprise.updated', 'registry.enterprise.updated'],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] Idempotency-Key: a replay returns the first result, a different body is 422`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const headers = { ...clerk, 'idempotency-key': 'create-42' };
      const first = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers,
        payload: enterpriseBody(42),
      });
      assert.equal(first.statusCode, 201);
      assert.equal(first.headers['idempotent-replayed'], 'false');
      const again = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers,
        payload: enterpriseBody(42),
      });
      assert.equal(again.statusCode, 201);
      assert.equal(again.headers['idempotent-replayed'], 'true');
      assert.deepEqual(again.json(), first.json());
      const reused = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers,
        payload: enterpriseBody(43),
      });
      assert.equal(reused.statusCode, 422);
      assert.equal(reused.json().error.code, 'IDEMPOTENCY_KEY_REUSED');
      const count = await t.k.db
        .selectFrom('registry_enterprises')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 1, 'neither the replay nor the reuse wrote anything');
      // Keys are per caller: another caller's same key is a new request.
      const admin = await t.login('admin');
      const other = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: { ...admin, 'idempotency-key': 'create-42' },
        payload: enterpriseBody(44),
      });
      assert.equal(other.statusCode, 201);
      // Concurrent requests with one key write once.
      const key = { ...clerk, 'idempotency-key': 'race-1' };
      const results = await Promise.all(
        [1, 2, 3].map(() =>
          t.app.inject({
            method: 'POST',
            url: '/api/v1/registry/enterprises',
            headers: key,
            payload: enterpriseBody(45),
          }),
        ),
      );
      assert.deepEqual(
        results.map((r) => r.statusCode),
        [201, 201, 201],
      );
      assert.equal(new Set(results.map((r) => r.json().id)).size, 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] bad input is a 400 naming the field, and changes nothing`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const cases: Array<[Record<string, unknown>, string, string]> = [
        [{ uscc: '91350213678251743Y' }, 'uscc', 'USCC_CHECK_DIGIT'],
        [{ uscc: '9135021367825174' }, 'uscc', 'USCC_LENGTH'],
        [{ region: '419999' }, 'region', 'DIVISION_UNKNOWN'],
        [{ region: '41010' }, 'region', 'VALIDATION_FAILED'],
        [{ industry: '99' }, 'industry', 'INDUSTRY_UNKNOWN'],
        [
          { legalRepresentative: { name: '张三', residentId: '110105194912310021' } },
          'legalRepresentative.residentId',
          'RESIDENT_ID_CHECK_DIGIT',
        ],
        [{ orgType: 'company' }, 'orgType', 'VALIDATION_FAILED'],
        [{ surprise: true }, 'surprise', 'UNKNOWN_FIELD'],
      ];
      for (const [patch, field, code] of cases) {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/enterprises',
          headers: clerk,
          payload: { ...enterpriseBody(7), ...patch },
        });
        assert.equal(r.statusCode, 400, `${JSON.stringify(patch)} → ${r.body}`);
        const err = r.json().error;
        assert.equal(err.code, code, JSON.stringify(patch));
        assert.equal(err.field, field);
        assert.ok(err.message.zh && err.message.en && err.requestId);
      }
      const missing = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: clerk,
        payload: { uscc: 'x' },
      });
      assert.equal(missing.json().error.code, 'FIELD_REQUIRED');
      const badCursor = await t.app.inject({
        method: 'GET',
        url: '/api/v1/registry/enterprises?cursor=%%%',
        headers: clerk,
      });
      assert.equal(badCursor.json().error.field, 'query.cursor');
      const count = await t.k.db
        .selectFrom('registry_enterprises')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(count.n), 0);
      const acts = await t.k.db
        .selectFrom('kernel_actions')
        .selectAll()
        .where('subject_type', '=', 'registry.enterprise')
        .execute();
      assert.equal(acts.length, 0);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] staff see and change only their region's subtree`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const ok = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: admin,
        payload: enterpriseBody(100, '410302'),
      });
      assert.equal(ok.statusCode, 201, ok.body);
      const luoyang = ok.json();
      const clerk = await t.login('clerk.jinshui'); // 金水区 410105
      const out = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: clerk,
        payload: enterpriseBody(101, '410302'),
      });
      assert.equal(out.statusCode, 403);
      assert.equal(out.json().error.code, 'OUT_OF_JURISDICTION');
      const get = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/enterprises/${luoyang.id}`,
        headers: clerk,
      });
      assert.equal(get.statusCode, 404, 'a record outside the jurisdiction reads as absent');
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/registry/enterprises', headers: clerk });
      assert.equal(list.json().items.length, 0, 'the list query itself is scoped');
      const anon = await t.app.inject({ method: 'GET', url: '/api/v1/registry/enterprises' });
      assert.equal(anon.statusCode, 401);
      const citizen = await t.login('citizen.demo');
      const denied = await t.app.inject({ method: 'GET', url: '/api/v1/registry/enterprises', headers: citizen });
      assert.equal(denied.statusCode, 403);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] a refusal does not disclose: out-of-jurisdiction records answer exactly as absent ones`, async () => {
    const t = await testApp(dialect);
    try {
      const admin = await t.login('admin');
      const clerk = await t.login('clerk.jinshui'); // 金水区 410105
      // A person and an enterprise registered in 涧西区 (410305), outside the clerk's county.
      const residentId = generateResidentId({ region: '410305', birthDate: '1985-03-04', seq: 77 });
      const person = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons',
        headers: admin,
        payload: { residentId, name: '王五', region: '410305' },
      });
      assert.equal(person.statusCode, 201, person.body);
      const ent = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/enterprises',
        headers: admin,
        payload: enterpriseBody(300, '410305'),
      });
      assert.equal(ent.statusCode, 201, ent.body);
      const foreignPerson = person.json().id as string;
      const foreignEnt = ent.json();
      const missingId = '01JZZZZZZZZZZZZZZZZZZZZZZZ';
      const unregisteredId = generateResidentId({ region: '410305', birthDate: '1985-03-04', seq: 79 });
      const unregisteredUscc = generateUscc({ division: '410305', seq: 301 });

      /** Status, code, field and messages — with the key the caller sent written as KEY, so both answers compare. */
      const shape = (
        r: {
          statusCode: number;
          json(): { error: { code: string; field: string | null; message: { zh: string; en: string } } };
        },
        key: string,
      ) => {
        const e = r.json().error;
        const m = (s: string) => s.split(key).join('KEY');
        return { status: r.statusCode, code: e.code, field: e.field, zh: m(e.message.zh), en: m(e.message.en) };
      };
      const pairs: Array<[string, (key: string) => Promise<{ statusCode: number; json(): never }>, string, string]> = [
        [
          'POST /persons/lookup',
          (key) =>
            t.app.inject({
              method: 'POST',
              url: '/api/v1/registry/persons/lookup',
              headers: clerk,
              payload: { residentId: key },
            }) as never,
          residentId,
          unregisteredId,
        ],
        [
          'GET /persons/:id',
          (key) => t.app.inject({ method: 'GET', url: `/api/v1/registry/persons/${key}`, headers: clerk }) as never,
          foreignPerson,
          missingId,
        ],
        [
          'PATCH /persons/:id',
          (key) =>
            t.app.inject({
              method: 'PATCH',
              url: `/api/v1/registry/persons/${key}`,
              headers: clerk,
              payload: { version: 1, name: '改名' },
            }) as never,
          foreignPerson,
          missingId,
        ],
        [
          'POST /persons/:id/reveal',
          (key) =>
            t.app.inject({
              method: 'POST',
              url: `/api/v1/registry/persons/${key}/reveal`,
              headers: clerk,
              payload: { reason: '核验' },
            }) as never,
          foreignPerson,
          missingId,
        ],
        [
          'GET /enterprises/by-uscc/:uscc',
          (key) =>
            t.app.inject({
              method: 'GET',
              url: `/api/v1/registry/enterprises/by-uscc/${key}`,
              headers: clerk,
            }) as never,
          foreignEnt.uscc,
          unregisteredUscc,
        ],
        [
          'GET /enterprises/:id',
          (key) => t.app.inject({ method: 'GET', url: `/api/v1/registry/enterprises/${key}`, headers: clerk }) as never,
          foreignEnt.id,
          missingId,
        ],
        [
          'PATCH /enterprises/:id',
          (key) =>
            t.app.inject({
              method: 'PATCH',
              url: `/api/v1/registry/enterprises/${key}`,
              headers: clerk,
              payload: { version: 1, name: '改名有限公司' },
            }) as never,
          foreignEnt.id,
          missingId,
        ],
        [
          'GET /enterprises/:id/agents',
          (key) =>
            t.app.inject({ method: 'GET', url: `/api/v1/registry/enterprises/${key}/agents`, headers: clerk }) as never,
          foreignEnt.id,
          missingId,
        ],
      ];
      for (const [name, call, foreignKey, absentKey] of pairs) {
        const foreign = await call(foreignKey);
        const absent = await call(absentKey);
        assert.equal(absent.statusCode, 404, `${name}: the absent record is a 404`);
        assert.deepEqual(
          shape(foreign, foreignKey),
          shape(absent, absentKey),
          `${name}: out of jurisdiction answers as absent`,
        );
        assert.equal(
          JSON.stringify(foreign.json()).split(foreignKey).join('KEY').includes('410305'),
          false,
          `${name}: the refusal does not name the region`,
        );
      }
      // Lists are scoped: the foreign records are simply not there.
      const list = await t.app.inject({ method: 'GET', url: '/api/v1/registry/persons', headers: clerk });
      assert.equal(list.statusCode, 200, list.body);
      assert.equal(
        list.json().items.some((p: { id: string }) => p.id === foreignPerson),
        false,
      );
      // The admin (no region) still sees both.
      assert.equal(
        (await t.app.inject({ method: 'GET', url: `/api/v1/registry/persons/${foreignPerson}`, headers: admin }))
          .statusCode,
        200,
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] persons: encrypted at rest, found by ID and phone, masked, full reads logged`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const residentId = generateResidentId({ region: '410105', birthDate: '1990-02-03', seq: 321 });
      const r = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons',
        headers: clerk,
        payload: { residentId, name: '李四', phone: '+86 138-1234-5678', region: '410105' },
      });
      assert.equal(r.statusCode, 201, r.body);
      const p = r.json();
      assert.equal(p.phoneMasked, '138****5678');
      const raw = await t.k.db
        .selectFrom('registry_persons')
        .selectAll()
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow();
      assert.equal(JSON.stringify(raw).includes(residentId), false);
      assert.equal(JSON.stringify(raw).includes('13812345678'), false);
      const found = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons/lookup',
        headers: clerk,
        payload: { residentId },
      });
      assert.equal(found.json().id, p.id);
      const byPhone = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons/search-by-phone',
        headers: clerk,
        payload: { phone: '13812345678' },
      });
      assert.deepEqual(
        byPhone.json().items.map((x: { id: string }) => x.id),
        [p.id],
      );
      const dup = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/persons',
        headers: clerk,
        payload: { residentId, name: '李四', region: '410105' },
      });
      assert.equal(dup.json().error.code, 'PERSON_ALREADY_REGISTERED');

      const inspector = await t.login('inspector.luoyang');
      const noReveal = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/persons/${p.id}/reveal`,
        headers: inspector,
        payload: { reason: 'x' },
      });
      assert.equal(noReveal.statusCode, 403);
      const reveal = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/persons/${p.id}/reveal`,
        headers: clerk,
        payload: { reason: '核验申请人身份' },
      });
      assert.deepEqual(reveal.json(), { residentId, phone: '13812345678' });
      const discipline = await t.login('discipline.province');
      const reads = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/persons/${p.id}/personal-data-reads`,
        headers: discipline,
      });
      assert.equal(reads.json().items.length, 1);
      assert.equal(reads.json().items[0].reason, '核验申请人身份');
      assert.equal(reads.json().items[0].readerRole, 'window_clerk');
      // A JSON null removes the phone (and is not coerced into an empty string by the schema layer).
      const cleared = await t.app.inject({
        method: 'PATCH',
        url: `/api/v1/registry/persons/${p.id}`,
        headers: clerk,
        payload: { version: 1, phone: null },
      });
      assert.equal(cleared.statusCode, 200, cleared.body);
      assert.equal(cleared.json().phoneMasked, null);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] one transaction across services: both writes or neither`, async () => {
    const t = await testApp(dialect);
    try {
      const ctx = systemCtx(t.clock.now());
      const residentId = generateResidentId({ region: '410105', birthDate: '1985-01-01', seq: 5 });
      await assert.rejects(
        t.k.db.transaction().execute(async (tx) => {
          await registerEnterprise(t.k, ctx, { ...enterpriseBody(200), orgType: 'enterprise' } as never, tx);
          await registerPerson(t.k, ctx, { residentId, name: '王五', region: '419999' }, tx); // invalid region → throws
        }),
        (e: { code?: string }) => e.code === 'DIVISION_UNKNOWN',
      );
      const n = await t.k.db
        .selectFrom('registry_enterprises')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(n.n), 0, 'the enterprise registered earlier in the transaction was rolled back');
      await t.k.db.transaction().execute(async (tx) => {
        await registerEnterprise(t.k, ctx, { ...enterpriseBody(201), orgType: 'enterprise' } as never, tx);
        await registerPerson(t.k, ctx, { residentId, name: '王五', region: '410105' }, tx);
      });
      const m = await t.k.db
        .selectFrom('registry_persons')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('name', '=', '王五')
        .executeTakeFirstOrThrow();
      assert.equal(Number(m.n), 1);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the demo seed is idempotent and marks its rows synthetic`, async () => {
    const t = await testApp(dialect, { demo: { enterprises: 30, persons: 20 } });
    try {
      const { seedRegistryDemo } = await import('./demo.ts');
      await seedRegistryDemo(t.k, { enterprises: 30, persons: 20 });
      const e = await t.k.db
        .selectFrom('registry_enterprises')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(e.n), 30);
      const admin = await t.login('admin');
      const page1 = await t.app.inject({ method: 'GET', url: '/api/v1/registry/enterprises?limit=20', headers: admin });
      const body = page1.json();
      assert.equal(body.items.length, 20);
      assert.ok(body.items.every((x: { synthetic: boolean }) => x.synthetic));
      const page2 = await t.app.inject({
        method: 'GET',
        url: `/api/v1/registry/enterprises?limit=20&cursor=${body.nextCursor}`,
        headers: admin,
      });
      assert.equal(page2.json().items.length, 10);
      const depts = await t.k.db
        .selectFrom('registry_departments')
        .select(['code', 'name', 'parent_code'])
        .where('code', 'in', ['410000-SCJG', '410100-SCJG', '410105-SCJG'])
        .orderBy('code')
        .execute();
      assert.deepEqual(
        depts.map((d) => d.name),
        ['河南省市场监督管理局', '郑州市市场监督管理局', '金水区市场监督管理局'],
      );
      assert.deepEqual(
        depts.map((d) => d.parent_code),
        [null, '410000-SCJG', '410100-SCJG'],
      );
    } finally {
      await t.close();
    }
  });
}

for (const dialect of dialects) {
  test(`[${dialect}] conflicts of interest: declare, check (incl. through a legal representative), withdraw`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const repId = generateResidentId({ region: '410105', birthDate: '1975-03-04', seq: 77 });
      const person = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/persons',
          headers: clerk,
          payload: { residentId: repId, name: '赵六', region: '410105' },
        })
      ).json();
      const body = { ...enterpriseBody(300), legalRepresentative: { name: '赵六', residentId: repId } };
      const ent = (
        await t.app.inject({ method: 'POST', url: '/api/v1/registry/enterprises', headers: clerk, payload: body })
      ).json();

      const reviewer = await t.login('reviewer.zhengzhou');
      const me = (await t.app.inject({ url: '/api/v1/session', headers: reviewer })).json().principal;
      const declared = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/relations',
        headers: reviewer,
        payload: { subjectType: 'person', subjectId: person.id, relation: 'kinship', note: '表兄' },
      });
      assert.equal(declared.statusCode, 201, declared.body);
      const lead = await t.login('lead.zhengzhou');
      const leadId = (await t.app.inject({ url: '/api/v1/session', headers: lead })).json().principal.id;
      const check = async () =>
        (
          await t.app.inject({
            method: 'POST',
            url: '/api/v1/registry/conflicts/check',
            headers: lead,
            payload: { staffIds: [me.id, leadId], subjectType: 'enterprise', subjectId: ent.id },
          })
        ).json().items;
      const found = await check();
      assert.equal(found.length, 1, 'a relation to the legal representative conflicts with the enterprise');
      assert.equal(found[0].staffId, me.id);
      // The batch reader answers the same for a whole pool at once: by enterprise, through the representative too.
      const other = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/enterprises',
          headers: clerk,
          payload: enterpriseBody(301),
        })
      ).json();
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/relations',
        headers: lead,
        payload: { subjectType: 'enterprise', subjectId: other.id, relation: 'shareholder' },
      });
      const batch = async () =>
        (await enterpriseConflictsOf(t.k.db, [me.id, leadId, 'nobody']))
          .map((c) => `${c.enterpriseId} ${c.relation.staffId} ${c.relation.relation}`)
          .sort();
      assert.deepEqual(await batch(), [`${ent.id} ${me.id} kinship`, `${other.id} ${leadId} shareholder`].sort());
      const denied = await t.app.inject({
        method: 'POST',
        url: '/api/v1/registry/conflicts/check',
        headers: reviewer,
        payload: { staffIds: [me.id], subjectType: 'person', subjectId: person.id },
      });
      assert.equal(denied.statusCode, 403);
      const noReason = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/relations/${declared.json().id}/withdraw`,
        headers: reviewer,
        payload: { reason: ' ' },
      });
      assert.equal(noReason.statusCode, 400);
      const notMine = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/relations/${declared.json().id}/withdraw`,
        headers: lead,
        payload: { reason: '误报' },
      });
      assert.equal(notMine.statusCode, 404, 'only the declarer withdraws');
      const w = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/relations/${declared.json().id}/withdraw`,
        headers: reviewer,
        payload: { reason: '关系已解除' },
      });
      assert.equal(w.json().withdrawReason, '关系已解除');
      assert.deepEqual(await check(), []);
      assert.deepEqual(await batch(), [`${other.id} ${leadId} shareholder`], 'a withdrawn relation no longer counts');
      const history = (
        await t.app.inject({
          url: `/api/v1/registry/relations?staffId=${me.id}`,
          headers: await t.login('discipline.province'),
        })
      ).json().items;
      assert.equal(history.length, 1, 'a withdrawn declaration stays on record');
    } finally {
      await t.close();
    }
  });
}

test('the data subject sees every full read of their data', async () => {
  const t = await testApp('sqlite');
  try {
    const citizen = await t.login('citizen.demo');
    const mine = (await t.app.inject({ url: '/api/v1/registry/me', headers: citizen })).json();
    assert.equal(mine.reads.length, 0);
    assert.match(mine.person.residentIdMasked, /^4101\*+/);
    const clerk = await t.login('clerk.jinshui');
    const r = await t.app.inject({
      method: 'POST',
      url: `/api/v1/registry/persons/${mine.person.id}/reveal`,
      headers: clerk,
      payload: { reason: '办理社保卡申领，核对身份' },
    });
    assert.equal(r.statusCode, 200);
    const after = (await t.app.inject({ url: '/api/v1/registry/me', headers: citizen })).json();
    assert.equal(after.reads.length, 1);
    assert.equal(after.reads[0].reason, '办理社保卡申领，核对身份');
    assert.equal(after.reads[0].readerRole, 'window_clerk');
    const staff = await t.app.inject({ url: '/api/v1/registry/me', headers: clerk });
    assert.equal(staff.statusCode, 403);
  } finally {
    await t.close();
  }
});

for (const dialect of dialects) {
  test(`[${dialect}] a person acts for an enterprise only while authorized as its agent, and the record says so`, async () => {
    const t = await testApp(dialect);
    try {
      const clerk = await t.login('clerk.jinshui');
      const ent = (
        await t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/enterprises',
          headers: clerk,
          payload: enterpriseBody(400),
        })
      ).json();
      const citizen = await t.login('citizen.demo');
      const asAgent = { ...citizen, 'onewindow-on-behalf-of': ent.uscc };
      const refused = await t.app.inject({ url: '/api/v1/session', headers: asAgent });
      assert.equal(refused.statusCode, 403);
      assert.equal(refused.json().error.code, 'NOT_AN_AGENT');

      const granted = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/enterprises/${ent.id}/agents`,
        headers: clerk,
        payload: { username: 'citizen.demo', validUntil: '2027-12-31' },
      });
      assert.equal(granted.statusCode, 201, granted.body);
      const me = await t.app.inject({ url: '/api/v1/session', headers: asAgent });
      assert.equal(me.statusCode, 200, me.body);
      assert.equal(me.json().principal.onBehalfOf, `enterprise:${ent.id}`);
      const notPerson = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/enterprises/${ent.id}/agents`,
        headers: clerk,
        payload: { username: 'reviewer.zhengzhou' },
      });
      assert.equal(notPerson.json().error.code, 'AGENT_ACCOUNT_INVALID');

      // The audit record of an action taken for the enterprise names it.
      const { actorOf } = await import('../../kernel/context.ts');
      const { recordAction } = await import('../../kernel/audit.ts');
      const ctx = { principal: { ...me.json().principal }, requestId: 'r1', now: t.clock.now() };
      await t.k.db
        .transaction()
        .execute((tx) =>
          recordAction(
            tx,
            t.k.adapter,
            { actor: actorOf(ctx, 'session:self'), at: ctx.now, action: 'apply', subjectType: 'test', subjectId: 'x' },
            { hashAlg: 'sha256' },
          ),
        );
      const act = await t.k.db
        .selectFrom('kernel_actions')
        .select(['on_behalf_of', 'actor_role'])
        .where('subject_type', '=', 'test')
        .executeTakeFirstOrThrow();
      assert.deepEqual(act, { on_behalf_of: `enterprise:${ent.id}`, actor_role: 'applicant' });

      const revoked = await t.app.inject({
        method: 'POST',
        url: `/api/v1/registry/enterprises/${ent.id}/agents/${granted.json().id}/revoke`,
        headers: clerk,
        payload: { reason: '授权书到期收回' },
      });
      assert.equal(revoked.statusCode, 200, revoked.body);
      assert.equal((await t.app.inject({ url: '/api/v1/session', headers: asAgent })).statusCode, 403);
      const history = (
        await t.app.inject({ url: `/api/v1/registry/enterprises/${ent.id}/agents`, headers: clerk })
      ).json().items;
      assert.equal(history[0].revokeReason, '授权书到期收回');
    } finally {
      await t.close();
    }
  });
}
