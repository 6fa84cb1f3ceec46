/** The guide (办事指南) as GET /api/v1/catalog/implementations/:id/guide returns it (src/modules/catalog/guide/schemas.ts). */
import { api } from '../../api.ts';

export interface Bilingual {
  zh: string;
  en: string;
}

export type GuideBlock =
  | { kind: 'fields'; key: string; fields: Array<{ key: string; label: Bilingual; value: string }> }
  | { kind: 'list'; key: string; label: Bilingual | null; items: string[] }
  | { kind: 'table'; key: string; label: Bilingual | null; columns: Array<{ key: string; label: Bilingual }>; rows: Array<Record<string, string>> };

export interface GuideSection {
  key: string;
  heading: Bilingual;
  blocks: GuideBlock[];
}

export interface Guide {
  implementationId: string;
  url: string;
  title: string;
  code: string;
  itemType: { code: number; name: string };
  region: { code: string; name: string };
  department: { name: string; uscc: string };
  version: number;
  status: 'published' | 'superseded' | 'retired' | 'draft' | 'in_review';
  preview: boolean;
  effectiveFrom: string;
  publishedAt: string | null;
  digest: string | null;
  illustrative: boolean;
  notice: Bilingual | null;
  statusNotice: Bilingual | null;
  sections: GuideSection[];
}

export interface GuideQuery {
  version?: number | null;
  preview?: boolean;
}

function query(q: GuideQuery): string {
  const p = new URLSearchParams();
  if (q.preview) p.set('preview', 'true');
  else if (q.version) p.set('version', String(q.version));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const guideUrl = (id: string, q: GuideQuery = {}) => `/api/v1/catalog/implementations/${encodeURIComponent(id)}/guide${query(q)}`;
export const guidePdfUrl = (id: string, q: GuideQuery = {}) => `/api/v1/catalog/implementations/${encodeURIComponent(id)}/guide.pdf${query(q)}`;

export const GuideApi = {
  guide: (id: string, q: GuideQuery, signal?: AbortSignal) => api<Guide>('GET', guideUrl(id, q), undefined, { signal }),
};

export const bi = (b: Bilingual, lang: string) => (lang === 'zh-CN' ? b.zh : b.en);
