/** Small helpers the catalog's route files share: list envelopes, cursors, and the public shape of a version. */
import { decodeCursor, encodeCursor } from '../../kernel/http.ts';
import { can, type Ctx } from '../../kernel/context.ts';
import { READ } from './access.ts';
import type { ImplementationVersion } from './model.ts';

export function page<T>(rows: T[], limit: number, key: (row: T) => string | number) {
  return { items: rows, nextCursor: rows.length === limit ? encodeCursor([key(rows[rows.length - 1])]) : null };
}

export function afterOf(cursor: string | undefined): string | null {
  const c = decodeCursor(cursor);
  return c && typeof c[0] === 'string' ? c[0] : null;
}

/** Published versions shown to callers without catalog:read: no staff account ids. */
export function forCaller(ctx: Ctx, v: ImplementationVersion): ImplementationVersion {
  return can(ctx, READ) ? v : { ...v, submittedBy: null, publishedBy: null };
}
