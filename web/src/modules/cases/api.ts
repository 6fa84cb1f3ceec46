/** The cases module's calls as its pages use them (src/modules/cases/routes.ts is the contract). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export type CaseView = ResponseOf<'/api/v1/cases/{id}', 'get'>;
export type TimelineEntry = ResponseOf<'/api/v1/cases/{id}/timeline', 'get'>['items'][number];
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
  | 'withdraw';

/** What a move sends besides the version. */
export interface MoveInput {
  reason?: string;
  legalBasis?: string;
  items?: Array<{ ref: string | null; description: string }>;
}

export const CasesApi = {
  list: (signal?: AbortSignal) => call(client.GET('/api/v1/cases', { params: { query: { limit: 50 } }, signal })),
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
};
