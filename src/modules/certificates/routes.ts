/** The certificates module's HTTP routes: thin — validate, call one service function, return. */
import type { FastifyInstance } from 'fastify';
import { Type, Strict, StringEnum, Nullable, errorResponses, ctxOf, type App } from '../../kernel/http.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { TAKES_NUMBER, idempotent } from '../../kernel/idempotency.ts';
import { certificatesPermissions as P } from './permissions.ts';
import {
  certificatePdf,
  getCertificate,
  listCertificates,
  myCertificates,
  myCredential,
  reissueCertificate,
} from './service.ts';
import { certificateLifecycle } from './lifecycle.ts';
import { CERTIFICATE_STATUSES } from './model.ts';
import { defineCertificateType, listCertificateTypes, undefinedTypeCodes } from './types.ts';
import { createIssuerKey, ISSUER_ALGS, issuerJwks, listIssuerKeys } from './keys.ts';
import { issuerDepartments } from './issuers.ts';
import {
  importedIssuers,
  importTrustList,
  signedStatusList,
  STATUS_TTL_SECONDS,
  trustList,
  type TrustList,
} from './publish.ts';
import { verifyCredential } from './verify.ts';
import { MAX_VERIFY_PDF_BYTES, verifyById, verifyPdf } from './verify-upload.ts';
import { myExpiryNotices } from './expiry.ts';
import { startRenewal } from './renewal.ts';
import { REASONS } from './verify-core.ts';
import { issueForConformance } from './vc-api.ts';
import {
  GRANT_STATUSES,
  grantLifecycle,
  grantsToMyDepartment,
  grantUse,
  myGrants,
  myGrantUses,
  useGrantedCertificate,
} from './grants.ts';

const tags = ['certificates'];
const Any = Type.Record(Type.String(), Type.Unknown());
const Text2 = Strict({ zh: Type.String(), en: Type.String() });
const CertificateSchema = Strict({
  id: Type.String(),
  number: Type.String(),
  type: Strict({ code: Type.String(), name: Type.String() }),
  department: Strict({ code: Type.String(), name: Type.String() }),
  region: Type.String(),
  caseId: Nullable(Type.String()),
  holder: Strict({ kind: Type.String(), name: Type.String() }),
  face: Any,
  validFrom: Type.String(),
  validUntil: Nullable(Type.String()),
  supersedes: Nullable(Type.String()),
  illustrative: Type.Boolean(),
  status: StringEnum(CERTIFICATE_STATUSES),
  version: Type.Integer(),
  createdAt: Type.String(),
});
const ValiditySchema = Strict({
  kind: StringEnum(['long_term', 'period'] as const),
  value: Nullable(Type.Integer({ minimum: 1, maximum: 100 })),
  unit: Nullable(StringEnum(['year', 'month', 'day'] as const)),
});
const TypeSchema = Strict({
  code: Type.String({ minLength: 2, maxLength: 64 }),
  name: Text2,
  typeCode: Type.String({ maxLength: 21 }),
  faceSchema: Any,
  validity: ValiditySchema,
  departments: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
  illustrative: Type.Boolean(),
  createdAt: Type.String(),
});
const KeySchema = Strict({
  kid: Type.String(),
  department: Type.String(),
  alg: StringEnum(ISSUER_ALGS),
  status: StringEnum(['active', 'retired'] as const),
  publicJwk: Any,
  createdAt: Type.String(),
  retiredAt: Nullable(Type.String()),
});
const Sm2Sig = Strict({ kid: Type.String({ maxLength: 100 }), signature: Type.String({ maxLength: 200 }) });
const VerificationSchema = Strict({
  valid: Type.Boolean(),
  reason: Nullable(StringEnum(REASONS)),
  message: Text2,
  checks: Type.Array(Strict({ check: Type.String(), ok: Type.Boolean() })),
  warnings: Type.Array(Type.String()),
  credential: Nullable(
    Strict({
      id: Nullable(Type.String()),
      name: Nullable(Type.String()),
      issuer: Strict({ id: Nullable(Type.String()), name: Nullable(Type.String()) }),
      validFrom: Nullable(Type.String()),
      validUntil: Nullable(Type.String()),
      number: Nullable(Type.String()),
      holder: Nullable(Any),
      face: Nullable(Any),
      illustrative: Type.Boolean(),
    }),
  ),
  sm2: Nullable(Strict({ kid: Type.String(), valid: Type.Boolean() })),
  supersededBy: Nullable(Type.String()),
});
const TrustListSchema = Strict({
  type: Type.Literal('OneWindowTrustList'),
  province: Type.String({ maxLength: 6 }),
  issuedAt: Type.String(),
  issuers: Type.Array(
    Strict({
      name: Type.String({ maxLength: 200 }),
      uscc: Type.String({ maxLength: 18 }),
      province: Type.String({ maxLength: 6 }),
      validFrom: Type.String(),
      validUntil: Nullable(Type.String()),
      keys: Type.Array(Any, { maxItems: 50 }),
    }),
    { maxItems: 2000 },
  ),
});
const Pdf = {
  description: 'The certificate as a PDF',
  content: { 'application/pdf': { schema: Type.Unsafe<Buffer>({ type: 'string', format: 'binary' }) } },
};
const GrantSchema = Strict({
  id: Type.String(),
  certificate: Strict({ id: Type.String(), number: Type.String(), typeName: Type.String() }),
  grantee: Strict({
    kind: StringEnum(['department', 'case'] as const),
    department: Strict({ code: Type.String(), name: Type.String() }),
    caseNumber: Nullable(Type.String()),
  }),
  purpose: Type.String(),
  validFrom: Type.String(),
  validUntil: Type.String(),
  status: StringEnum(GRANT_STATUSES),
  inForce: Type.Boolean(),
  version: Type.Integer(),
  createdAt: Type.String(),
});
const GrantUseSchema = Strict({
  id: Type.String(),
  grantId: Type.String(),
  certificate: Strict({ id: Type.String(), number: Type.String(), typeName: Type.String() }),
  user: Strict({ name: Type.String(), department: Strict({ code: Type.String(), name: Type.String() }) }),
  caseNumber: Nullable(Type.String()),
  purpose: Type.String(),
  valid: Type.Boolean(),
  at: Type.String(),
});
const RenewalSchema = Strict({
  case: Strict({ id: Type.String(), number: Type.String(), status: Type.String() }),
  created: Type.Boolean(),
});
const IdParams = Strict({ id: Type.String({ minLength: 1, maxLength: 80 }) });
const Move = Strict({ version: Type.Integer({ minimum: 1 }), reason: Type.String({ maxLength: 500 }) });
const Envelope = Strict({
  '@context': Type.Array(Type.String(), { minItems: 1 }),
  id: Type.String({ maxLength: 100_000 }),
  type: Type.String(),
});

