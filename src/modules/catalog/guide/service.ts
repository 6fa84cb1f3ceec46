/**
 * Which content a guide shows, and to whom. Reading only — a guide changes nothing, so no action is recorded.
 *
 *  - no query:        the version in force now (the one an application would be filed under); 404
 *                     GUIDE_NOT_AVAILABLE when there is none (never published, not yet in force, retired, or the
 *                     item retired or abolished), with the applicability refusal in `details.reason`.
 *  - `version=N`:     that published version, whatever its status now (published versions are public record);
 *                     a superseded or retired one carries a status notice. 404 when N was never published.
 *  - `preview=true`:  staff with catalog:read see the working copy (draft, in review, …), marked as a preview;
 *                     anyone else gets 403 FORBIDDEN. A draft is never shown without `preview`.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import { requirePermission, type Ctx } from '../../../kernel/context.ts';
import { AppError, invalid } from '../../../kernel/errors.ts';
import { READ } from '../access.ts';
import { checkApplicability } from '../applicability.ts';
import { getImplementation, getImplementationVersion } from '../service.ts';
import type { ImplementationVersion } from '../model.ts';
import { buildGuide, type GuideSource } from './build.ts';
import type { Guide } from './schemas.ts';

export interface GuideQuery {
  version?: number;
  preview?: boolean;
}

async function previewSource(k: Kernel, ctx: Ctx, id: string): Promise<GuideSource> {
  requirePermission(ctx, READ);
  const w = await getImplementation(k, ctx, id);
  return {
    implementationId: w.id,
    version: w.version,
    code: w.code,
    item: w.item,
    region: w.region,
    regionName: w.regionName,
    department: w.department,
    effectiveFrom: w.effectiveFrom,
    derivedFrom: w.derivedFrom,
    elements: w.elements,
    illustrative: w.illustrative,
    status: w.status,
    publishedAt: null,
    digest: null,
  };
}

async function inForce(k: Kernel, ctx: Ctx, id: string): Promise<ImplementationVersion> {
  const r = await checkApplicability(k, ctx, { implementationId: id });
  if (r.ok) return r.version;
  throw new AppError({
    code: 'GUIDE_NOT_AVAILABLE',
    status: 404,
    zh: `该实施清单没有现行有效的办事指南：${r.zh}`,
    en: `This implementation has no guide in force: ${r.en}`,
    details: { reason: r.code },
  });
}

/** The guide of an implementation: the version in force, a given published version, or a staff preview. */
export async function getGuide(k: Kernel, ctx: Ctx, id: string, q: GuideQuery = {}): Promise<Guide> {
  if (q.preview && q.version !== undefined) {
    throw invalid(
      'query.preview',
      'GUIDE_QUERY_CONFLICT',
      'preview 与 version 不能同时使用',
      'Use either preview or version, not both',
    );
  }
  if (q.preview) return buildGuide(await previewSource(k, ctx, id), { preview: true });
  const v = q.version !== undefined ? await getImplementationVersion(k, id, q.version) : await inForce(k, ctx, id);
  return buildGuide(v);
}
