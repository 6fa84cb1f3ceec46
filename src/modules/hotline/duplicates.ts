/**
 * Possible duplicates (并单建议). The documented rule: another ticket of the same center, in the same division (the
 * 6-digit code), created within the last `WINDOW_DAYS` days and not closed, whose content shares at least
 * `THRESHOLD` of its jieba words with this one (Jaccard similarity over the catalog's `segment` words, single
 * characters dropped). The operator decides; `mergeTicket` merges.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { segment } from '../catalog/index.ts';
import { hotlinePermissions as P } from './permissions.ts';
import { sideOf } from './access.ts';
import { isClosed } from './repository.ts';

export const THRESHOLD = 0.5;
export const WINDOW_DAYS = 7;

export interface DuplicateHint {
  id: string;
  number: string;
  content: string;
  status: string;
  score: number;
}

const wordsOf = (s: string) => new Set(segment(s).filter((w) => [...w].length > 1));

export function similarity(a: Set<string>, b: Set<string>): number {
  if (!a.size || !b.size) return 0;
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / (a.size + b.size - shared);
}

/** Open tickets like `content` in `region` (excluding `excludeId`), most similar first. */
export async function findDuplicates(
  k: Kernel,
  ctx: Ctx,
  q: { content: string; region: string; excludeId?: string | null },
): Promise<DuplicateHint[]> {
  requirePermission(ctx, P.read);
  const since = new Date(ctx.now.getTime() - WINDOW_DAYS * 86_400_000).toISOString();
  const rows = await k.db
    .selectFrom('hotline_tickets')
    .selectAll()
    .where('region', '=', q.region)
    .where('created_at', '>=', since)
    .orderBy('id', 'desc')
    .limit(500)
    .execute();
  const mine = wordsOf(q.content);
  return rows
    .filter((r) => r.id !== q.excludeId && !isClosed(r.status) && sideOf(ctx, r) !== null)
    .map((r) => ({
      id: r.id,
      number: r.number,
      content: r.content,
      status: r.status,
      score: similarity(mine, wordsOf(r.content)),
    }))
    .filter((h) => h.score >= THRESHOLD)
    .sort((a, b) => b.score - a.score)
    .slice(0, 5)
    .map((h) => ({ ...h, score: Math.round(h.score * 100) / 100 }));
}
