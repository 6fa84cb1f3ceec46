/**
 * Access control across cities (issue 14): staff of every role in 洛阳 try to read, list, search, export and act on
 * 郑州's records through every route of every module; each answer is the absent record's answer or a filtered list
 * (test/support/cross-city.ts). Also: the audit log is scoped to the caller's jurisdiction, expired and revoked tokens
 * are refused, five failed logins lock an account, rate limits hold on login and public certificate verification, and
 * no answer of the run carries a password hash.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import { testDialects } from '../src/kernel/db/testing.ts';
import { sharedCompilers, testApp } from '../src/server/testing.ts';
import { buildApp } from '../src/server/app.ts';
import { MODULES } from '../src/modules/index.ts';
import { generateResidentId } from '../src/kernel/validators/resident-id.ts';
import { ATTACKERS, crossCitySweep, seedCityA, NOT_SEEDED, SWEPT_MODULES } from './support/cross-city.ts';

const dialects = await testDialects();

for (const dialect of dialects) {
  test(`[${dialect}] a second city's staff get every record route's absent answer and filtered lists`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCityA(t);
      const r = await crossCitySweep(t, { perRoute: 1 });
      assert.deepEqual(r.leaks, [], 'no record of 郑州 disclosed or acted on by 洛阳 staff');
      assert.deepEqual(r.passwordHashLeaks, [], 'no answer carries a password hash');
      // Every route of a swept module that takes a record was tried with a real one, except those listed with a reason.
      assert.deepEqual(r.unseededRoutes.sort(), Object.keys(NOT_SEEDED).sort());
      const swept = t.app.routeTable.filter(
        (x) => SWEPT_MODULES.includes(x.owner) && /:(?!code\b|region\b)\w+/.test(x.url),
      ).length;
      assert.equal(r.recordRoutes.length + r.unseededRoutes.length, swept, 'every record route is accounted for');
      for (const m of SWEPT_MODULES.filter((m) => m !== 'catalog'))
        assert.ok(
          r.recordRoutes.some((x) => x.includes(`/${m}/`) || (m === 'certificates' && x.includes('/certificates'))),
          `${m}: some record route swept`,
        );
      assert.ok(r.denials > 200 && r.listChecks > 300, `a real sweep: ${r.denials} denials, ${r.listChecks} lists`);
      assert.ok(r.answersScanned > 1000);
      for (const route of ['GET /api/v1/audit/actions', 'GET /api/v1/audit/verify', 'GET /api/v1/cases'])
        assert.ok(r.listRoutes.includes(route), `${route} scanned`);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] the audit log and its verification are scoped to the caller's jurisdiction`, async () => {
    const t = await testApp(dialect);
    try {
      const register = async (username: string, region: string, seq: number) => {
        const r = await t.app.inject({
          method: 'POST',
          url: '/api/v1/registry/persons',
          headers: await t.login(username),
          payload: {
            residentId: generateResidentId({ region, birthDate: '1980-05-05', seq }),
            name: `审计范围${seq}`,
            region,
          },
        });
        assert.equal(r.statusCode, 201, r.body);
        return r.json().id as string;
      };
      const zz = await register('clerk.jinshui', '410105', 401);
      const ly = await register('clerk.jianxi', '410305', 402);
      const luoyang = await t.login('discipline.luoyang');
      const province = await t.login('discipline.province');
      const actions = async (h: Record<string, string>, query = '') =>
        (await t.app.inject({ url: `/api/v1/audit/actions?limit=200${query}`, headers: h })).json().items as Array<{
          id: string;
          subjectId: string;
        }>;
      const seenBy = async (h: Record<string, string>) => new Set((await actions(h)).map((a) => a.subjectId));
      const mine = await seenBy(luoyang);
      assert.ok(mine.has(ly), '洛阳 sees 洛阳’s action');
      assert.ok(!mine.has(zz), '洛阳 does not see 郑州’s action');
      assert.ok(!mine.has('demo'), 'nor the system’s');
      const all = await seenBy(province);
      assert.ok(all.has(ly) && all.has(zz) && all.has('demo'), 'the province sees every action');
      assert.deepEqual(await actions(luoyang, `&subjectType=registry.person&subjectId=${zz}`), [], 'as if none');
      assert.equal((await actions(province, `&subjectType=registry.person&subjectId=${zz}`)).length, 1);

      const verify = async (h: Record<string, string>) =>
        (await t.app.inject({ url: '/api/v1/audit/verify', headers: h })).json();
      assert.equal((await verify(luoyang)).ok, true);
      // Tamper with one action of each city: each sees its own problem; the province sees both.
      type Row = { id: string; chain: number };
      const actionOf = async (id: string) =>
        ((await actions(province, `&subjectType=registry.person&subjectId=${id}`)) as unknown as Row[])[0];
      const zzAction = await actionOf(zz);
      // Verification reports the first problem of each chain (a chain is not trusted past its first break), so the
      // two tampered actions must lie on different chains for each city to see its own: a chain is chosen by the
      // subject, so register more 洛阳 persons until one lands on another chain (1 in 16 share it).
      let lyAction = await actionOf(ly);
      for (let seq = 403; lyAction.chain === zzAction.chain; seq++)
        lyAction = await actionOf(await register('clerk.jianxi', '410305', seq));
      await sql`update kernel_actions set reason = 'edited' where id in (${zzAction.id}, ${lyAction.id})`.execute(
        t.k.db,
      );
      const theirs = await verify(luoyang);
      assert.equal(theirs.ok, false, 'whether the chains hold is everyone’s fact');
      assert.deepEqual(
        theirs.problems.map((p: { actionId: string }) => p.actionId),
        [lyAction.id],
      );
      const whole = await verify(province);
      assert.deepEqual(
        whole.problems.map((p: { actionId: string }) => p.actionId).sort(),
        [zzAction.id, lyAction.id].sort(),
      );
      await t.close({ tampered: true });
    } catch (e) {
      await t.close({ tampered: true });
      throw e;
    }
  });

  test(`[${dialect}] second-city tokens expire and die on logout; lockout; rate limits on login and verification`, async () => {
    const t = await testApp(dialect);
    try {
      const tokens = await Promise.all(ATTACKERS.map((a) => t.login(a.username)));
      for (const h of tokens.slice(0, 4))
        assert.equal((await t.app.inject({ method: 'DELETE', url: '/api/v1/session', headers: h })).statusCode, 204);
      for (const [i, h] of tokens.entries()) {
        if (i === 4) t.clock.advance(61 * 60 * 1000); // the rest outlive their hour
        const r = await t.app.inject({ url: '/api/v1/registry/persons', headers: h });
        assert.deepEqual([r.statusCode, r.json().error.code], [401, 'UNAUTHENTICATED'], ATTACKERS[i].username);
      }
      for (let i = 0; i < 5; i++) {
        const bad = await t.app.inject({
          method: 'POST',
          url: '/api/v1/session',
          payload: { username: 'clerk.jianxi', password: 'wrong-password' },
        });
        assert.equal(bad.json().error.code, 'LOGIN_FAILED');
      }
      const locked = await t.app.inject({
        method: 'POST',
        url: '/api/v1/session',
        payload: { username: 'clerk.jianxi', password: 'onewindow-demo' },
      });
      assert.deepEqual([locked.statusCode, locked.json().error.code], [423, 'ACCOUNT_LOCKED']);

      // Login: 20 a minute per address, whatever the username; public verification: the public limit per address.
      const codes: number[] = [];
      for (let i = 0; i < 22; i++)
        codes.push(
          (
            await t.app.inject({
              method: 'POST',
              url: '/api/v1/session',
              remoteAddress: '203.0.113.7',
              payload: { username: `nobody${i}`, password: 'wrong-password' },
            })
          ).statusCode,
        );
      assert.deepEqual(codes.slice(18), [401, 401, 429, 429]);
      const app = await buildApp({ ...t.k, config: { ...t.k.config, publicRateLimit: 5 } }, MODULES, {
        compilersFactory: sharedCompilers(),
      });
      try {
        for (const url of ['/api/v1/certificates/verify', '/credentials/verify']) {
          const got: number[] = [];
          for (let i = 0; i < 7; i++)
            got.push(
              (
                await app.inject({
                  method: 'POST',
                  url,
                  remoteAddress: '203.0.113.8',
                  payload: url.startsWith('/api') ? { credential: 'not a credential' } : { verifiableCredential: 'x' },
                })
              ).statusCode,
            );
          assert.deepEqual(got.slice(5), [429, 429], `${url}: ${got.join(',')}`);
        }
      } finally {
        await app.close();
      }
    } finally {
      await t.close();
    }
  });
}
