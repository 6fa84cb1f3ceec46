/** The system pages' calls: reference data and health (the session calls live in the shell's client). */
import { call, client, type ResponseOf } from '../../api/client.ts';

export const ReferenceApi = {
  divisions: (parent: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/reference/divisions', { params: { query: { parent } }, signal })),
};

export type RegionLimits = ResponseOf<'/api/v1/calendar/limits/{region}', 'get'>;
export type RegionLimit = RegionLimits['limits'][number];

export const LimitsApi = {
  get: (region: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/calendar/limits/{region}', { params: { path: { region } }, signal })),
  put: (region: string, limits: Record<string, number | null>) =>
    call(client.PUT('/api/v1/calendar/limits/{region}', { params: { path: { region } }, body: { limits } })),
};

/** Whether /healthz answers: a bare fetch, since an unreachable server is an answer here, not an error. */
export async function healthy(signal?: AbortSignal): Promise<boolean> {
  try {
    return (await fetch('/healthz', { signal })).ok;
  } catch {
    return false;
  }
}
