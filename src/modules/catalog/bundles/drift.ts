/**
 * Bundle drift: a published bundle version pins each member's implementation version; when a member publishes a
 * newer version (or its implementation is retired) after that, the bundle no longer matches what is in force and an
 * application to it must wait until the bundle is republished. The cases module asks this at submission
 * (409 BUNDLE_DRIFTED there).
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import * as catalogRepo from '../repository.ts';
import type { BundleMember } from './model.ts';

export interface BundleMemberDrift {
  key: string;
  implementationId: string;
  /** The version the bundle pins. */
  pinnedVersion: number;
  /** The implementation's newest published version now (null when it was retired or never published). */
  latestVersion: number | null;
}

/** The members of `members` whose implementation has moved past the pinned version; empty when none has. */
export async function bundleDrift(k: Kernel, members: BundleMember[], tx?: Executor): Promise<BundleMemberDrift[]> {
  const db = tx ?? k.db;
  const out: BundleMemberDrift[] = [];
  for (const m of members) {
    const head = await catalogRepo.findImplementation(db, m.implementationId);
    const latest =
      head && head.status !== 'retired' && head.published_version !== null ? Number(head.published_version) : null;
    if (latest !== m.version)
      out.push({ key: m.key, implementationId: m.implementationId, pinnedVersion: m.version, latestVersion: latest });
  }
  return out;
}
