/** What the hotline module's services return, and its statuses. */
export const RECORD_STATUSES = ['open', 'closed'] as const;
export type RecordStatus = (typeof RECORD_STATUSES)[number];

export const STATUS_LABELS: Record<RecordStatus, { zh: string; en: string }> = {
  open: { zh: '办理中', en: 'Open' },
  closed: { zh: '已办结', en: 'Closed' },
};

export interface RecordHotline {
  id: string;
  title: string;
  region: string;
  status: RecordStatus;
  version: number;
  createdAt: string;
  closedAt: string | null;
}
