/** The certificates module through its public API, on every dialect; interoperability with plain jose and sm-crypto. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';
import { generateKeyPairSync } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import { gunzipSync } from 'node:zlib';
import { CompactSign, calculateJwkThumbprint, compactVerify, createLocalJWKSet, type JWK } from 'jose';
import { testDialects } from '../../kernel/db/testing.ts';
import { testApp, type TestApp, ok } from '../../server/testing.ts';
import { seedCertificatesDemo } from './demo.ts';
import { verifyOffline } from './offline.ts';
import { issueCertificate } from './issue.ts';
import { systemCtx } from '../../kernel/context.ts';
import { FILLED, certificateItem, grantedCase } from './test-fixtures.ts';
import { mod3736, mod3736Valid, parseCertificateNumber, certificateNumber } from './number.ts';

const dialects = await testDialects();
type Headers = Record<string, string>;

const verify = (t: TestApp, credential: string, extra: Record<string, unknown> = {}) =>
  ok(t.app.inject({ method: 'POST', url: '/api/v1/certificates/verify', payload: { credential, ...extra } }));

const moveCert = (t: TestApp, h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
  t.app.inject({ method: 'POST', url: `/api/v1/certificates/certificates/${id}/${action}`, headers: h, payload });

test('GB/T 36904 numbers: ISO 7064 MOD 37,36 check character, format, parse', () => {
  assert.equal(mod3736('A12425GABC1234002'), 'M'); // the standard's worked example (as python-stdnum's)
  assert.ok(mod3736Valid('A12425GABC1234002M'));
  assert.ok(!mod3736Valid('A12425GABC1234002N'));
  const n = certificateNumber('91410000MA00000017001', '11410105MA0000001X', 42, 1);
  assert.match(n, /^1\.2\.156\.3005\.2\.91410000MA00000017001\.11410105MA0000001X\.00000000042\.001\.[0-9A-Z]$/);
  assert.deepEqual(parseCertificateNumber(n), {
    typeCode: '91410000MA00000017001',
    issuerUscc: '11410105MA0000001X',
    serial: 42,
    version: 1,
  });
  const wrong = n.slice(0, -1) + (n.endsWith('0') ? '1' : '0');
  assert.equal(parseCertificateNumber(wrong), null);
});

for (const dialect of dialects) {
  test(`[${dialect}] a granted case yields a certificate that anyone verifies; suspend, reinstate, revoke show at once; tampered, expired, rotated key`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const itemId = await certificateItem(t);
      const c = await grantedCase(t, itemId);
      assert.equal(c.status, 'granted');
      const citizen = await t.login('citizen.demo');
      const mine = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      assert.equal(mine.length, 1);
      const cert = mine[0];
      assert.equal(cert.caseId, c.id);
      assert.equal(cert.status, 'issued');
      assert.equal(cert.illustrative, true);
      assert.equal(cert.face.siteAddress, '郑州市金水区示例路 1 号');
      assert.ok(parseCertificateNumber(cert.number), cert.number);
      assert.equal(cert.validUntil.slice(0, 10), '2031-11-30'); // five years, through the day before

      const { credential } = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/certificates/mine/${cert.id}/credential`, headers: citizen }),
      );
      // The holder's resident ID is only masked and digested in the credential.
      const payload = JSON.parse(Buffer.from(credential.split('.')[1], 'base64url').toString());
      assert.equal(payload['@context'][0], 'https://www.w3.org/ns/credentials/v2');
      assert.equal(payload.credentialSubject.holder.idType, '111');
      assert.equal(payload.credentialSubject.holder.idMasked, '4101**********0016');
      assert.ok(!credential.includes('410105198808080016') && !JSON.stringify(payload).includes('410105198808080016'));
      assert.equal(payload.credentialStatus.length, 2);
      assert.equal(JSON.parse(Buffer.from(credential.split('.')[0], 'base64url').toString()).typ, 'vc+jwt');

      const valid = await verify(t, credential);
      assert.equal(valid.valid, true, JSON.stringify(valid));
      assert.equal(valid.credential.number, cert.number);

      // Plain jose with the published JWKS only.
      const jwks = await ok(t.app.inject({ method: 'GET', url: '/.well-known/onewindow-issuer-keys.json' }));
      const checked = await compactVerify(credential, createLocalJWKSet(jwks));
      assert.equal(JSON.parse(new TextDecoder().decode(checked.payload)).id, cert.id);

      // Tampered: the payload changed, the signature kept.
      const [h, , s] = credential.split('.');
      const forged = { ...payload, validUntil: '2099-12-31T00:00:00Z' };
      const tampered = await verify(t, `${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`);
      assert.equal(tampered.valid, false);
      assert.equal(tampered.reason, 'tampered');
      assert.equal((await verify(t, 'not a credential')).reason, 'malformed');

      // Lifecycle, reflected in the status list at once; the department's staff act, with reasons.
      const lead = await t.login('lead.zhengzhou');
      const list = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/certificates', headers: lead }));
      assert.ok(list.items.some((x: any) => x.id === cert.id));
      const noReason = await moveCert(t, lead, cert.id, 'suspend', { version: 1, reason: ' ' });
      assert.equal(noReason.json().error.code, 'REASON_REQUIRED');
      const suspended = await ok(moveCert(t, lead, cert.id, 'suspend', { version: 1, reason: '涉嫌违法经营，暂停' }));
      assert.equal(suspended.status, 'suspended');
      assert.equal((await verify(t, credential)).reason, 'suspended');
      const statusRes = await t.app.inject({ method: 'GET', url: '/credentials/status/410105-SCJG-suspension' });
      assert.equal(statusRes.statusCode, 200);
      assert.match(String(statusRes.headers['cache-control']), /max-age=\d+/);
      const listVc = JSON.parse(Buffer.from(statusRes.body.split('.')[1], 'base64url').toString());
      const bits = gunzipSync(Buffer.from(listVc.credentialSubject.encodedList.slice(1), 'base64url'));
      assert.equal(bits.length * 8, 131072);
      const index = Number(payload.credentialStatus[1].statusListIndex);
      assert.ok(bits[index >> 3] & (0x80 >> (index & 7)));
      await compactVerify(statusRes.body, createLocalJWKSet(jwks)); // signed by the issuer

      await ok(moveCert(t, lead, cert.id, 'reinstate', { version: 2, reason: '整改完成' }));
      assert.equal((await verify(t, credential)).valid, true);
      const outsider = await t.login('inspector.luoyang');
      const away = await t.app.inject({
        method: 'GET',
        url: `/api/v1/certificates/certificates/${cert.id}`,
        headers: outsider,
      });
      assert.equal(away.statusCode, 404); // outside the jurisdiction: as absent
      assert.equal((await moveCert(t, citizen, cert.id, 'revoke', { version: 3, reason: 'x' })).statusCode, 403);

      // The decision document is sealed with the department's key (its e-seal), the one the credential names.
      const sealOf = async (caseId: string) => {
        const docs = await ok(
          t.app.inject({ method: 'GET', url: `/api/v1/cases/${caseId}/documents`, headers: citizen }),
        );
        const id = docs.items[docs.items.length - 1].id;
        return ok(t.app.inject({ method: 'GET', url: `/api/v1/cases/documents/${id}/verification` }));
      };
      const firstKid = JSON.parse(Buffer.from(credential.split('.')[0], 'base64url').toString()).kid;
      const sealed = await sealOf(c.id);
      assert.equal(sealed.valid, true);
      assert.equal(sealed.document.keyId, firstKid);

      // A rotated key: the old certificate still verifies, the next one carries the new kid.
      const admin = await t.login('admin');
      const newKey = await ok(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/certificates/keys',
          headers: admin,
          payload: { department: '410105-SCJG' },
        }),
        201,
      );
      assert.equal(newKey.kid, await calculateJwkThumbprint(newKey.publicJwk as JWK));
      assert.ok(!('private_enc' in newKey) && !JSON.stringify(newKey).includes('"d"'));
      assert.equal((await verify(t, credential)).valid, true);
      const keys = await ok(
        t.app.inject({ method: 'GET', url: '/api/v1/certificates/keys?department=410105-SCJG', headers: admin }),
      );
      assert.deepEqual(keys.map((k: any) => k.status).sort(), ['active', 'retired']);

      await ok(moveCert(t, lead, cert.id, 'revoke', { version: 3, reason: '吊销许可' }));
      assert.equal((await verify(t, credential)).reason, 'revoked');

      // Offline, as `onewindow cert verify` does: the trust list and the signed status lists as files.
      const trust = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/trust-list' }));
      const revList = (await t.app.inject({ method: 'GET', url: '/credentials/status/410105-SCJG-revocation' })).body;
      const now = t.clock.now();
      assert.equal(
        (await verifyOffline(credential, { trustList: trust, statusLists: [revList], now })).reason,
        'revoked',
      );
      const unchecked = await verifyOffline(credential, { trustList: trust, now });
      assert.equal(unchecked.valid, true);
      assert.ok(unchecked.warnings.includes('status_unchecked:revocation'));
      assert.equal((await verifyOffline(credential, { now })).reason, 'untrusted_issuer');
      const cli = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'cert', 'verify', credential], {
        encoding: 'utf8',
      });
      assert.equal(cli.status, 3, cli.stderr);
      assert.match(cli.stdout, /INVALID \(untrusted_issuer\)/);

      // Expired: five years on.
      const c2 = await grantedCase(t, itemId);
      const again = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      const second = again.find((x: any) => x.caseId === c2.id);
      const cred2 = (
        await ok(
          t.app.inject({ method: 'GET', url: `/api/v1/certificates/mine/${second.id}/credential`, headers: citizen }),
        )
      ).credential;
      assert.equal(JSON.parse(Buffer.from(cred2.split('.')[0], 'base64url').toString()).kid, newKey.kid);
      // The new key seals the next document; the first, sealed with the retired key, still verifies.
      assert.equal((await sealOf(c2.id)).document.keyId, newKey.kid);
      assert.equal((await sealOf(c.id)).valid, true);
      t.clock.set('2032-01-01T00:00:00Z');
      assert.equal((await verify(t, cred2)).reason, 'expired');
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] untrusted issuer; an external province's issuer through an imported trust list; SM2 with sm-crypto only; VC-API shapes`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const admin = await t.login('admin');
      // Another province's issuer: its own key, its own credential.
      const { privateKey, publicKey } = generateKeyPairSync('ed25519');
      const jwk = publicKey.export({ format: 'jwk' }) as Record<string, unknown>;
      const kid = await calculateJwkThumbprint(jwk as JWK);
      const uscc = '11440000MA0000000X'.slice(0, 17) + 'X';
      const vc = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        id: 'urn:uuid:00000000-0000-4000-8000-000000000001',
        type: ['VerifiableCredential'],
        issuer: { id: `urn:uscc:${uscc}`, name: '广东省某局' },
        validFrom: '2026-06-01T00:00:00Z',
        credentialSubject: { holder: { idType: '001', id: '91440000MA0000000X', name: '某公司' } },
      };
      const jws = await new CompactSign(Buffer.from(JSON.stringify(vc)))
        .setProtectedHeader({ alg: 'EdDSA', kid, typ: 'vc+jwt' })
        .sign(privateKey);
      assert.equal((await verify(t, jws)).reason, 'untrusted_issuer');
      const trustList = {
        type: 'OneWindowTrustList',
        province: '440000',
        issuedAt: '2026-11-01T00:00:00Z',
        issuers: [
          {
            name: '广东省某局',
            uscc,
            province: '440000',
            validFrom: '2026-01-01T00:00:00Z',
            validUntil: null,
            keys: [{ ...jwk, kid, alg: 'EdDSA' }],
          },
        ],
      };
      const imported = await ok(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/certificates/trust-list/import',
          headers: admin,
          payload: trustList,
        }),
      );
      assert.equal(imported.imported, 1);
      // The administrator's list of imported issuers, with their validity; nobody else's.
      assert.deepEqual(
        await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/trust-list/imported', headers: admin })),
        [
          {
            name: '广东省某局',
            uscc,
            province: '440000',
            validFrom: '2026-01-01T00:00:00Z',
            validUntil: null,
            keys: 1,
            importedAt: t.clock.now().toISOString(),
          },
        ],
      );
      const clerkH = await t.login('clerk.jinshui');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/trust-list/imported', headers: clerkH }))
          .statusCode,
        403,
      );
      // The departments to manage keys for, by name, with their key counts (those with keys first).
      const issuers = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/issuers', headers: admin }));
      const scjg = issuers.find((d: any) => d.code === '410105-SCJG');
      assert.equal(scjg.name, '金水区市场监督管理局');
      assert.match(scjg.regionName, /金水区/);
      assert.deepEqual(scjg.keys, { active: 0, retired: 0 }, 'no key before its first certificate or rotation');
      assert.equal(
        (await t.app.inject({ method: 'GET', url: '/api/v1/certificates/issuers', headers: clerkH })).statusCode,
        403,
      );
      const external = await verify(t, jws);
      assert.equal(external.valid, true, JSON.stringify(external));
      assert.ok(
        external.warnings.length === 0 || external.warnings.every((w: string) => w.startsWith('status_unchecked')),
      );

      // SM2: the department enables it; the next certificate carries an SM2 signature over the JWS signing input.
      const sm2Key = await ok(
        t.app.inject({
          method: 'POST',
          url: '/api/v1/certificates/keys',
          headers: admin,
          payload: { department: '410105-SCJG', alg: 'SM2' },
        }),
        201,
      );
      const withKey = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/issuers', headers: admin }));
      assert.equal(withKey[0].code, '410105-SCJG', 'departments with keys first');
      assert.deepEqual(withKey[0].keys, { active: 1, retired: 0 });
      const itemId = await certificateItem(t);
      await grantedCase(t, itemId);
      const citizen = await t.login('citizen.demo');
      const [cert] = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      const own = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/certificates/mine/${cert.id}/credential`, headers: citizen }),
      );
      assert.equal(own.sm2.kid, sm2Key.kid);
      const { sm2 } = createRequire(import.meta.url)('sm-crypto') as any;
      const pub =
        '04' +
        Buffer.from(sm2Key.publicJwk.x, 'base64url').toString('hex') +
        Buffer.from(sm2Key.publicJwk.y, 'base64url').toString('hex');
      const input = own.credential.slice(0, own.credential.lastIndexOf('.'));
      assert.ok(
        sm2.doVerifySignature(input, Buffer.from(own.sm2.signature, 'base64url').toString('hex'), pub, { hash: true }),
      );
      const both = await verify(t, own.credential, { sm2Signature: own.sm2 });
      assert.deepEqual(both.sm2, { kid: sm2Key.kid, valid: true });
      // The trust list published here carries the SM2 key too.
      const published = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/trust-list' }));
      assert.ok(published.issuers.some((i: any) => i.keys.some((k: any) => k.kid === sm2Key.kid)));

      // VC-API: issue (admin) validates the VC 2.0 data model; verify (anyone) takes the enveloped form.
      const issue = (credential: unknown, h: Headers = admin) =>
        t.app.inject({
          method: 'POST',
          url: '/credentials/issue',
          headers: h,
          payload: { credential, options: { department: '410105-SCJG' } },
        });
      const good = {
        '@context': ['https://www.w3.org/ns/credentials/v2'],
        type: ['VerifiableCredential'],
        credentialSubject: { id: 'did:example:123', name: '测试' },
      };
      assert.equal((await issue(good, citizen)).statusCode, 403);
      for (const bad of [
        { ...good, '@context': 'https://www.w3.org/ns/credentials/v2' },
        { ...good, type: ['Other'] },
        { ...good, credentialSubject: [] },
        { ...good, validFrom: '2026-13-01' },
        { ...good, issuer: 'not a url' },
      ]) {
        const r = await issue(bad);
        assert.equal(r.statusCode, 400, r.body);
        assert.equal(r.json().error.code, 'VC_MALFORMED');
      }
      const issued = await ok(issue(good), 201);
      assert.equal(issued.verifiableCredential.type, 'EnvelopedVerifiableCredential');
      assert.deepEqual(issued.verifiableCredential['@context'], ['https://www.w3.org/ns/credentials/v2']);
      assert.ok(issued.verifiableCredential.id.startsWith('data:application/vc+jwt,'));
      const vr = await ok(
        t.app.inject({
          method: 'POST',
          url: '/credentials/verify',
          payload: { verifiableCredential: issued.verifiableCredential },
        }),
      );
      assert.equal(vr.verified, true, JSON.stringify(vr));
      const envBad = await t.app.inject({
        method: 'POST',
        url: '/credentials/verify',
        payload: { verifiableCredential: { id: 1 } },
      });
      assert.equal(envBad.statusCode, 400);
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] an enterprise holder: USCC as identifier (001), and the registry's licences follow issue and revocation`, async () => {
    const t = await testApp(dialect, { demo: { enterprises: 1, persons: 0 } });
    try {
      await seedCertificatesDemo(t.k);
      const admin = await t.login('admin');
      const [e] = (
        await ok(t.app.inject({ method: 'GET', url: '/api/v1/registry/enterprises?limit=1', headers: admin }))
      ).items;
      const cert = await t.k.db.transaction().execute((tx) =>
        issueCertificate(t.k, systemCtx(t.clock.now()), tx, {
          typeCode: 'DEMO.YYZZ',
          department: '410105-SCJG',
          region: '410105',
          caseId: null,
          holder: { kind: 'enterprise', name: e.name, uscc: e.uscc, account: null, personId: null, enterpriseId: e.id },
          facts: { 'holder.name': e.name },
          validity: null,
        }),
      );
      const stored = await t.k.db
        .selectFrom('certificates_certificates')
        .select('credential_enc')
        .where('id', '=', cert.id)
        .executeTakeFirstOrThrow();
      const vc = JSON.parse(
        Buffer.from(t.k.cipher.decrypt(stored.credential_enc).split('.')[1], 'base64url').toString(),
      );
      assert.deepEqual(vc.credentialSubject.holder, { idType: '001', id: e.uscc, name: e.name });
      const get = () =>
        ok(t.app.inject({ method: 'GET', url: `/api/v1/registry/enterprises/${e.id}`, headers: admin }));
      let licences = (await get()).licences;
      assert.equal(licences.length, 1);
      assert.equal(licences[0].number, cert.number);
      assert.equal(licences[0].status, 'issued');
      const lead = await t.login('lead.zhengzhou');
      // A change: the next version (same serial, version 002) supersedes the first.
      const changed = await ok(moveCert(t, lead, cert.id, 'change', { version: 1, reason: '变更名称' }), 201);
      assert.equal(changed.supersedes, cert.id);
      // Nothing edited: the next version carries the same face (fields keyed by semantic key survive the reissue).
      assert.ok(Object.keys(cert.face).length > 0, JSON.stringify(cert));
      assert.deepEqual(changed.face, cert.face);
      assert.equal(changed.number.split('.').at(-3), cert.number.split('.').at(-3));
      assert.equal(changed.number.split('.').at(-2), '002');
      assert.ok(parseCertificateNumber(changed.number));
      const old = await ok(
        t.app.inject({ method: 'GET', url: `/api/v1/certificates/certificates/${cert.id}`, headers: lead }),
      );
      assert.equal(old.status, 'superseded');
      await ok(moveCert(t, lead, changed.id, 'revoke', { version: 1, reason: '吊销' }));
      licences = (await get()).licences;
      assert.deepEqual(
        licences.map((l: any) => [l.number, l.status]),
        [
          [cert.number, 'superseded'],
          [changed.number, 'revoked'],
        ],
      );
    } finally {
      await t.close();
    }
  });

  test(`[${dialect}] grants decided at the same moment each issue their certificate, with distinct serials (no 500)`, async () => {
    const t = await testApp(dialect);
    try {
      await seedCertificatesDemo(t.k);
      const itemId = await certificateItem(t);
      const [citizen, clerk, reviewer, approver] = await Promise.all(
        ['citizen.demo', 'clerk.jinshui', 'reviewer.zhengzhou', 'approver.zhengzhou'].map((u) => t.login(u)),
      );
      const move = (h: Headers, id: string, action: string, payload: Record<string, unknown>) =>
        t.app.inject({ method: 'POST', url: `/api/v1/cases/${id}/${action}`, headers: h, payload });
      const ready: Array<{ id: string; version: number }> = [];
      for (let i = 0; i < 6; i++) {
        let c = await ok(
          t.app.inject({
            method: 'POST',
            url: '/api/v1/cases',
            headers: citizen,
            payload: { itemId, region: '410105', form: FILLED },
          }),
          201,
        );
        c = await ok(move(clerk, c.id, 'accept', { version: c.version }));
        c = await ok(move(reviewer, c.id, 'start_review', { version: c.version }));
        ready.push(c);
      }
      // Before: the serial was read and then written, so two grants took the same one (or both inserted the first).
      const granted = await Promise.all(
        ready.map((c) => move(approver, c.id, 'grant', { version: c.version, reason: '符合许可条件' })),
      );
      assert.deepEqual(
        granted.map((r) => r.statusCode),
        ready.map(() => 200),
        granted.map((r) => r.body).join('\n'),
      );
      const mine = await ok(t.app.inject({ method: 'GET', url: '/api/v1/certificates/mine', headers: citizen }));
      const serials = mine.map((m: { number: string }) => parseCertificateNumber(m.number)!.serial);
      assert.equal(new Set(serials).size, 6, `distinct serials: ${serials.join(', ')}`);
    } finally {
      await t.close();
    }
  });
}
