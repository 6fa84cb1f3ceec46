/** The ratings module's calls as its pages use them (src/modules/ratings/routes.ts is the contract). */
import { call, client, idempotencyKey, type BodyOf, type ResponseOf } from '../../api/client.ts';

export type Invitation = ResponseOf<'/api/v1/ratings/invitations/{id}', 'get'>;
export type RateBody = BodyOf<'/api/v1/ratings/invitations/{id}/rate', 'post'>;
export type StaffRating = ResponseOf<'/api/v1/ratings', 'get'>['items'][number];
export type Rectification = ResponseOf<'/api/v1/ratings/rectifications/{id}', 'get'>;
export type Stats = ResponseOf<'/api/v1/ratings/stats', 'get'>;
export type StatsBy = Stats['by'];
export type Vocabulary = ResponseOf<'/api/v1/ratings/vocabulary', 'get'>;
export type RectificationAction =
  'callback' | 'verify' | 'rectify' | 'explain' | 'appeal' | 'uphold_appeal' | 'reject_appeal';

export const RatingsApi = {
  vocabulary: (signal?: AbortSignal) => call(client.GET('/api/v1/ratings/vocabulary', { signal })),
  mine: (signal?: AbortSignal) =>
    call(client.GET('/api/v1/ratings/invitations', { params: { query: { limit: 50 } }, signal })),
  /** Rates once; one Idempotency-Key per attempt, so a retried click answers as the first. */
  rate: (id: string, body: RateBody, key = idempotencyKey()) =>
    call(client.POST('/api/v1/ratings/invitations/{id}/rate', { params: { path: { id } }, body, headers: key })),
  rateOutcome: (id: string, score: number, comment: string | null) =>
    call(
      client.POST('/api/v1/ratings/invitations/{id}/rate_outcome', {
        params: { path: { id } },
        body: { score, comment },
      }),
    ),
  ratings: (signal?: AbortSignal) => call(client.GET('/api/v1/ratings', { params: { query: { limit: 100 } }, signal })),
  rectifications: (q: { open?: boolean; mine?: boolean }, signal?: AbortSignal) =>
    call(client.GET('/api/v1/ratings/rectifications', { params: { query: { limit: 100, ...q } }, signal })),
  rectification: (id: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/ratings/rectifications/{id}', { params: { path: { id } }, signal })),
  move: (id: string, action: RectificationAction, version: number, reason: string) =>
    call(
      client.POST(`/api/v1/ratings/rectifications/{id}/${action}` as '/api/v1/ratings/rectifications/{id}/verify', {
        params: { path: { id } },
        body: { version, reason },
      }),
    ),
  stats: (by: StatsBy, signal?: AbortSignal) =>
    call(client.GET('/api/v1/ratings/stats', { params: { query: { by } }, signal })),
  publicStats: (by: StatsBy, signal?: AbortSignal) =>
    call(client.GET('/api/v1/ratings/public/stats', { params: { query: { by } }, signal })),
};
