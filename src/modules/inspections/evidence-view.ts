/** How an evidence file is shown with its visit (evidence.ts stores them). */
import type { EvidenceTable } from './tables.ts';

export interface EvidenceFile {
  id: string;
  itemId: string;
  name: string;
  contentType: string;
  size: number;
  sha256: string;
  uploadedAt: string;
}

export const toEvidence = (r: EvidenceTable): EvidenceFile => ({
  id: r.id,
  itemId: r.item_id,
  name: r.name,
  contentType: r.content_type,
  size: Number(r.size),
  sha256: r.sha256,
  uploadedAt: r.uploaded_at,
});
