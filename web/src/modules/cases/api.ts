/** The cases module's calls as its pages use them (src/modules/cases/routes.ts is the contract). */
import {
  ApiError,
  authHeaders,
  call,
  client,
  downloadFile,
  uploadFile,
  errorOf,
  idempotencyKey,
  type BodyOf,
  type ResponseOf,
} from '../../api/client.ts';

export type CaseView = ResponseOf<'/api/v1/cases/{id}', 'get'>;
export type FileBody = BodyOf<'/api/v1/cases', 'post'>;
/** A published implementation version: what an application is filed against (its form schema, item and region). */
export type PublishedVersion = ResponseOf<'/api/v1/catalog/implementations/{id}/versions/{version}', 'get'>;
export type PersonHit = ResponseOf<'/api/v1/registry/persons', 'get'>['items'][number];
export type Material = ResponseOf<'/api/v1/cases/{id}/materials', 'get'>['items'][number];
/** A material a certificate may give (免提交), with the applicant's certificates of its type. */
export type CertificateOption = ResponseOf<'/api/v1/cases/{id}/materials/certificate-options', 'get'>['items'][number];
/** A material shared data may give (共享数据免提交), and the connected source answering its data-source name. */
export type SharedDataOption = ResponseOf<'/api/v1/cases/{id}/materials/shared-data-options', 'get'>['items'][number];
/** A file the applicant uploaded for an earlier case of their own, offered for reuse. */
export type EarlierUpload = ResponseOf<'/api/v1/cases/{id}/materials/earlier-uploads', 'get'>['items'][number];
/** Before filing: materials the applicant could give without an upload. */
export type MaterialOptions = ResponseOf<'/api/v1/cases/material-options', 'get'>;
/** One shared-data read about the data subject. */
export type DataRead = ResponseOf<'/api/v1/cases/data-reads/mine', 'get'>['items'][number];
export type PaperlessView = ResponseOf<'/api/v1/cases/supervision/paperless', 'get'>;
export type TimelineEntry = ResponseOf<'/api/v1/cases/{id}/timeline', 'get'>['items'][number];
export type CaseDocument = ResponseOf<'/api/v1/cases/{id}/documents', 'get'>['items'][number];
export type Verification = ResponseOf<'/api/v1/cases/documents/{id}/verification', 'get'>;
export type Publication = ResponseOf<'/api/v1/cases/publicity', 'get'>['items'][number];
export type PendingPublication = ResponseOf<'/api/v1/cases/publicity/pending', 'get'>['items'][number];
export type Notification = ResponseOf<'/api/v1/cases/notifications', 'get'>['items'][number];
export type SupervisionView = ResponseOf<'/api/v1/cases/supervision/stats', 'get'>;
export type SupervisionStats = SupervisionView['totals'];
export type FlaggedCase = ResponseOf<'/api/v1/cases/supervision/flagged', 'get'>['items'][number];
export type CaseFlag = ResponseOf<'/api/v1/cases/{id}/flags', 'get'>['items'][number];
/** The e-supervision filter: filing dates (inclusive), a region within one's jurisdiction, a department code. */
export interface SupervisionFilter {
  from?: string;
  to?: string;
  region?: string;
  department?: string;
}
export type CaseStepsView = ResponseOf<'/api/v1/cases/{id}/steps', 'get'>;
export type ReviewStepView = CaseStepsView['items'][number];
export type QueueEntry = ResponseOf<'/api/v1/cases/review-queue', 'get'>['items'][number];
export type CaseAction =
  | 'accept'
  | 'refuse'
  | 'request_supplement'
  | 'request_further_supplement'
  | 'resubmit'
  | 'start_review'
  | 'grant'
  | 'deny'
  | 'conclude'
  | 'withdraw'
  | 'verify_commitment'
  | 'find_false_commitment'
  | 'handle_immediately'
  | 'start_special_procedure'
  | 'end_special_procedure'
  | 'forward';
