/** Public search and browse (src/modules/catalog/search/routes.ts, schemas.ts). */
import { api, type Page } from '../../api.ts';

export interface SearchHit {
  implementationId: string;
  version: number;
  code: string;
  name: string;
  itemType: number;
  itemTypeName: string;
  departmentCode: string;
  departmentName: string;
  region: string;
  regionName: string;
  handlingKind: string;
  promisedDays: number | null;
  illustrative: boolean;
  lifeEvents: string[];
  matchedIn: 'title' | 'text' | null;
}

export interface SearchParams {
  q?: string | null;
  region?: string | null;
  department?: string | null;
  lifeEvent?: string | null;
  itemType?: number | null;
  cursor?: string | null;
  limit?: number;
}

export interface DepartmentCount {
  departmentCode: string;
  departmentName: string;
  region: string;
  regionName: string;
  count: number;
}
export interface ItemTypeCount {
  itemType: number;
  itemTypeName: string;
  count: number;
}
export interface LifeEventCount {
  lifeEvent: string;
  zh: string;
  en: string;
  count: number;
}

function qs(p: Record<string, string | number | null | undefined>): string {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(p)) if (v !== null && v !== undefined && v !== '') u.set(k, String(v));
  const s = u.toString();
  return s ? `?${s}` : '';
}

export const SearchApi = {
  search: (p: SearchParams, signal?: AbortSignal) =>
    api<Page<SearchHit>>(
      'GET',
      `/api/v1/catalog/search${qs({ q: p.q?.trim(), region: p.region, department: p.department, lifeEvent: p.lifeEvent, itemType: p.itemType, cursor: p.cursor, limit: p.limit ?? 20 })}`,
      undefined,
      { signal },
    ),
  departments: (region: string | null, signal?: AbortSignal) => api<{ items: DepartmentCount[] }>('GET', `/api/v1/catalog/browse/departments${qs({ region })}`, undefined, { signal }),
  lifeEvents: (region: string | null, signal?: AbortSignal) => api<{ items: LifeEventCount[] }>('GET', `/api/v1/catalog/browse/life-events${qs({ region })}`, undefined, { signal }),
  itemTypes: (region: string | null, signal?: AbortSignal) => api<{ items: ItemTypeCount[] }>('GET', `/api/v1/catalog/browse/item-types${qs({ region })}`, undefined, { signal }),
};
