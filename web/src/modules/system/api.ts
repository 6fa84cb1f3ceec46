/** The system pages' calls: reference data and health (the session calls live in the shell's client). */
import { call, client } from '../../api/client.ts';

export const ReferenceApi = {
  divisions: (parent: string, signal?: AbortSignal) =>
    call(client.GET('/api/v1/reference/divisions', { params: { query: { parent } }, signal })),
};

/** Whether /healthz answers: a bare fetch, since an unreachable server is an answer here, not an error. */
export async function healthy(signal?: AbortSignal): Promise<boolean> {
  try {
    return (await fetch('/healthz', { signal })).ok;
  } catch {
    return false;
  }
}