/** 特别程序 kinds (src/modules/cases/model.ts SPECIAL_PROCEDURE_KINDS). */
export const SPECIAL_PROCEDURE_KINDS = [
  'hearing',
  'expert_review',
  'inspection',
  'supplement',
  'public_notice',
] as const;
export type SpecialProcedureKind = (typeof SPECIAL_PROCEDURE_KINDS)[number];

/** What a move sends besides the version. */
export interface MoveInput {
  reason?: string;
  legalBasis?: string;
  items?: Array<{ ref: string | null; description: string }>;
  /** start_special_procedure: which procedure, and the longest it may pause the case (working days). */
  kind?: SpecialProcedureKind;
  maxDays?: number;
}

export const CasesApi = {
  list: (signal?: AbortSignal) => call(client.GET('/api/v1/cases', { params: { query: { limit: 50 } }, signal })),
  /** Files an application (one Idempotency-Key per attempt, so a double click files once). */
  file: (body: FileBody, key = idempotencyKey()) => call(client.POST('/api/v1/cases', { body, headers: key })),
  /** The version an application for `implementationId` is made against: its latest published one. */
  publishedVersion: async (implementationId: string, signal?: AbortSignal): Promise<PublishedVersion> => {
    const impl = await call(
      client.GET('/api/v1/catalog/implementations/{id}', { params: { path: { id: implementationId } }, signal }),
    );
    const version = impl.status === 'published' && !impl.publishedVersion ? impl.version : impl.publishedVersion;
    if (!version)
      throw new ApiError({
        status: 409,
        code: 'ITEM_NOT_PUBLISHED',
        message: {
          zh: '该事项尚未发布，暂不能申请',
          en: 'This service is not published yet; it cannot be applied for',
        },
      });
    return call(
      client.GET('/api/v1/catalog/implementations/{id}/versions/{version}', {
        params: { path: { id: implementationId, version } },
        signal,
      }),
    );
  },
  /** The version a case is pinned to (its listed materials). */
  pinnedVersion: (implementationId: string, version: number, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/catalog/implementations/{id}/versions/{version}', {
        params: { path: { id: implementationId, version } },
        signal,
      }),
    ),
  /** Registered persons by name, within the clerk's jurisdiction (for filing at a window). */
  persons: (name: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/registry/persons', { params: { query: { name, limit: 20 } }, signal })),
  materials: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/materials', { params: { path: { id } }, signal })),
  certificateOptions: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/materials/certificate-options', { params: { path: { id } }, signal })),
  /** Gives a material by one of the applicant's own certificates (verified by the server) instead of an upload. */
  fromCertificate: (id: string, materialKey: string, certificateId: string, key = idempotencyKey()) =>
    call(
      client.POST('/api/v1/cases/{id}/materials/from-certificate', {
        params: { path: { id } },
        body: { materialKey, certificateId },
        headers: key,
      }),
    ),
  sharedDataOptions: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/materials/shared-data-options', { params: { path: { id } }, signal })),
  /** Fills a material from its shared-data source, with the applicant's consent given on the page. */
  fromSharedData: (id: string, materialKey: string, key = idempotencyKey()) =>
    call(
      client.POST('/api/v1/cases/{id}/materials/from-shared-data', {
        params: { path: { id } },
        body: { materialKey, consent: true },
        headers: key,
      }),
    ),
  earlierUploads: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/materials/earlier-uploads', { params: { path: { id } }, signal })),
  /** Attaches an earlier upload of the applicant's (same file), with their consent given on the page. */
  reuse: (id: string, materialId: string, materialKey: string | null, key = idempotencyKey()) =>
    call(
      client.POST('/api/v1/cases/{id}/materials/reuse', {
        params: { path: { id } },
        body: { materialId, materialKey, consent: true },
        headers: key,
      }),
    ),
  materialOptions: (itemId: string, region: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/material-options', { params: { query: { itemId, region } }, signal })),
  dataReads: (signal?: AbortSignal) => call(client.GET('/api/v1/cases/data-reads/mine', { signal })),
  /** Uploads one file (the server sniffs its type). */
  upload: (id: string, file: File) =>
    uploadFile<Material>(
      `/api/v1/cases/${encodeURIComponent(id)}/materials?name=${encodeURIComponent(file.name)}`,
      file,
    ),
  /** A material's bytes. */
  download: (id: string, m: Material) =>
    downloadFile(`/api/v1/cases/${encodeURIComponent(id)}/materials/${encodeURIComponent(m.id)}`),
  get: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}', { params: { path: { id } }, signal })),
  timeline: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/timeline', { params: { path: { id } }, signal })),
  move: (id: string, action: CaseAction, version: number, input: MoveInput) =>
    call(
      // One path per action on the server; the body's shape is checked there (MOVE_BODIES).
      client.POST(`/api/v1/cases/{id}/${action}` as '/api/v1/cases/{id}/refuse', {
        params: { path: { id } },
        body: { version, ...input } as never,
      }),
    ),
  paperless: (query: SupervisionFilter, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/supervision/paperless', { params: { query }, signal })),
  supervision: (query: SupervisionFilter, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/supervision/stats', { params: { query }, signal })),
  flagged: (query: SupervisionFilter, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/supervision/flagged', { params: { query }, signal })),
  flags: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/flags', { params: { path: { id } }, signal })),
  steps: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/steps', { params: { path: { id } }, signal })),
  reviewQueue: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/review-queue', { params: { query: { limit: 100 } }, signal })),
  claimStep: (id: string, s: ReviewStepView) =>
    call(
      client.POST('/api/v1/cases/{id}/steps/{stepId}/claim', {
        params: { path: { id, stepId: s.id } },
        body: { version: s.version },
      }),
    ),
  assignStep: (id: string, s: ReviewStepView, assignee: string) =>
    call(
      client.POST('/api/v1/cases/{id}/steps/{stepId}/assign', {
        params: { path: { id, stepId: s.id } },
        body: { version: s.version, assignee },
      }),
    ),
  candidates: (id: string, s: ReviewStepView, signal?: AbortSignal) =>
    call(
      client.GET('/api/v1/cases/{id}/steps/{stepId}/candidates', {
        params: { path: { id, stepId: s.id } },
        signal,
      }),
    ),
  completeStep: (id: string, s: ReviewStepView, opinion: 'agree' | 'disagree', comment: string) =>
    call(
      client.POST('/api/v1/cases/{id}/steps/{stepId}/complete', {
        params: { path: { id, stepId: s.id } },
        body: { version: s.version, opinion, comment },
      }),
    ),
};

/** Decision documents, their public verification, 双公示 and the inbox (src/modules/cases/routes-documents.ts). */
export const NoticesApi = {
  documents: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/documents', { params: { path: { id } }, signal })),
  /** A document's PDF (the download needs the bearer token, so it is fetched, then saved). */
  downloadDocument: async (caseId: string, d: CaseDocument): Promise<Blob> => {
    const res = await fetch(`/api/v1/cases/${encodeURIComponent(caseId)}/documents/${encodeURIComponent(d.id)}`, {
      headers: { ...authHeaders(), accept: 'application/pdf' },
    });
    if (!res.ok) throw errorOf(res, await res.json().catch(() => null), true);
    return res.blob();
  },
  verification: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/documents/{id}/verification', { params: { path: { id } }, signal })),
  /** Checks a PDF's bytes against document `id` (public). */
  verifyFile: async (id: string, file: File): Promise<Verification> => {
    const res = await fetch(`/api/v1/cases/documents/verify?id=${encodeURIComponent(id)}`, {
      method: 'POST',
      headers: { 'content-type': 'application/pdf' },
      body: file,
    }).catch(() => {
      throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw errorOf(res, body, true);
    return body as Verification;
  },
  publicity: (q: { region?: string; department?: string; cursor?: string }, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/publicity', { params: { query: { ...q, limit: 20 } }, signal })),
  /** Staff: records in their jurisdiction not yet published, flagged when overdue. */
  pendingPublications: (signal?: AbortSignal) => call(client.GET('/api/v1/cases/publicity/pending', { signal })),
  inbox: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/notifications', { params: { query: { limit: 50 } }, signal })),
  markRead: (id: string) => call(client.POST('/api/v1/cases/notifications/{id}/read', { params: { path: { id } } })),
  markAllRead: () => call(client.POST('/api/v1/cases/notifications/read-all', {})),
};

export type BundleOffer = ResponseOf<'/api/v1/cases/bundle-offers', 'get'>['items'][number];
export type BundleApplicationView = ResponseOf<'/api/v1/cases/bundle-applications/{id}', 'get'>;
export type BundleApplyBody = BodyOf<'/api/v1/cases/bundle-applications', 'post'>;
/** A published bundle version: its one form (the merged JSON Schema) and one material list. */
export type BundleVersionView = ResponseOf<'/api/v1/catalog/bundles/{id}/versions/{version}', 'get'>;
export type AnywhereView = ResponseOf<'/api/v1/cases/{id}/anywhere', 'get'>;
export type AnywhereBody = BodyOf<'/api/v1/cases/anywhere', 'post'>;
export type ServiceHit = ResponseOf<'/api/v1/catalog/search', 'get'>['items'][number];

/** Bundles (一件事一次办) and handle-anywhere (通办). */
export const BundlesApi = {
  offers: (signal?: AbortSignal) => call(client.GET('/api/v1/cases/bundle-offers', { signal })),
  mine: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/bundle-applications', { params: { query: { limit: 50 } }, signal })),
  version: (id: string, version: number, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/bundles/{id}/versions/{version}', { params: { path: { id, version } }, signal })),
  apply: (body: BundleApplyBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/cases/bundle-applications', { body, headers: key })),
  get: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/bundle-applications/{id}', { params: { path: { id } }, signal })),
  withdraw: (id: string, reason: string) =>
    call(
      client.POST('/api/v1/cases/bundle-applications/{id}/withdraw', { params: { path: { id } }, body: { reason } }),
    ),
  anywhere: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/anywhere', { params: { path: { id } }, signal })),
  receive: (body: AnywhereBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/cases/anywhere', { body, headers: key })),
  /** Published services applying in `region`, by name (for the intake's service picker). */
  services: (region: string, q: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/search', { params: { query: { region, q, limit: 20 } }, signal })),
  /** Uploads one file once for a bundle: the server adds it to each member case that needs it. */
  uploadOnce: async (applicationId: string, materialKey: string, file: File): Promise<unknown> => {
    const q = `name=${encodeURIComponent(file.name)}&key=${encodeURIComponent(materialKey)}`;
    const res = await fetch(`/api/v1/cases/bundle-applications/${encodeURIComponent(applicationId)}/materials?${q}`, {
      method: 'POST',
      headers: { ...authHeaders(), 'content-type': 'application/octet-stream' },
      body: file,
    }).catch(() => {
      throw new ApiError({ status: 0, code: 'NETWORK_ERROR' });
    });
    const body: unknown = await res.json().catch(() => null);
    if (!res.ok) throw errorOf(res, body, true);
    return body;
  },
};

/** In-person visits (跑动次数) against the implementation's promise; the window records them. */
export type CaseVisits = ResponseOf<'/api/v1/cases/{id}/visits', 'get'>;
export type VisitPurpose = 'submit' | 'supplement' | 'consult' | 'collect_result' | 'other';
export const VisitsApi = {
  get: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/visits', { params: { path: { id } }, signal })),
  record: (id: string, body: { window: string; purpose: VisitPurpose; seen: number }) =>
    call(client.POST('/api/v1/cases/{id}/visits', { params: { path: { id } }, body })),
};

/** The applicant's complaints about a case (投诉) and what the 12345 hotline did with them. */
export type CaseComplaints = ResponseOf<'/api/v1/cases/{id}/complaints', 'get'>;
export const ComplaintsApi = {
  list: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/cases/{id}/complaints', { params: { path: { id } }, signal })),
  file: (id: string, body: { content: string; seen: number }) =>
    call(client.POST('/api/v1/cases/{id}/complaints', { params: { path: { id } }, body })),
};
