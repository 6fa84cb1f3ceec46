/** Public reference data: division codes (GB/T 2260 + functional zones), industry codes (GB/T 4754), and a validator endpoint. */
import { Type, Strict, StringEnum, Page, errorResponses, type App, Nullable } from '../kernel/http.ts';
import type { Kernel } from '../kernel/kernel.ts';
import { childrenOf, findDivision, fullName, getDivisions, ancestorsOf } from '../kernel/reference/divisions.ts';
import { industryDivisions, industrySections } from '../kernel/reference/industries.ts';
import { notFound } from '../kernel/errors.ts';
import { checkUscc } from '../kernel/validators/uscc.ts';
import { checkResidentId } from '../kernel/validators/resident-id.ts';
import { checkMobile } from '../kernel/validators/mobile.ts';
import { normalizeIdentifier } from '../kernel/validators/identifiers.ts';
import { checkDivisionCode } from '../kernel/reference/divisions.ts';
import { checkIndustryCode } from '../kernel/reference/industries.ts';

const DivisionSchema = Strict({
  code: Type.String(),
  name: Type.String(),
  fullName: Type.String(),
  level: Type.Union([Type.Literal('province'), Type.Literal('city'), Type.Literal('county')]),
  parent: Nullable(Type.String()),
  gbt2260: Type.Boolean({
    description: 'false for statistical functional zones (e.g. 410173) that GB/T 2260 does not list',
  }),
  source: Type.String(),
});

const tags = ['reference'];

function view(code: string) {
  const d = findDivision(code)!;
  return { ...d, fullName: fullName(code) ?? d.name };
}

export function registerReferenceRoutes(app: App, _k: Kernel): void {
  app.get(
    '/api/v1/reference/divisions',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Division codes: the provinces, or the children of `parent`',
        querystring: Strict({ parent: Type.Optional(Type.String({ pattern: '^\\d{6}$' })) }),
        response: { 200: Page(DivisionSchema), ...errorResponses },
      },
    },
    async (req) => {
      const parent = req.query.parent;
      if (parent && !findDivision(parent)) throw notFound('区划 division', parent, 'query.parent');
      const list = parent ? childrenOf(parent) : [...getDivisions().values()].filter((d) => d.level === 'province');
      return { items: list.map((d) => view(d.code)), nextCursor: null };
    },
  );

  app.get(
    '/api/v1/reference/divisions/:code',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        params: Strict({ code: Type.String({ pattern: '^\\d{6}$' }) }),
        response: {
          200: Strict({ division: DivisionSchema, ancestors: Type.Array(DivisionSchema) }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      if (!findDivision(req.params.code)) throw notFound('区划 division', req.params.code, 'params.code');
      return { division: view(req.params.code), ancestors: ancestorsOf(req.params.code).map((d) => view(d.code)) };
    },
  );

  app.get(
    '/api/v1/reference/industries',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'GB/T 4754-2017 industry sections and divisions',
        response: {
          200: Strict({
            sections: Type.Array(Strict({ code: Type.String(), zh: Type.String(), en: Type.String() })),
            divisions: Type.Array(
              Strict({ code: Type.String(), zh: Type.String(), en: Type.String(), section: Type.String() }),
            ),
          }),
        },
      },
    },
    async () => ({
      sections: industrySections.map((s) => ({ code: s.code, zh: s.zh, en: s.en })),
      divisions: industryDivisions.map((d) => ({ code: d.code, zh: d.zh, en: d.en, section: d.section })),
    }),
  );

  // Identifiers follow the platform's one case rule (trimmed, upper-cased) before they are checked.
  const kinds = {
    uscc: (v: string) => checkUscc(normalizeIdentifier(v)),
    residentId: (v: string) => checkResidentId(normalizeIdentifier(v)),
    mobile: checkMobile,
    division: checkDivisionCode,
    industry: checkIndustryCode,
  };
  app.post(
    '/api/v1/reference/validate',
    {
      config: { permission: 'public' },
      schema: {
        tags,
        summary: 'Check a USCC, resident ID, mobile number, division or industry code (nothing is stored or logged)',
        body: Strict({
          kind: StringEnum(['uscc', 'residentId', 'mobile', 'division', 'industry'] as const),
          value: Type.String({ maxLength: 40 }),
        }),
        response: {
          200: Strict({
            valid: Type.Boolean(),
            code: Nullable(Type.String()),
            message: Nullable(Strict({ zh: Type.String(), en: Type.String() })),
          }),
          ...errorResponses,
        },
      },
    },
    async (req) => {
      const r = kinds[req.body.kind](req.body.value);
      return r.ok
        ? { valid: true, code: null, message: null }
        : { valid: false, code: r.code, message: { zh: r.zh, en: r.en } };
    },
  );
}
