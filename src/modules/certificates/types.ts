/**
 * Certificate types (证照类型): code, names, face fields (JSON Schema), validity rule and issuing departments. The
 * catalog's `result.certificateType` and `materials[].source.certificateType` refer to the code; `undefinedTypeCodes`
 * lists the codes the published catalog uses that no type defines.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { AppError, invalid, notFound } from '../../kernel/errors.ts';
import { requiredText } from '../../kernel/validators/fields.ts';
import { listPublishedForIndex } from '../catalog/index.ts';
import { certificatesPermissions as P } from './permissions.ts';
import { certificatesEvents } from './events.ts';
import type { CertificateTypeTable } from './tables.ts';

export interface Validity {
  kind: 'long_term' | 'period';
  value: number | null;
  unit: 'year' | 'month' | 'day' | null;
}

export interface CertificateType {
  code: string;
  name: { zh: string; en: string };
  typeCode: string;
  faceSchema: Record<string, unknown>;
  validity: Validity;
  departments: string[];
  illustrative: boolean;
  createdAt: string;
}

export interface CertificateTypeInput {
  code: string;
  name: { zh: string; en: string };
  typeCode: string;
  faceSchema: Record<string, unknown>;
  validity: Validity;
  departments: string[];
  illustrative?: boolean;
}

const CODE = /^[0-9A-Za-z][0-9A-Za-z._-]{1,63}$/; // as the catalog's CERTIFICATE_TYPE_PATTERN
const TYPE_CODE = /^[0-9A-Z]{18}\d{3}$/;

export const toType = (r: CertificateTypeTable): CertificateType => ({
  code: r.code,
  name: { zh: r.name_zh, en: r.name_en },
  typeCode: r.type_code,
  faceSchema: r.face_schema,
  validity: r.validity as Validity,
  departments: r.departments,
  illustrative: r.illustrative,
  createdAt: r.created_at,
});

export async function defineCertificateType(
  k: Kernel,
  ctx: Ctx,
  input: CertificateTypeInput,
  tx?: Executor,
): Promise<CertificateType> {
  requirePermission(ctx, P.configure);
  if (!CODE.test(input.code))
    throw invalid('code', 'TYPE_CODE_INVALID', '证照类型代码格式不正确', 'The certificate type code is malformed');
  if (!TYPE_CODE.test(input.typeCode))
    throw invalid(
      'typeCode',
      'GBT36904_TYPE_CODE_INVALID',
      '证照类型代码须为定义机构的统一社会信用代码加三位顺序码',
      'The type code must be the defining body’s USCC followed by a 3-digit sequence',
    );
  const fs = input.faceSchema;
  if (fs?.type !== 'object' || typeof fs.properties !== 'object' || fs.properties === null)
    throw invalid(
      'faceSchema',
      'FACE_SCHEMA_INVALID',
      '照面字段须为对象类型的 JSON Schema',
      'The face must be an object JSON Schema',
    );
  const v = input.validity;
  if (v.kind === 'period' ? !(Number(v.value) >= 1 && v.unit) : v.kind !== 'long_term')
    throw invalid(
      'validity',
      'VALIDITY_INCOMPLETE',
      '有期限的证照须写明期限和单位',
      'A validity period needs a value and a unit',
    );
  const row: CertificateTypeTable = {
    code: input.code,
    name_zh: requiredText('name.zh', input.name.zh, 100),
    name_en: requiredText('name.en', input.name.en, 200),
    type_code: input.typeCode,
    face_schema: fs,
    validity: { kind: v.kind, value: v.kind === 'period' ? v.value : null, unit: v.kind === 'period' ? v.unit : null },
    departments: input.departments,
    illustrative: input.illustrative ?? input.code.startsWith('DEMO.'),
    created_at: ctx.now.toISOString(),
  };
  return inTx(k, tx, async (t) => {
    const have = await t
      .selectFrom('certificates_types')
      .select('code')
      .where('code', '=', row.code)
      .executeTakeFirst();
    if (have)
      throw new AppError({
        code: 'TYPE_EXISTS',
        status: 409,
        field: 'code',
        zh: '该证照类型已定义',
        en: 'This certificate type is already defined',
      });
    await t.insertInto('certificates_types').values(row).execute();
    const after = toType(row);
    await k.audit.record(t, ctx, {
      permission: P.configure,
      action: 'define',
      subjectType: 'certificates.type',
      subjectId: row.code,
      after,
      event: certificatesEvents.make('certificates.type.defined', { code: row.code }),
    });
    return after;
  });
}

export async function findType(db: Executor, code: string): Promise<CertificateType | null> {
  const r = await db.selectFrom('certificates_types').selectAll().where('code', '=', code).executeTakeFirst();
  return r ? toType(r) : null;
}

export async function getCertificateType(k: Kernel, code: string): Promise<CertificateType> {
  const t = await findType(k.db, code);
  if (!t) throw notFound('证照类型 certificate type', code, 'params.code');
  return t;
}

/** Every type, by code (public: types are open data). */
export async function listCertificateTypes(k: Kernel): Promise<CertificateType[]> {
  return (await k.db.selectFrom('certificates_types').selectAll().orderBy('code').execute()).map(toType);
}

export interface UndefinedTypeCode {
  code: string;
  /** Where the published catalog uses it: implementation codes, as result or as a material's source. */
  usedBy: Array<{ implementationCode: string; itemName: string; as: 'result' | 'material' }>;
}

/** The certificate-type codes the published catalog uses that no type defines. */
export async function undefinedTypeCodes(k: Kernel, ctx: Ctx): Promise<UndefinedTypeCode[]> {
  requirePermission(ctx, P.configure);
  const defined = new Set((await listCertificateTypes(k)).map((t) => t.code));
  const out = new Map<string, UndefinedTypeCode>();
  const note = (code: string | null, implementationCode: string, itemName: string, as: 'result' | 'material') => {
    if (!code || defined.has(code)) return;
    const e = out.get(code) ?? { code, usedBy: [] };
    e.usedBy.push({ implementationCode, itemName, as });
    out.set(code, e);
  };
  let after: string | null = null;
  for (;;) {
    const page = await listPublishedForIndex(k, { after, limit: 200 });
    for (const { version: v } of page) {
      note(v.elements.result.certificateType, v.code, v.item.name, 'result');
      for (const m of v.elements.materials) note(m.source?.certificateType ?? null, v.code, v.item.name, 'material');
    }
    if (page.length < 200) break;
    after = page[page.length - 1].version.implementationId;
  }
  return [...out.values()].sort((a, b) => a.code.localeCompare(b.code));
}
