import { catalogPermissions } from '../permissions.ts';

/** The vocabulary of service centers: window types, statuses, the permission, and the shapes services return. */

/** Managing centers (halls, windows, negative list). Reads are catalog:read, or public for the centers themselves. */
export const CENTERS = catalogPermissions.centers;

/** Centers are run by the region's 政务服务 department: a non-admin manager must belong to one of this kind. */
export const CENTER_DEPARTMENT_KIND = 'ZWFW';

/** 综合窗口 · 一件事窗口 · 办不成事窗口 · 专业窗口. */
export const WINDOW_TYPES = ['comprehensive', 'bundle', 'could_not_get_done', 'specialized'] as const;
export type WindowType = (typeof WINDOW_TYPES)[number];
export const WINDOW_TYPE_NAMES: Record<WindowType, { zh: string; en: string }> = {
  comprehensive: { zh: '综合窗口', en: 'Comprehensive window' },
  bundle: { zh: '一件事窗口', en: 'One-thing (bundle) window' },
  could_not_get_done: { zh: '办不成事窗口', en: 'Could-not-get-done window' },
  specialized: { zh: '专业窗口', en: 'Specialized window' },
};

export const CENTER_STATUSES = ['open', 'closed'] as const;
export type CenterStatus = (typeof CENTER_STATUSES)[number];
export const WINDOW_STATUSES = ['open', 'closed'] as const;
export type WindowStatus = (typeof WINDOW_STATUSES)[number];
export const ENTRY_STATUSES = ['active', 'removed'] as const;
export type EntryStatus = (typeof ENTRY_STATUSES)[number];

export interface WindowDepartment {
  code: string;
  name: string;
}

export interface CenterWindow {
  id: string;
  hallId: string;
  number: string;
  name: string;
  type: WindowType;
  typeName: string;
  departments: WindowDepartment[];
  status: WindowStatus;
}

export interface CenterHall {
  id: string;
  name: string;
  floor: string | null;
  windows: CenterWindow[];
}

export interface Center {
  id: string;
  region: string;
  regionName: string;
  name: string;
  address: string;
  hours: string;
  phone: string | null;
  status: CenterStatus;
  version: number;
  halls: CenterHall[];
  createdAt: string;
  updatedAt: string;
}

export interface NegativeListEntry {
  id: string;
  centerId: string;
  /** `implementation`: one implementation; `item`: every implementation of the item. */
  target: 'implementation' | 'item';
  implementationId: string | null;
  implementationCode: string | null;
  itemId: string;
  itemName: string;
  reason: string;
  approvedBy: string;
  approvedOn: string;
  status: EntryStatus;
  removalReason: string | null;
  createdAt: string;
  removedAt: string | null;
}