export function registerCertificatesRoutes(app: App, k: Kernel): void {
  app.get(
    '/api/v1/certificates/types',
    {
      config: { permission: 'public' },
      schema: { tags, summary: 'Certificate types (open data)', response: { 200: Type.Array(TypeSchema) } },
    },
    async () => listCertificateTypes(k),
  );
  app.post(
    '/api/v1/certificates/types',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Define a certificate type',
        body: Strict({
          code: Type.String({ minLength: 2, maxLength: 64 }),
          name: Strict({
            zh: Type.String({ minLength: 1, maxLength: 100 }),
            en: Type.String({ minLength: 1, maxLength: 200 }),
          }),
          typeCode: Type.String({ minLength: 21, maxLength: 21 }),
          faceSchema: Any,
          validity: ValiditySchema,
          departments: Type.Array(Type.String({ maxLength: 64 }), { maxItems: 200 }),
          illustrative: Type.Optional(Type.Boolean()),
        }),
        response: { 201: TypeSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await defineCertificateType(k, ctxOf(req), req.body)),
  );
  app.get(
    '/api/v1/certificates/types/undefined-codes',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Certificate-type codes the published catalog uses that no type defines',
        response: {
          200: Type.Array(
            Strict({
              code: Type.String(),
              usedBy: Type.Array(
                Strict({
                  implementationCode: Type.String(),
                  itemName: Type.String(),
                  as: StringEnum(['result', 'material'] as const),
                }),
              ),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => undefinedTypeCodes(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/certificates/issuers',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Departments in the caller’s jurisdiction, with how many issuer keys each has (those with keys first)',
        response: {
          200: Type.Array(
            Strict({
              code: Type.String(),
              name: Type.String(),
              regionName: Type.String(),
              keys: Strict({ active: Type.Integer(), retired: Type.Integer() }),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => issuerDepartments(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/certificates/keys',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'A department’s issuer keys (public halves)',
        querystring: Strict({ department: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: { 200: Type.Array(KeySchema), ...errorResponses },
      },
    },
    async (req) => listIssuerKeys(k, ctxOf(req), req.query.department),
  );
  app.post(
    '/api/v1/certificates/keys',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Create (rotate) a department’s issuer key; the previous key of that algorithm is retired',
        body: Strict({
          department: Type.String({ minLength: 1, maxLength: 64 }),
          alg: Type.Optional(StringEnum(ISSUER_ALGS)),
        }),
        response: { 201: KeySchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await createIssuerKey(k, ctxOf(req), req.body)),
  );
  app.get(
    '/api/v1/certificates/trust-list',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'This platform’s trust list: issuers, public keys, validity',
        response: { 200: TrustListSchema },
      },
    },
    async (_req, reply) => {
      reply.header('content-disposition', 'attachment; filename="onewindow-trust-list.json"');
      return trustList(k);
    },
  );
  app.post(
    '/api/v1/certificates/trust-list/import',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Import another province’s trust list (证照互认)',
        body: TrustListSchema,
        response: { 200: Strict({ imported: Type.Integer() }), ...errorResponses },
      },
    },
    async (req) => importTrustList(k, ctxOf(req), req.body as TrustList),
  );
  app.get(
    '/api/v1/certificates/trust-list/imported',
    {
      config: { permission: P.configure },
      schema: {
        tags,
        summary: 'Issuers imported from other provinces’ trust lists, with their validity',
        response: {
          200: Type.Array(
            Strict({
              name: Type.String(),
              uscc: Type.String(),
              province: Type.String(),
              validFrom: Type.String(),
              validUntil: Nullable(Type.String()),
              keys: Type.Integer(),
              importedAt: Type.String(),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => importedIssuers(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/certificates/certificates',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'Certificates issued in the caller’s jurisdiction, newest first',
        querystring: Strict({
          limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100 })),
          before: Type.Optional(Type.String({ maxLength: 40 })),
          status: Type.Optional(StringEnum(CERTIFICATE_STATUSES)),
        }),
        response: {
          200: Strict({ items: Type.Array(CertificateSchema), nextCursor: Nullable(Type.String()) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const limit = req.query.limit ?? 20;
      const items = await listCertificates(k, ctxOf(req), {
        limit,
        before: req.query.before,
        status: req.query.status,
      });
      return { items, nextCursor: items.length === limit ? items[items.length - 1].createdAt : null };
    },
  );
  app.get(
    '/api/v1/certificates/certificates/:id',
    {
      config: { permission: P.read },
      schema: {
        tags,
        summary: 'One certificate',
        params: IdParams,
        response: { 200: CertificateSchema, ...errorResponses },
      },
    },
    async (req) => getCertificate(k, ctxOf(req), req.params.id),
  );
  for (const action of ['revoke', 'suspend', 'reinstate'] as const) {
    app.post(
      `/api/v1/certificates/certificates/:id/${action}`,
      {
        config: { permission: certificateLifecycle.def.actions[action].permission },
        schema: {
          tags,
          summary: certificateLifecycle.def.actions[action].label.en,
          params: IdParams,
          body: Move,
          response: { 200: CertificateSchema, ...errorResponses },
        },
      },
      async (req) => certificateLifecycle.transition(k, ctxOf(req), req.params.id, action, req.body),
    );
  }
  for (const kind of ['change', 'renew'] as const) {
    app.post(
      `/api/v1/certificates/certificates/:id/${kind}`,
      {
        config: { permission: P.manage },
        schema: {
          tags,
          summary:
            kind === 'change'
              ? 'Change: issue the next version, superseding this one'
              : 'Renew: the next version with a fresh validity',
          params: IdParams,
          body: Strict({ ...Move.properties, face: Type.Optional(Any) }),
          response: { 201: CertificateSchema, ...errorResponses },
        },
      },
      async (req, reply) =>
        reply.status(201).send(await reissueCertificate(k, ctxOf(req), req.params.id, { ...req.body, kind })),
    );
  }
  app.get(
    '/api/v1/certificates/mine',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary: 'The caller’s own certificates (证照库)',
        response: { 200: Type.Array(CertificateSchema), ...errorResponses },
      },
    },
    async (req) => myCertificates(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/certificates/mine/:id/credential',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary: 'The caller’s own credential (vc+jwt) and SM2 signature, to download or show as a QR code',
        params: IdParams,
        response: { 200: Strict({ credential: Type.String(), sm2: Nullable(Sm2Sig) }), ...errorResponses },
      },
    },
    async (req) => myCredential(k, ctxOf(req), req.params.id),
  );
  for (const [path, as, permission] of [
    ['/api/v1/certificates/mine/:id/pdf', 'holder', P.own],
    ['/api/v1/certificates/certificates/:id/pdf', 'department', P.read],
  ] as const) {
    app.get(
      path,
      {
        config: { permission },
        schema: {
          tags,
          summary:
            as === 'holder'
              ? 'The caller’s own certificate as a PDF (face, e-seal mark, QR code to verify)'
              : 'A certificate issued in the caller’s jurisdiction as a PDF',
          params: IdParams,
          response: { 200: Pdf, ...errorResponses },
        },
      },
      async (req, reply) => {
        const { pdf, number } = await certificatePdf(k, ctxOf(req), req.params.id, as);
        return reply
          .type('application/pdf')
          .header(
            'content-disposition',
            `attachment; filename="certificate-${number.split('.').slice(-3).join('-')}.pdf"`,
          )
          .header('cache-control', 'private, no-store')
          .send(pdf);
      },
    );
  }
  // Wallet grants (用证授权): the holder's side, then the grantee department's.
  app.post(
    '/api/v1/certificates/mine/:id/grants',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary: 'Grant a department, or the department handling one of the caller’s cases, the use of a certificate',
        params: IdParams,
        body: Strict({
          department: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          caseId: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
          purpose: Type.String({ maxLength: 200 }),
          validUntil: Type.String({ maxLength: 10, description: 'Last day of the grant (YYYY-MM-DD, China time)' }),
        }),
        response: { 201: GrantSchema, ...errorResponses },
      },
    },
    async (req, reply) => reply.status(201).send(await grantUse(k, ctxOf(req), req.params.id, req.body)),
  );
  app.get(
    '/api/v1/certificates/mine/grants',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary: 'The caller’s grants of use, newest first',
        response: { 200: Type.Array(GrantSchema), ...errorResponses },
      },
    },
    async (req) => myGrants(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/certificates/mine/notices',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary: 'The caller’s expiry notices (certificates expiring soon), newest first',
        response: {
          200: Type.Array(
            Strict({
              id: Type.String(),
              certificateId: Type.String(),
              days: Type.Integer(),
              validUntil: Type.String(),
              createdAt: Type.String(),
              renewalCaseId: Nullable(Type.String()),
            }),
          ),
          ...errorResponses,
        },
      },
    },
    async (req) => myExpiryNotices(k, ctxOf(req)),
  );
  app.post(
    '/api/v1/certificates/mine/:id/renewal',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary:
          'Apply to renew (延续) one of the caller’s certificates: files a case prefilled from the one that issued it; granting it issues the next version. An open renewal case is answered again (200).',
        params: IdParams,
        body: Strict({ form: Type.Optional(Any) }),
        response: {
          200: RenewalSchema,
          201: RenewalSchema,
          ...errorResponses,
        },
      },
    },
    async (req, reply) => {
      // Idempotency-Key honoured; without one, an open renewal case is answered again (200).
      const r = await idempotent(
        k,
        req,
        201,
        (tx) => startRenewal(k, ctxOf(req), req.params.id, req.body, tx),
        TAKES_NUMBER,
      );
      return reply
        .status(r.body.created ? r.status : 200)
        .header('idempotent-replayed', String(r.replayed))
        .send(r.body);
    },
  );
  app.get(
    '/api/v1/certificates/mine/uses',
    {
      config: { permission: P.own },
      schema: {
        tags,
        summary: 'Who used the caller’s certificates, when, for which case and purpose (usage log)',
        response: { 200: Type.Array(GrantUseSchema), ...errorResponses },
      },
    },
    async (req) => myGrantUses(k, ctxOf(req)),
  );
  app.post(
    '/api/v1/certificates/grants/:id/revoke',
    {
      config: { permission: grantLifecycle.def.actions.revoke.permission },
      schema: {
        tags,
        summary: grantLifecycle.def.actions.revoke.label.en,
        params: IdParams,
        body: Strict({
          version: Type.Integer({ minimum: 1 }),
          reason: Type.Optional(Type.String({ maxLength: 500 })),
        }),
        response: { 200: GrantSchema, ...errorResponses },
      },
    },
    async (req) => grantLifecycle.transition(k, ctxOf(req), req.params.id, 'revoke', req.body),
  );
  app.get(
    '/api/v1/certificates/granted',
    {
      config: { permission: P.use },
      schema: {
        tags,
        summary: 'Grants in force to the caller’s department',
        response: { 200: Type.Array(GrantSchema), ...errorResponses },
      },
    },
    async (req) => grantsToMyDepartment(k, ctxOf(req)),
  );
  app.get(
    '/api/v1/certificates/granted/:id',
    {
      config: { permission: P.use },
      schema: {
        tags,
        summary: 'Use a granted certificate: its face and a fresh verification; the use is logged for the holder',
        params: IdParams,
        response: {
          200: Strict({ grant: GrantSchema, certificate: CertificateSchema, verification: VerificationSchema }),
          ...errorResponses,
        },
      },
    },
    async (req) => useGrantedCertificate(k, ctxOf(req), req.params.id),
  );
  app.post(
    '/api/v1/certificates/verify',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Verify a credential (anyone, no account; rate-limited): valid or invalid and exactly why',
        body: Strict({
          credential: Type.String({ minLength: 1, maxLength: 100_000 }),
          sm2Signature: Type.Optional(Sm2Sig),
        }),
        response: { 200: VerificationSchema, ...errorResponses },
      },
    },
    async (req) => verifyCredential(k, req.body),
  );
  // The verify page's PDF upload (its own scope: any content type is read as bytes, then sniffed) and id fallback.
  app.register(async (scope: FastifyInstance) => {
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: MAX_VERIFY_PDF_BYTES }, (_req, body, done) =>
      done(null, body),
    );
    (scope as unknown as App).post(
      '/api/v1/certificates/verify/pdf',
      {
        // Each check reads and decodes a file: a tenth of the public budget.
        config: {
          permission: 'public',
          rateLimit: { max: Math.max(1, Math.floor(k.config.publicRateLimit / 10)), timeWindow: 60_000 },
        },
        bodyLimit: MAX_VERIFY_PDF_BYTES,
        schema: {
          tags,
          summary: 'Verify a certificate PDF (anyone, no account; rate-limited): its QR code is read and verified',
          description:
            'Body: the PDF itself (Content-Type application/pdf or application/octet-stream, ≤ 5 MiB). Not a PDF by its content: 415 CERTIFICATE_PDF_REQUIRED; no readable QR code in it: 422 CERTIFICATE_QR_UNREADABLE.',
          body: Type.Unknown({ description: 'The PDF' }),
          response: { 200: VerificationSchema, ...errorResponses, 413: errorResponses[400], 415: errorResponses[400] },
        },
      },
      async (req) => verifyPdf(k, req.body),
    );
  });
  app.get(
    '/api/v1/certificates/verify/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary:
          'Verify a certificate of this platform by its credential id (the QR code’s #id= fallback; anyone, rate-limited)',
        params: IdParams,
        response: { 200: VerificationSchema, ...errorResponses },
      },
    },
    async (req) => verifyById(k, req.params.id),
  );

  // Outside /api/: the published keys, the status lists and the W3C VC-API (each declares its permission).
  app.get(
    '/.well-known/onewindow-issuer-keys.json',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Certificate issuers’ public keys (JWKS; active and retired)',
        response: { 200: Strict({ keys: Type.Array(Any) }) },
      },
    },
    async (_req, reply) => {
      reply.header('cache-control', `public, max-age=${STATUS_TTL_SECONDS}`);
      return issuerJwks(k);
    },
  );
  app.get(
    '/credentials/status/:id',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'A signed Bitstring Status List credential (vc+jwt), cacheable for its TTL',
        params: IdParams,
        response: { 200: Type.String(), ...errorResponses },
      },
    },
    async (req, reply) => {
      const jws = await signedStatusList(k, req.params.id);
      reply.header('cache-control', `public, max-age=${STATUS_TTL_SECONDS}`).type('application/vc+jwt');
      return jws;
    },
  );
  app.post(
    '/credentials/verify',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'W3C VC-API: verify a credential (EnvelopedVerifiableCredential with a vc+jwt)',
        body: Strict({ verifiableCredential: Envelope, options: Type.Optional(Any) }),
        response: {
          200: Strict({
            verified: Type.Boolean(),
            checks: Type.Array(Type.String()),
            warnings: Type.Array(Type.String()),
            errors: Type.Array(Strict({ type: Type.String(), title: Type.String(), detail: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const v = await verifyCredential(k, { credential: req.body.verifiableCredential.id });
      return {
        verified: v.valid,
        checks: v.checks.filter((c) => c.ok).map((c) => c.check),
        warnings: v.warnings,
        errors: v.reason
          ? [{ type: `https://onewindow.example/problems/${v.reason}`, title: v.reason, detail: v.message.en }]
          : [],
      };
    },
  );
  app.post(
    '/credentials/issue',
    {
      config: { permission: P.issue_conformance },
      schema: {
        tags,
        summary: 'W3C VC-API: issue a credential (conformance testing); answers an EnvelopedVerifiableCredential',
        body: Strict({
          credential: Any,
          options: Type.Optional(Strict({ department: Type.Optional(Type.String({ maxLength: 64 })) })),
        }),
        response: { 201: Strict({ verifiableCredential: Envelope }), ...errorResponses },
      },
    },
    async (req, reply) =>
      reply.status(201).send(await issueForConformance(k, ctxOf(req), req.body.credential, req.body.options ?? {})),
  );
}
