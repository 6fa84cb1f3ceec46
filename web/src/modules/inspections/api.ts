/** The inspections module's calls as its pages use them (src/modules/inspections/routes.ts is the contract). */
import {
  call,
  client,
  downloadFile,
  uploadFile,
  idempotencyKey,
  type BodyOf,
  type ResponseOf,
} from '../../api/client.ts';

export type Task = ResponseOf<'/api/v1/inspections/tasks', 'get'>['items'][number];
export type TaskDetail = ResponseOf<'/api/v1/inspections/tasks/{id}', 'get'>;
export type Ceremony = ResponseOf<'/api/v1/inspections/tasks/{id}/ceremony', 'get'>;
export type Visit = ResponseOf<'/api/v1/inspections/visits', 'get'>['items'][number];
export type Item = ResponseOf<'/api/v1/inspections/public/items', 'get'>['items'][number];
export type Sample = ResponseOf<'/api/v1/inspections/tasks/preview', 'post'>['items'];
export type TaskBody = BodyOf<'/api/v1/inspections/tasks', 'post'>;
export type PublicResult = ResponseOf<'/api/v1/inspections/public/results', 'get'>['items'][number];
export type Statistics = ResponseOf<'/api/v1/inspections/public/statistics', 'get'>;
export type ResultCategory = Visit['results'][number]['category'];
export type EvidenceFile = Visit['files'][number];
export type Plan = ResponseOf<'/api/v1/inspections/public/plans', 'get'>['items'][number];
export type Target = ResponseOf<'/api/v1/inspections/targets', 'get'>['items'][number];
export type Inspector = ResponseOf<'/api/v1/inspections/inspectors', 'get'>['items'][number];
export type InspectorCandidate = ResponseOf<'/api/v1/inspections/inspectors/candidates', 'get'>['items'][number];

const id = (taskId: string) => ({ params: { path: { id: taskId } } });

export const InspectionsApi = {
  tasks: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/tasks', { params: { query: { limit: 50 } }, signal })),
  task: (taskId: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/tasks/{id}', { ...id(taskId), signal })),
  preview: (body: BodyOf<'/api/v1/inspections/tasks/preview', 'post'>, signal?: AbortSignal) =>
    call(client.POST('/api/v1/inspections/tasks/preview', { body, signal })),
  createTask: (body: TaskBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/inspections/tasks', { body, headers: key })),
  move: (taskId: string, action: 'freeze' | 'start' | 'publish', version: number) =>
    call(
      client.POST(`/api/v1/inspections/tasks/{id}/${action}` as '/api/v1/inspections/tasks/{id}/freeze', {
        ...id(taskId),
        body: { version },
      }),
    ),
  ceremony: (taskId: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/tasks/{id}/ceremony', { ...id(taskId), signal })),
  commit: (taskId: string, commitment: string) =>
    call(client.POST('/api/v1/inspections/tasks/{id}/commitments', { ...id(taskId), body: { commitment } })),
  reveal: (taskId: string, secret: string) =>
    call(client.POST('/api/v1/inspections/tasks/{id}/reveals', { ...id(taskId), body: { secret } })),
  voidRound: (taskId: string, reason: string) =>
    call(client.POST('/api/v1/inspections/tasks/{id}/void-round', { ...id(taskId), body: { reason } })),
  visits: (taskId: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/visits', { params: { query: { taskId } }, signal })),
  record: (visitId: string, body: BodyOf<'/api/v1/inspections/visits/{id}/results', 'post'>) =>
    call(client.POST('/api/v1/inspections/visits/{id}/results', { ...id(visitId), body })),
  /** Uploads one evidence file (photo or PDF); the server sniffs its type. */
  uploadEvidence: (visitId: string, itemId: string, file: File) =>
    uploadFile<Visit>(
      `/api/v1/inspections/visits/${encodeURIComponent(visitId)}/evidence?itemId=${encodeURIComponent(itemId)}&name=${encodeURIComponent(file.name)}`,
      file,
    ),
  /** An evidence file's bytes. */
  downloadEvidence: (visitId: string, f: EvidenceFile) =>
    downloadFile(`/api/v1/inspections/visits/${encodeURIComponent(visitId)}/evidence/${encodeURIComponent(f.id)}`),
  publishVisit: (visitId: string) => call(client.POST('/api/v1/inspections/visits/{id}/publish', { ...id(visitId) })),
  items: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/public/items', { params: { query: {} }, signal })),
  plans: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/public/plans', { params: { query: {} }, signal })),
  publicTasks: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/public/tasks', { params: { query: { limit: 50 } }, signal })),
  publicTask: (taskId: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/public/tasks/{id}', { ...id(taskId), signal })),
  results: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/public/results', { params: { query: { limit: 100 } }, signal })),
  addItem: (body: BodyOf<'/api/v1/inspections/items', 'post'>) =>
    call(client.POST('/api/v1/inspections/items', { body })),
  addPlan: (body: BodyOf<'/api/v1/inspections/plans', 'post'>) =>
    call(client.POST('/api/v1/inspections/plans', { body })),
  /** Catalog items of type 6 (行政检查): what an inspection item is listed from. */
  catalogChecks: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/catalog/items', { params: { query: { itemType: 6, limit: 200 } }, signal })),
  targets: (region: string | undefined, signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/targets', { params: { query: { limit: 100, region } }, signal })),
  syncTargets: (region: string) => call(client.POST('/api/v1/inspections/targets/sync', { body: { region } })),
  updateTarget: (uscc: string, body: BodyOf<'/api/v1/inspections/targets/{uscc}', 'post'>) =>
    call(client.POST('/api/v1/inspections/targets/{uscc}', { params: { path: { uscc } }, body })),
  inspectors: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/inspectors', { params: { query: {} }, signal })),
  /** Staff accounts of a department (the caller's own unless an administrator names one) for the directory's picker. */
  inspectorCandidates: (department: string | undefined, signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/inspectors/candidates', { params: { query: { department } }, signal })),
  setInspector: (body: BodyOf<'/api/v1/inspections/inspectors', 'post'>) =>
    call(client.POST('/api/v1/inspections/inspectors', { body })),
  targeted: (body: BodyOf<'/api/v1/inspections/targeted', 'post'>) =>
    call(client.POST('/api/v1/inspections/targeted', { body })),
  statistics: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/inspections/public/statistics', { params: { query: {} }, signal })),
};

/** A secret of 64 lowercase hex characters drawn on this device, and its commitment (hex SHA-256 of the string). */
export async function newSecret(): Promise<{ secret: string; commitment: string }> {
  const bytes = crypto.getRandomValues(new Uint8Array(32));
  const secret = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return { secret, commitment: await sha256Hex(secret) };
}

export async function sha256Hex(s: string): Promise<string> {
  const d = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  return [...new Uint8Array(d)].map((b) => b.toString(16).padStart(2, '0')).join('');
}

/** The secret stays on this device (localStorage) until it is revealed; one per task and round. */
export const secretStore = {
  key: (taskId: string, round: number) => `onewindow.inspections.secret.${taskId}.${round}`,
  get: (taskId: string, round: number) => localStorage.getItem(secretStore.key(taskId, round)),
  set: (taskId: string, round: number, s: string) => localStorage.setItem(secretStore.key(taskId, round), s),
};
