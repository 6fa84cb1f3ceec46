/**
 * Row → record converters and the loader shared by the catalog's services, lifecycle, applicability check and search
 * indexer. Pure (apart from `load`, which only reads); it imports no service, so those can import it without cycles.
 */
import type { Executor } from '../../kernel/db/types.ts';
import type { Kernel } from '../../kernel/kernel.ts';
import { notFound } from '../../kernel/errors.ts';
import { findDivision, fullName } from '../../kernel/reference/divisions.ts';
import * as repo from './repository.ts';
import type { CatalogItemTable, ImplementationTable, ImplementationVersionTable } from './tables.ts';
import { impossibilities, type Elements } from './elements.ts';
import {
  ITEM_TYPES,
  type CatalogItem,
  type Implementation,
  type ImplementationSource,
  type ImplementationStatus,
  type ImplementationVersion,
  type ItemStatus,
  type ItemSummary,
  type ItemType,
  type LegalCitation,
  type Level,
  type LicensingListEntry,
  type ReformMode,
  type VersionRef,
  type VersionStatus,
} from './model.ts';

export const PROVINCE = '410000';

export function toItem(k: Kernel, r: CatalogItemTable): CatalogItem {
  const itemType = Number(r.item_type) as ItemType;
  return {
    id: r.id,
    basicCode: r.basic_code,
    businessItem: r.business_item,
    name: r.name,
    itemType,
    itemTypeName: ITEM_TYPES[itemType]?.zh ?? String(itemType),
    legalBasis: r.legal_basis as LegalCitation[],
    levels: r.levels as Level[],
    departmentKind: r.department_kind,
    parentId: r.parent_id,
    reformMode: r.reform_mode as ReformMode | null,
    licensingLists: r.licensing_lists as LicensingListEntry[],
    region: r.region,
    status: r.status as ItemStatus,
    illustrative: r.illustrative,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

export function summaryOf(i: CatalogItem): ItemSummary {
  return {
    id: i.id,
    basicCode: i.basicCode,
    businessItem: i.businessItem,
    name: i.name,
    itemType: i.itemType,
    itemTypeName: i.itemTypeName,
    legalBasis: i.legalBasis,
    reformMode: i.reformMode,
    illustrative: i.illustrative,
  };
}

/** An implementation row with its item, as loaded for a decision. */
export interface Loaded {
  row: ImplementationTable;
  item: ReturnType<typeof toItem>;
}

export function derivedOf(r: {
  derived_from_id: string | null;
  derived_from_version: number | null;
}): VersionRef | null {
  return r.derived_from_id ? { implementationId: r.derived_from_id, version: Number(r.derived_from_version) } : null;
}

export function toImplementation(k: Kernel, r: ImplementationTable, item: ItemSummary): Implementation {
  const elements = r.elements as Elements;
  return {
    id: r.id,
    code: r.code,
    item,
    region: r.region,
    regionName: fullName(r.region) ?? r.region,
    department: { code: r.department_code, name: r.department_name, uscc: r.department_uscc },
    status: r.status as ImplementationStatus,
    version: Number(r.version),
    publishedVersion: r.published_version === null ? null : Number(r.published_version),
    effectiveFrom: r.effective_from,
    derivedFrom: derivedOf(r),
    elements,
    submittedBy: r.submitted_by,
    submittedAt: r.submitted_at,
    retiredAt: r.retired_at,
    illustrative: r.illustrative || item.illustrative,
    sourceCode: r.source_code ?? null,
    source: r.source ? (r.source as ImplementationSource) : null,
    incomplete: impossibilities(elements).length > 0,
    createdBy: r.created_by,
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  };
}

/** A published version's derived status: the implementation's newest is published (or retired), older ones superseded. */
export function versionStatus(
  v: { version: number },
  head: { status: string; published_version: number | null },
): VersionStatus {
  if (Number(head.published_version) !== Number(v.version)) return 'superseded';
  return head.status === 'retired' ? 'retired' : 'published';
}

export function toVersion(
  k: Kernel,
  v: ImplementationVersionTable,
  head: Pick<ImplementationTable, 'status' | 'published_version'>,
): ImplementationVersion {
  return {
    implementationId: v.implementation_id,
    version: Number(v.version),
    status: versionStatus({ version: Number(v.version) }, head),
    code: v.code,
    item: v.item as ItemSummary,
    region: v.region,
    regionName: fullName(v.region) ?? v.region,
    department: { code: v.department_code, name: v.department_name, uscc: v.department_uscc },
    effectiveFrom: v.effective_from,
    derivedFrom: derivedOf(v),
    elements: v.elements as Elements,
    digest: v.digest,
    submittedBy: v.submitted_by,
    publishedBy: v.published_by,
    publishedAt: v.published_at,
    illustrative: v.illustrative,
  };
}

export async function load(k: Kernel, db: Executor, id: string, field: string | null = null): Promise<Loaded> {
  const row = await repo.findImplementation(db, id);
  if (!row) throw notFound('实施清单 implementation', id, field);
  const item = await repo.findItem(db, row.item_id);
  return { row, item: toItem(k, item!) };
}

export function levelOf(region: string): Level {
  const d = findDivision(region);
  return region.endsWith('0000') ? 'province' : (d?.level ?? 'county');
}
