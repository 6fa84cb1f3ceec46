/** What the certificates module's services return, and a certificate's statuses. */
export const CERTIFICATE_STATUSES = ['issued', 'suspended', 'revoked', 'superseded', 'expired'] as const;
export type CertificateStatus = (typeof CERTIFICATE_STATUSES)[number];

export const STATUS_LABELS: Record<CertificateStatus, { zh: string; en: string }> = {
  issued: { zh: '有效', en: 'Issued' },
  suspended: { zh: '已暂停', en: 'Suspended' },
  revoked: { zh: '已注销', en: 'Revoked' },
  superseded: { zh: '已被替代', en: 'Superseded' },
  expired: { zh: '已过期', en: 'Expired' },
};

/** A certificate as staff and its holder see it: no credential, personal data masked. */
export interface Certificate {
  id: string;
  number: string;
  type: { code: string; name: string };
  department: { code: string; name: string };
  region: string;
  caseId: string | null;
  holder: { kind: string; name: string };
  face: Record<string, unknown>;
  validFrom: string;
  validUntil: string | null;
  supersedes: string | null;
  illustrative: boolean;
  status: CertificateStatus;
  version: number;
  createdAt: string;
}
