/**
 * The shapes of bundles (一件事一次办). A bundle follows the implementation lifecycle (model.ts TRANSITIONS: draft →
 * in_review → published, revise, discard, retire) and freezes each publication into an immutable version.
 */
import type { Department, ImplementationStatus, VersionStatus } from '../model.ts';
import type { FormConflict, MergedField } from './merge-forms.ts';
import type { BundleMaterial } from './materials.ts';

/** A member as the caller names it: a published implementation version, and its place in the order. */
export interface MemberInput {
  key: string;
  implementationId: string;
  /** The published version pinned. */
  version: number;
  /** Keys of the members whose results this one needs first. */
  dependsOn?: string[];
  /** Members of one group are handled at the same time (they may not depend on each other). */
  parallelGroup?: string | null;
}

/** A member as stored: the pinned version's facts, frozen when the members are set. */
export interface BundleMember {
  key: string;
  implementationId: string;
  version: number;
  code: string;
  itemId: string;
  itemName: string;
  region: string;
  department: Department;
  dependsOn: string[];
  parallelGroup: string | null;
  /** 1 for members that depend on nothing; otherwise one more than the latest stage depended on. */
  stage: number;
  promisedDays: number;
  fullyOnline: boolean;
  illustrative: boolean;
}

export interface BundleSummary {
  memberCount: number;
  stages: number;
  /** Working days along the longest dependency chain (the members' promised limits). */
  promisedDays: number;
  /** 全程网办 when every member is. */
  fullyOnline: boolean;
}

export interface BundleForm {
  schema: Record<string, unknown>;
  fields: MergedField[];
}

interface BundleContent {
  code: string;
  name: string;
  lifeEvent: string;
  region: string;
  regionName: string;
  description: string | null;
  members: BundleMember[];
  form: BundleForm;
  materials: BundleMaterial[];
  summary: BundleSummary;
  illustrative: boolean;
}

/** The bundle record with its working copy. `conflicts` block submitting and publishing (422 BUNDLE_FORM_CONFLICT). */
export interface Bundle extends BundleContent {
  id: string;
  status: ImplementationStatus;
  version: number;
  publishedVersion: number | null;
  conflicts: FormConflict[];
  submittedBy: string | null;
  submittedAt: string | null;
  retiredAt: string | null;
  createdBy: string | null;
  createdAt: string;
  updatedAt: string;
}

/** A published version of a bundle: never changes. */
export interface BundleVersion extends BundleContent {
  bundleId: string;
  version: number;
  status: VersionStatus;
  digest: string;
  submittedBy: string | null;
  publishedBy: string | null;
  publishedAt: string;
}

export function summaryOf(members: BundleMember[]): BundleSummary {
  const finish = new Map<string, number>();
  const done = (m: BundleMember): number => {
    if (!finish.has(m.key))
      finish.set(
        m.key,
        m.promisedDays + Math.max(0, ...m.dependsOn.map((d) => done(members.find((x) => x.key === d)!))),
      );
    return finish.get(m.key)!;
  };
  return {
    memberCount: members.length,
    stages: Math.max(0, ...members.map((m) => m.stage)),
    promisedDays: Math.max(0, ...members.map(done)),
    fullyOnline: members.length > 0 && members.every((m) => m.fullyOnline),
  };
}
