/**
 * A bundle's guide (一件事办事指南): one page model for the whole life event — the summary (members, stages, the
 * promised limit along the longest chain, whether it is all online), the order of handling by stage, the one form's
 * fields, the one material list, and each member's own 办事指南 built by the catalog's `buildGuide` from the pinned
 * published version. Built on read from a published bundle version, whose content never changes, so the guide of a
 * version is as fixed as the version (the labels of the member guides are the guide module's template).
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import { notFound } from '../../../kernel/errors.ts';
import { buildGuide } from '../guide/build.ts';
import type { Guide } from '../guide/schemas.ts';
import type { VersionStatus } from '../model.ts';
import { pinnedVersions } from './members.ts';
import type { MergedField } from './merge-forms.ts';
import type { BundleMaterial } from './materials.ts';
import type { BundleSummary } from './model.ts';
import { findBundle, findBundleVersion, toBundleVersion } from './service.ts';

export interface BundleGuide {
  bundleId: string;
  code: string;
  name: string;
  lifeEvent: string;
  region: { code: string; name: string };
  description: string | null;
  version: number;
  status: VersionStatus;
  publishedAt: string;
  digest: string;
  illustrative: boolean;
  notice: { zh: string; en: string } | null;
  summary: BundleSummary;
  stages: Array<{
    stage: number;
    members: Array<{
      key: string;
      itemName: string;
      department: string;
      promisedDays: number;
      dependsOn: string[];
      parallelGroup: string | null;
    }>;
  }>;
  form: { title: string; fields: MergedField[] };
  materials: BundleMaterial[];
  members: Array<{ key: string; implementationId: string; version: number; guide: Guide }>;
}

const ILLUSTRATIVE = {
  zh: '示例数据：法律依据、时限等未经逐条核对',
  en: 'Illustrative data: legal citations and limits were not checked against their sources',
};

/** The guide of a published bundle version (the newest published one by default); 404 when none is published. */
export async function bundleGuide(k: Kernel, id: string, version?: number): Promise<BundleGuide> {
  const head = await findBundle(k.db, id);
  const n =
    version ?? (head?.published_version === null || head === undefined ? undefined : Number(head.published_version));
  const row = head && n !== undefined ? await findBundleVersion(k.db, id, n) : undefined;
  if (!head || !row) throw notFound('一件事指南 bundle guide', version ? `${id}@${version}` : id);
  const v = toBundleVersion(k, row, head);
  const pinned = await pinnedVersions(k, k.db, v.members);
  const stageCount = v.summary.stages;
  return {
    bundleId: v.bundleId,
    code: v.code,
    name: v.name,
    lifeEvent: v.lifeEvent,
    region: { code: v.region, name: v.regionName },
    description: v.description,
    version: v.version,
    status: v.status,
    publishedAt: v.publishedAt,
    digest: v.digest,
    illustrative: v.illustrative,
    notice: v.illustrative ? ILLUSTRATIVE : null,
    summary: v.summary,
    stages: Array.from({ length: stageCount }, (_, i) => ({
      stage: i + 1,
      members: v.members
        .filter((m) => m.stage === i + 1)
        .map((m) => ({
          key: m.key,
          itemName: m.itemName,
          department: m.department.name,
          promisedDays: m.promisedDays,
          dependsOn: m.dependsOn,
          parallelGroup: m.parallelGroup,
        })),
    })),
    form: { title: String(v.form.schema.title ?? v.name), fields: v.form.fields },
    materials: v.materials,
    members: v.members.map((m, i) => ({
      key: m.key,
      implementationId: m.implementationId,
      version: m.version,
      guide: buildGuide(pinned[i]),
    })),
  };
}
