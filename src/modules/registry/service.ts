/**
 * The registry's decisions: who may register or change an enterprise or person, what is valid, and what is recorded.
 * Each write checks permission and jurisdiction, validates, then writes the row, its audit action and its outbox
 * event in one transaction (the caller's, when given).
 */
import { updateVersioned } from '../../kernel/db/versioned.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { inTx, type Kernel } from '../../kernel/kernel.ts';
import {
  actingRole,
  inJurisdiction,
  requireJurisdiction,
  requirePermission,
  requireVisible,
  type Ctx,
} from '../../kernel/context.ts';
import { AppError, invalid, notFound, orThrow, staleVersion } from '../../kernel/errors.ts';
import { newId } from '../../kernel/ids.ts';
import { maskResidentId } from '../../kernel/validators/resident-id.ts';
import { residentIdInput, usccInput } from '../../kernel/validators/identifiers.ts';
import { checkMobile, maskMobile, normalizeMobile } from '../../kernel/validators/mobile.ts';
import { checkDivisionCode, fullName } from '../../kernel/reference/divisions.ts';
import { checkIndustryCode, findIndustry } from '../../kernel/reference/industries.ts';
import * as repo from './repository.ts';
import { isUniqueViolation } from '../../kernel/db/adapter.ts';
import { requiredText as text, checkDate } from '../../kernel/validators/fields.ts';
import type { DepartmentTable, EnterpriseTable, PersonTable } from './tables.ts';

export const ORG_TYPES = [
  'enterprise',
  'individual_business',
  'farmer_cooperative',
  'social_organization',
  'public_institution',
  'government',
  'other',
] as const;
export type OrgType = (typeof ORG_TYPES)[number];
/** 存续 active · 吊销 revoked · 注销 deregistered. */
export const ENTERPRISE_STATUSES = ['active', 'revoked', 'deregistered'] as const;
export type EnterpriseStatus = (typeof ENTERPRISE_STATUSES)[number];

