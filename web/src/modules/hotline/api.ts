/** The hotline module's calls as its pages use them (src/modules/hotline/routes.ts is the contract). */
import {
  call,
  client,
  downloadFile,
  uploadFile,
  idempotencyKey,
  type BodyOf,
  type ResponseOf,
} from '../../api/client.ts';

export type Ticket = ResponseOf<'/api/v1/hotline/tickets/{id}', 'get'>;
export type TicketBody = BodyOf<'/api/v1/hotline/tickets', 'post'>;
export type CitizenBody = BodyOf<'/api/v1/hotline/my/tickets', 'post'>;
export type MoveBody = BodyOf<'/api/v1/hotline/tickets/{id}/accept', 'post'>;
export type Suggestions = ResponseOf<'/api/v1/hotline/intake/suggestions', 'post'>;
export type Tracked = ResponseOf<'/api/v1/hotline/public/track', 'post'>;
export type ApiKey = ResponseOf<'/api/v1/hotline/api-keys', 'get'>['items'][number];
export type ApiKeyUse = ResponseOf<'/api/v1/hotline/api-keys/{id}/uses', 'get'>['items'][number];
export type IssueKeyBody = BodyOf<'/api/v1/hotline/api-keys', 'post'>;
export type TimelineEntry = ResponseOf<'/api/v1/hotline/tickets/{id}/timeline', 'get'>[number];
export type CannotGetDoneBody = BodyOf<'/api/v1/hotline/cannot-get-done', 'post'>;
export type Attachment = ResponseOf<'/api/v1/hotline/tickets/{id}/attachments', 'get'>['items'][number];
export type PublicReport = ResponseOf<'/api/v1/hotline/public/reports/{month}', 'get'>;
export type Move =
  | 'dispatch'
  | 'arbitrate'
  | 'return'
  | 'accept'
  | 'request-extension'
  | 'approve-extension'
  | 'refuse-extension'
  | 'reply'
  | 'close-unresolved'
  | 'transfer';

/** Staff reach a ticket's files under /tickets, the citizen who filed it under /my/tickets. */
const filesOf = (id: string, mine: boolean) =>
  `/api/v1/hotline/${mine ? 'my/' : ''}tickets/${encodeURIComponent(id)}/attachments`;

export const HotlineApi = {
  attachments: (id: string, mine: boolean, signal?: AbortSignal) =>
    mine
      ? call(client.GET('/api/v1/hotline/my/tickets/{id}/attachments', { params: { path: { id } }, signal }))
      : call(client.GET('/api/v1/hotline/tickets/{id}/attachments', { params: { path: { id } }, signal })),
  /** Uploads one file (the server sniffs its type); `center`: the center's own file. */
  attach: (id: string, file: File, opts: { mine: boolean; kind?: 'caller' | 'center' }) =>
    uploadFile<Attachment>(
      `${filesOf(id, opts.mine)}?name=${encodeURIComponent(file.name)}${opts.kind && !opts.mine ? `&kind=${opts.kind}` : ''}`,
      file,
    ),
  /** A file's bytes. */
  attachment: (id: string, a: Attachment, mine: boolean) =>
    downloadFile(`${filesOf(id, mine)}/${encodeURIComponent(a.id)}`),
  topics: (signal?: AbortSignal) => call(client.GET('/api/v1/hotline/topics', { signal })),
  tickets: (q: { queue?: 'mine' | 'all'; status?: Ticket['status'] }, signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/tickets', { params: { query: { limit: 100, ...q } }, signal })),
  create: (body: TicketBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/hotline/tickets', { body, headers: key })),
  submit: (body: CitizenBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/hotline/my/tickets', { body, headers: key })),
  mine: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/my/tickets', { params: { query: { limit: 50 } }, signal })),
  suggestions: (content: string, region: string) =>
    call(client.POST('/api/v1/hotline/intake/suggestions', { body: { content, region } })),
  move: (id: string, action: Move, body: MoveBody) =>
    call(
      client.POST(`/api/v1/hotline/tickets/{id}/${action}` as '/api/v1/hotline/tickets/{id}/accept', {
        params: { path: { id } },
        body,
      }),
    ),
  callback: (id: string, body: BodyOf<'/api/v1/hotline/tickets/{id}/callback', 'post'>) =>
    call(client.POST('/api/v1/hotline/tickets/{id}/callback', { params: { path: { id } }, body })),
  /** The caller's full name and phone (operators), logged with the reason on the ticket. */
  revealCaller: (id: string, reason: string) =>
    call(client.POST('/api/v1/hotline/tickets/{id}/caller', { params: { path: { id } }, body: { reason } })),
  merge: (id: string, version: number, into: string) =>
    call(client.POST('/api/v1/hotline/tickets/{id}/merge', { params: { path: { id } }, body: { version, into } })),
  supervise: (id: string, reason: string) =>
    call(client.POST('/api/v1/hotline/tickets/{id}/supervise', { params: { path: { id } }, body: { reason } })),
  board: (signal?: AbortSignal) => call(client.GET('/api/v1/hotline/supervision', { signal })),
  counts: (signal?: AbortSignal) => call(client.GET('/api/v1/hotline/stats/statuses', { signal })),
  centers: (signal?: AbortSignal) => call(client.GET('/api/v1/hotline/centers', { signal })),
  apiKeys: (signal?: AbortSignal) => call(client.GET('/api/v1/hotline/api-keys', { signal })),
  issueKey: (body: IssueKeyBody) => call(client.POST('/api/v1/hotline/api-keys', { body })),
  revokeKey: (id: string, version: number, reason: string) =>
    call(client.POST('/api/v1/hotline/api-keys/{id}/revoke', { params: { path: { id } }, body: { version, reason } })),
  keyUses: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/api-keys/{id}/uses', { params: { path: { id } }, signal })),
  dashboard: (weeks: number, signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/stats/dashboard', { params: { query: { weeks } }, signal })),
  timeline: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/tickets/{id}/timeline', { params: { path: { id } }, signal })),
  cannotGetDone: (body: CannotGetDoneBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/hotline/cannot-get-done', { body, headers: key })),
  publicReport: (month: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/hotline/public/reports/{month}', { params: { path: { month } }, signal })),
  track: (number: string, phone: string) =>
    call(client.POST('/api/v1/hotline/public/track', { body: { number, phone } })),
};