export interface Enterprise {
  id: string;
  uscc: string;
  name: string;
  orgType: OrgType;
  entityType: string;
  region: string;
  regionName: string;
  address: string;
  industry: string;
  industryName: string;
  legalRepresentative: { name: string; residentIdMasked: string | null };
  status: EnterpriseStatus;
  establishedOn: string | null;
  licences: unknown[];
  synthetic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface EnterpriseInput {
  uscc: string;
  name: string;
  orgType: OrgType;
  entityType: string;
  region: string;
  address: string;
  industry: string;
  legalRepresentative: { name: string; residentId?: string | null };
  status?: EnterpriseStatus;
  establishedOn?: string | null;
  synthetic?: boolean;
}

export type EnterprisePatch = Partial<Omit<EnterpriseInput, 'uscc' | 'synthetic'>> & {
  version: number;
  reason?: string;
};

export interface Person {
  id: string;
  name: string;
  residentIdMasked: string;
  phoneMasked: string | null;
  region: string;
  regionName: string;
  synthetic: boolean;
  version: number;
  createdAt: string;
  updatedAt: string;
}

export interface PersonInput {
  residentId: string;
  name: string;
  phone?: string | null;
  region: string;
  synthetic?: boolean;
}

export type PersonPatch = { name?: string; phone?: string | null; region?: string; version: number; reason?: string };

function toEnterprise(k: Kernel, r: EnterpriseTable): Enterprise {
  return {
    id: r.id,
    uscc: r.uscc,
    name: r.name,
    orgType: r.org_type as OrgType,
    entityType: r.entity_type,
    region: r.region,
    regionName: fullName(r.region) ?? r.region,
    address: r.address,
    industry: r.industry,
    industryName: findIndustry(r.industry)?.zh ?? r.industry,
    legalRepresentative: { name: r.legal_rep_name, residentIdMasked: r.legal_rep_id_masked },
    status: r.status as EnterpriseStatus,
    establishedOn: r.established_on,
    licences: r.licences as unknown[],
    synthetic: r.synthetic,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

function toPerson(k: Kernel, r: PersonTable): Person {
  return {
    id: r.id,
    name: r.name,
    residentIdMasked: r.resident_id_masked,
    phoneMasked: r.phone_masked,
    region: r.region,
    regionName: fullName(r.region) ?? r.region,
    synthetic: r.synthetic,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** Encrypted, indexed and masked forms of a resident ID. */
function protectId(k: Kernel, id: string) {
  return { enc: k.cipher.encrypt(id), index: k.cipher.blindIndex('resident_id', id), masked: maskResidentId(id) };
}

function protectPhone(k: Kernel, phone: string) {
  return { enc: k.cipher.encrypt(phone), index: k.cipher.blindIndex('mobile', phone), masked: maskMobile(phone) };
}

function scopeOf(ctx: Ctx): repo.Scope {
  return { region: ctx.principal.kind === 'system' ? null : ctx.principal.region };
}

const usccTaken = (uscc: string) =>
  new AppError({
    code: 'USCC_ALREADY_REGISTERED',
    status: 409,
    field: 'uscc',
    zh: `统一社会信用代码 ${uscc} 已登记`,
    en: `USCC ${uscc} is already registered`,
  });

/** Registers an enterprise or other organization. */
export async function registerEnterprise(
  k: Kernel,
  ctx: Ctx,
  input: EnterpriseInput,
  tx?: Executor,
): Promise<Enterprise> {
  requirePermission(ctx, 'registry:write');
  const uscc = usccInput(input.uscc, 'uscc');
  orThrow(checkDivisionCode(input.region), 'region');
  orThrow(checkIndustryCode(input.industry), 'industry');
  requireJurisdiction(ctx, input.region);
  const repId = input.legalRepresentative.residentId?.trim()
    ? residentIdInput(input.legalRepresentative.residentId, 'legalRepresentative.residentId', ctx.now)
    : null;
  if (input.establishedOn) checkDate('establishedOn', input.establishedOn);
  const rep = repId ? protectId(k, repId) : null;
  const now = ctx.now.toISOString();
  const row: EnterpriseTable = {
    id: newId(ctx.now.getTime()),
    uscc,
    name: text('name', input.name, 200),
    org_type: input.orgType,
    entity_type: text('entityType', input.entityType, 60),
    region: input.region,
    address: text('address', input.address, 300),
    industry: input.industry,
    legal_rep_name: text('legalRepresentative.name', input.legalRepresentative.name, 60),
    legal_rep_id_enc: rep?.enc ?? null,
    legal_rep_id_index: rep?.index ?? null,
    legal_rep_id_masked: rep?.masked ?? null,
    status: input.status ?? 'active',
    established_on: input.establishedOn ?? null,
    licences: [],
    synthetic: input.synthetic ?? false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return inTx(k, tx, async (t) => {
    // The unique index is the check: no lookup before the insert. On PostgreSQL the failed insert aborts the
    // transaction, so a caller passing its own `tx` cannot catch the 409 and carry on in it.
    try {
      await repo.insertEnterprise(t, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw usccTaken(uscc);
      throw e;
    }
    const result = toEnterprise(k, row);
    await k.audit.record(t, ctx, {
      permission: 'registry:write',
      action: 'register',
      subjectType: 'registry.enterprise',
      subjectId: row.id,
      after: result,
      event: { type: 'registry.enterprise.registered', payload: { id: row.id, uscc, region: row.region } },
    });
    return result;
  });
}

/** Changes an enterprise's registered facts (name, address, status, legal representative …), guarded by its version. */
export async function updateEnterprise(
  k: Kernel,
  ctx: Ctx,
  id: string,
  patch: EnterprisePatch,
  tx?: Executor,
): Promise<Enterprise> {
  requirePermission(ctx, 'registry:write');
  return inTx(k, tx, async (t) => {
    const current = await repo.findEnterpriseById(t, id);
    const absent = () => notFound('企业 enterprise', id);
    if (!current) throw absent();
    requireVisible(ctx, current.region, absent);
    if (patch.region !== undefined) {
      orThrow(checkDivisionCode(patch.region), 'region');
      requireJurisdiction(ctx, patch.region);
    }
    if (patch.industry !== undefined) orThrow(checkIndustryCode(patch.industry), 'industry');
    if (patch.establishedOn) checkDate('establishedOn', patch.establishedOn);
    if (Number(current.version) !== patch.version) throw staleVersion(patch.version, Number(current.version));
    const changes: Partial<EnterpriseTable> = { updated_at: ctx.now.toISOString() };
    if (patch.name !== undefined) changes.name = text('name', patch.name, 200);
    if (patch.orgType !== undefined) changes.org_type = patch.orgType;
    if (patch.entityType !== undefined) changes.entity_type = text('entityType', patch.entityType, 60);
    if (patch.region !== undefined) changes.region = patch.region;
    if (patch.address !== undefined) changes.address = text('address', patch.address, 300);
    if (patch.industry !== undefined) changes.industry = patch.industry;
    if (patch.status !== undefined) changes.status = patch.status;
    if (patch.establishedOn !== undefined) changes.established_on = patch.establishedOn;
    if (patch.legalRepresentative) {
      changes.legal_rep_name = text('legalRepresentative.name', patch.legalRepresentative.name, 60);
      const repId = patch.legalRepresentative.residentId?.trim()
        ? residentIdInput(patch.legalRepresentative.residentId, 'legalRepresentative.residentId', ctx.now)
        : null;
      const rep = repId ? protectId(k, repId) : null;
      changes.legal_rep_id_enc = rep?.enc ?? null;
      changes.legal_rep_id_index = rep?.index ?? null;
      changes.legal_rep_id_masked = rep?.masked ?? null;
    }
    if (patch.status && patch.status !== current.status && !patch.reason?.trim()) {
      throw invalid('reason', 'REASON_REQUIRED', '变更登记状态须说明理由', 'A status change needs a reason');
    }
    await updateVersioned(t, 'registry_enterprises', id, patch.version, changes);
    const after = toEnterprise(k, { ...current, ...changes, version: patch.version + 1 });
    await k.audit.record(t, ctx, {
      permission: 'registry:write',
      action: patch.status && patch.status !== current.status ? `set_status:${patch.status}` : 'update',
      subjectType: 'registry.enterprise',
      subjectId: id,
      reason: patch.reason ?? null,
      before: toEnterprise(k, current),
      after,
      event: { type: 'registry.enterprise.updated', payload: { id, version: after.version, status: after.status } },
    });
    return after;
  });
}

export async function getEnterprise(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<Enterprise> {
  requirePermission(ctx, 'registry:read');
  const r = await repo.findEnterpriseById(tx ?? k.db, id);
  const absent = () => notFound('企业 enterprise', id);
  if (!r) throw absent();
  requireVisible(ctx, r.region, absent);
  return toEnterprise(k, r);
}

/**
 * An enterprise's public registration facts (id, USCC, name, region: what the national enterprise credit publicity
 * system shows anyone), for other modules; no caller context, since these are public. Null when there is none.
 */
export async function enterpriseFacts(
  k: Kernel,
  id: string,
  tx?: Executor,
): Promise<{ id: string; uscc: string; name: string; region: string } | null> {
  const r = await repo.findEnterpriseById(tx ?? k.db, id);
  return r ? { id: r.id, uscc: r.uscc, name: r.name, region: r.region } : null;
}

/**
 * For other modules' shared-data reads (共享数据): an enterprise's registration record as the enterprise itself may see
 * it (name, USCC, type, status, legal representative's name, establishment, address); no personal data beyond the
 * representative's name. Null when there is none. The caller logs the read for the enterprise.
 */
export async function enterpriseRegistration(
  k: Kernel,
  id: string,
  tx?: Executor,
): Promise<{
  uscc: string;
  name: string;
  entityType: string;
  status: EnterpriseStatus;
  legalRepresentative: string;
  establishedOn: string | null;
  address: string;
  regionName: string;
} | null> {
  const r = await repo.findEnterpriseById(tx ?? k.db, id);
  if (!r) return null;
  return {
    uscc: r.uscc,
    name: r.name,
    entityType: r.entity_type,
    status: r.status as EnterpriseStatus,
    legalRepresentative: r.legal_rep_name,
    establishedOn: r.established_on,
    address: r.address,
    regionName: fullName(r.region) ?? r.region,
  };
}

/**
 * For other modules' shared-data reads (人口基础信息库): the person an applicant account is linked to, masked (name,
 * masked resident ID, region). Null when the account is linked to no person. The caller logs the read for them.
 */
export async function linkedPersonFacts(
  k: Kernel,
  accountId: string,
  tx?: Executor,
): Promise<{ name: string; residentIdMasked: string; regionName: string } | null> {
  const id = await linkedPersonOf(k, accountId, tx);
  const r = id ? await repo.findPersonById(tx ?? k.db, id) : undefined;
  if (!r) return null;
  return { name: r.name, residentIdMasked: r.resident_id_masked, regionName: fullName(r.region) ?? r.region };
}

/** Lookup by USCC; null when not registered. */
export async function findEnterpriseByUscc(
  k: Kernel,
  ctx: Ctx,
  uscc: string,
  tx?: Executor,
): Promise<Enterprise | null> {
  requirePermission(ctx, 'registry:read');
  uscc = usccInput(uscc, 'uscc');
  const r = await repo.findEnterpriseByUscc(tx ?? k.db, uscc);
  // Outside the caller's jurisdiction reads as not registered (docs/security.md).
  if (!r || !inJurisdiction(ctx, r.region)) return null;
  return toEnterprise(k, r);
}

export async function listEnterprises(
  k: Kernel,
  ctx: Ctx,
  filter: { q?: string; region?: string; status?: string; after?: string | null; limit: number },
): Promise<Enterprise[]> {
  requirePermission(ctx, 'registry:read');
  if (filter.region) orThrow(checkDivisionCode(filter.region), 'query.region');
  const rows = await repo.listEnterprises(k.db, k.adapter, scopeOf(ctx), filter);
  return rows.map((r) => toEnterprise(k, r));
}

const idTaken = () =>
  new AppError({
    code: 'PERSON_ALREADY_REGISTERED',
    status: 409,
    field: 'residentId',
    zh: '该身份证号码已登记',
    en: 'This resident ID is already registered',
  });

/** Registers a natural person; the ID number and phone are stored only encrypted. */
export async function registerPerson(k: Kernel, ctx: Ctx, input: PersonInput, tx?: Executor): Promise<Person> {
  requirePermission(ctx, 'registry:write');
  const residentId = residentIdInput(input.residentId, 'residentId', ctx.now);
  orThrow(checkDivisionCode(input.region), 'region');
  requireJurisdiction(ctx, input.region);
  let phone: string | null = null;
  if (input.phone) {
    orThrow(checkMobile(input.phone), 'phone');
    phone = normalizeMobile(input.phone);
  }
  const idp = protectId(k, residentId);
  const ph = phone ? protectPhone(k, phone) : null;
  const now = ctx.now.toISOString();
  const row: PersonTable = {
    id: newId(ctx.now.getTime()),
    resident_id_enc: idp.enc,
    resident_id_index: idp.index,
    resident_id_masked: idp.masked,
    name: text('name', input.name, 60),
    phone_enc: ph?.enc ?? null,
    phone_index: ph?.index ?? null,
    phone_masked: ph?.masked ?? null,
    region: input.region,
    synthetic: input.synthetic ?? false,
    version: 1,
    created_at: now,
    updated_at: now,
  };
  return inTx(k, tx, async (t) => {
    if (await repo.findPersonByIdIndex(t, idp.index)) throw idTaken();
    try {
      await repo.insertPerson(t, row);
    } catch (e) {
      if (isUniqueViolation(e)) throw idTaken();
      throw e;
    }
    const result = toPerson(k, row);
    await k.audit.record(t, ctx, {
      permission: 'registry:write',
      action: 'register',
      subjectType: 'registry.person',
      subjectId: row.id,
      after: result,
      event: { type: 'registry.person.registered', payload: { id: row.id, region: row.region } },
    });
    return result;
  });
}

export async function updatePerson(
  k: Kernel,
  ctx: Ctx,
  id: string,
  patch: PersonPatch,
  tx?: Executor,
): Promise<Person> {
  requirePermission(ctx, 'registry:write');
  return inTx(k, tx, async (t) => {
    const current = await repo.findPersonById(t, id);
    const absent = () => notFound('自然人 person', id);
    if (!current) throw absent();
    requireVisible(ctx, current.region, absent);
    if (patch.region !== undefined) {
      orThrow(checkDivisionCode(patch.region), 'region');
      requireJurisdiction(ctx, patch.region);
    }
    if (Number(current.version) !== patch.version) throw staleVersion(patch.version, Number(current.version));
    const changes: Partial<PersonTable> = { updated_at: ctx.now.toISOString() };
    if (patch.name !== undefined) changes.name = text('name', patch.name, 60);
    if (patch.region !== undefined) changes.region = patch.region;
    if (patch.phone !== undefined) {
      if (patch.phone) orThrow(checkMobile(patch.phone), 'phone');
      const ph = patch.phone ? protectPhone(k, normalizeMobile(patch.phone)!) : null;
      changes.phone_enc = ph?.enc ?? null;
      changes.phone_index = ph?.index ?? null;
      changes.phone_masked = ph?.masked ?? null;
    }
    await updateVersioned(t, 'registry_persons', id, patch.version, changes);
    const after = toPerson(k, { ...current, ...changes, version: patch.version + 1 });
    await k.audit.record(t, ctx, {
      permission: 'registry:write',
      action: 'update',
      subjectType: 'registry.person',
      subjectId: id,
      reason: patch.reason ?? null,
      before: toPerson(k, current),
      after,
      event: { type: 'registry.person.updated', payload: { id, version: after.version } },
    });
    return after;
  });
}

export async function getPerson(k: Kernel, ctx: Ctx, id: string, tx?: Executor): Promise<Person> {
  requirePermission(ctx, 'registry:read');
  const r = await repo.findPersonById(tx ?? k.db, id);
  const absent = () => notFound('自然人 person', id);
  if (!r) throw absent();
  requireVisible(ctx, r.region, absent);
  return toPerson(k, r);
}

/** Lookup by resident ID through the blind index; null when not registered. */
export async function findPersonByResidentId(
  k: Kernel,
  ctx: Ctx,
  residentId: string,
  tx?: Executor,
): Promise<Person | null> {
  requirePermission(ctx, 'registry:read');
  const id = residentIdInput(residentId, 'residentId', ctx.now);
  const r = await repo.findPersonByIdIndex(tx ?? k.db, k.cipher.blindIndex('resident_id', id));
  // Outside the caller's jurisdiction reads as not registered (docs/security.md).
  if (!r || !inJurisdiction(ctx, r.region)) return null;
  return toPerson(k, r);
}

export async function listPersons(
  k: Kernel,
  ctx: Ctx,
  filter: { name?: string; phone?: string; after?: string | null; limit: number },
): Promise<Person[]> {
  requirePermission(ctx, 'registry:read');
  let phoneIndex: string | undefined;
  if (filter.phone) {
    orThrow(checkMobile(filter.phone), 'phone');
    phoneIndex = k.cipher.blindIndex('mobile', normalizeMobile(filter.phone)!);
  }
  const rows = await repo.listPersons(k.db, k.adapter, scopeOf(ctx), {
    name: filter.name,
    phoneIndex,
    after: filter.after,
    limit: filter.limit,
  });
  return rows.map((r) => toPerson(k, r));
}

/**
 * Reveals a person's full ID number and phone to a role that needs them, and logs the read (who, whose, why) where
 * the data subject can see it.
 */
export async function revealPersonalData(
  k: Kernel,
  ctx: Ctx,
  id: string,
  reason: string,
): Promise<{ residentId: string; phone: string | null }> {
  requirePermission(ctx, 'registry:read_personal');
  const why = text('reason', reason, 200);
  return inTx(k, undefined, async (t) => {
    const r = await repo.findPersonById(t, id);
    const absent = () => notFound('自然人 person', id);
    if (!r) throw absent();
    requireVisible(ctx, r.region, absent);
    await t
      .insertInto('registry_personal_data_reads')
      .values({
        id: newId(ctx.now.getTime()),
        at: ctx.now.toISOString(),
        reader_id: ctx.principal.id,
        reader_role: actingRole(ctx, 'registry:read_personal'),
        person_id: id,
        fields: r.phone_enc ? 'residentId,phone' : 'residentId',
        reason: why,
        request_id: ctx.requestId,
      })
      .execute();
    return {
      residentId: k.cipher.decrypt(r.resident_id_enc),
      phone: r.phone_enc ? k.cipher.decrypt(r.phone_enc) : null,
    };
  });
}

export interface PersonalDataRead {
  at: string;
  readerId: string;
  readerRole: string;
  fields: string[];
  reason: string;
}

/** The log of full reads of one person's data, newest first. */
export async function personalDataReads(k: Kernel, ctx: Ctx, id: string): Promise<PersonalDataRead[]> {
  requirePermission(ctx, 'registry:personal_reads');
  const p = await repo.findPersonById(k.db, id);
  const absent = () => notFound('自然人 person', id);
  if (!p) throw absent();
  requireVisible(ctx, p.region, absent);
  return readsOf(k, id);
}

/** The person an applicant account is linked to, or null. */
async function ownPersonId(k: Kernel, ctx: Ctx): Promise<string | null> {
  return linkedPersonOf(k, ctx.principal.id);
}

/** For other modules: the registered person an applicant account is linked to, or null. */
export async function linkedPersonOf(k: Kernel, accountId: string, tx?: Executor): Promise<string | null> {
  const link = await (tx ?? k.db)
    .selectFrom('registry_person_accounts')
    .select('person_id')
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return link?.person_id ?? null;
}

/** For other modules: the applicant account linked to a registered person, or null. */
export async function linkedAccountOf(k: Kernel, personId: string, tx?: Executor): Promise<string | null> {
  const link = await (tx ?? k.db)
    .selectFrom('registry_person_accounts')
    .select('account_id')
    .where('person_id', '=', personId)
    .orderBy('linked_at')
    .executeTakeFirst();
  return link?.account_id ?? null;
}

const noLinkedPerson = () =>
  new AppError({
    code: 'NO_LINKED_PERSON',
    status: 404,
    zh: '您的账号尚未关联自然人身份',
    en: 'Your account is not linked to a natural person',
  });

/** The data subject's own view: their record (masked) and every full read of their data. */
export async function myPersonalData(k: Kernel, ctx: Ctx): Promise<{ person: Person; reads: PersonalDataRead[] }> {
  requirePermission(ctx, 'registry:self');
  const id = await ownPersonId(k, ctx);
  const p = id ? await repo.findPersonById(k.db, id) : undefined;
  if (!p) throw noLinkedPerson();
  return { person: toPerson(k, p), reads: await readsOf(k, p.id) };
}

/** Links an applicant account to a registered person (by resident ID, through the blind index). */
export async function linkPersonAccount(
  k: Kernel,
  tx: Executor,
  accountId: string,
  residentId: string,
  now: Date,
): Promise<void> {
  const p = await repo.findPersonByIdIndex(tx, k.cipher.blindIndex('resident_id', residentId));
  if (!p) throw notFound('自然人 person', 'residentId', 'residentId');
  await tx
    .insertInto('registry_person_accounts')
    .values({ account_id: accountId, person_id: p.id, linked_at: now.toISOString() })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
}

async function readsOf(k: Kernel, id: string): Promise<PersonalDataRead[]> {
  const rows = await k.db
    .selectFrom('registry_personal_data_reads')
    .selectAll()
    .where('person_id', '=', id)
    .orderBy('at', 'desc')
    .limit(200)
    .execute();
  return rows.map((r) => ({
    at: r.at,
    readerId: r.reader_id,
    readerRole: r.reader_role,
    fields: r.fields.split(','),
    reason: r.reason,
  }));
}

/** A government department (部门): organization facts other modules read, never personal data. */
export interface Department {
  code: string;
  name: string;
  kind: string;
  region: string;
  uscc: string;
  parentCode: string | null;
  synthetic: boolean;
}

function toDepartment(k: Kernel, r: DepartmentTable): Department {
  return {
    code: r.code,
    name: r.name,
    kind: r.kind,
    region: r.region,
    uscc: r.uscc,
    parentCode: r.parent_code,
    synthetic: r.synthetic,
  };
}

/** One department by code, or null. Departments are public organization data: no jurisdiction check. */
export async function findDepartment(k: Kernel, code: string, tx?: Executor): Promise<Department | null> {
  const r = await repo.findDepartmentByCode(tx ?? k.db, code);
  return r ? toDepartment(k, r) : null;
}

/** One department by code; 404 when there is none. */
export async function getDepartment(
  k: Kernel,
  code: string,
  tx?: Executor,
  field: string | null = null,
): Promise<Department> {
  const d = await findDepartment(k, code, tx);
  if (!d) throw notFound('部门 department', code, field);
  return d;
}

/** Departments of one region (or its whole subtree), optionally of one kind, in code order. */
export async function listDepartments(
  k: Kernel,
  filter: { region?: string; subtree?: boolean; kind?: string; after?: string | null; limit: number },
  tx?: Executor,
): Promise<Department[]> {
  if (filter.region) orThrow(checkDivisionCode(filter.region), 'query.region');
  return (await repo.listDepartments(tx ?? k.db, filter)).map((r) => toDepartment(k, r));
}

/** A licence (电子证照) an enterprise holds, as the certificates module reports it: no personal data. */
export interface EnterpriseLicence {
  certificateId: string;
  number: string;
  typeCode: string;
  typeName: string;
  issuer: string;
  status: string;
  validFrom: string;
  validUntil: string | null;
}

/**
 * Keeps an enterprise's `licences` current when a certificate is issued, changes status or expires (called by the
 * certificates module inside its own transaction): the entry with the same certificate id is replaced.
 */
export async function recordEnterpriseLicence(
  k: Kernel,
  ctx: Ctx,
  enterpriseId: string,
  licence: EnterpriseLicence,
  tx: Executor,
): Promise<void> {
  const current = await repo.findEnterpriseById(tx, enterpriseId);
  if (!current) throw notFound('企业 enterprise', enterpriseId);
  const list = ((current.licences as EnterpriseLicence[] | null) ?? []).filter(
    (l) => l.certificateId !== licence.certificateId,
  );
  const version = Number(current.version);
  await updateVersioned(tx, 'registry_enterprises', enterpriseId, version, {
    licences: [...list, licence],
    updated_at: ctx.now.toISOString(),
  });
  await k.audit.record(tx, ctx, {
    permission: 'registry:write',
    action: 'record_licence',
    subjectType: 'registry.enterprise',
    subjectId: enterpriseId,
    after: licence,
    event: {
      type: 'registry.enterprise.updated',
      payload: { id: enterpriseId, version: version + 1, status: current.status },
    },
  });
}
