/**
 * One material list for a bundle (一套材料): the members' materials de-duplicated, so a document several members
 * need is handed in once. Two materials are the same when they are the same certificate type (证照类型), or when
 * they have the same name (ignoring spaces) and the same source. Pure.
 *
 * The merged material is required when any member requires it (conditional otherwise, with every member's
 * condition); its forms are the union, its paper copies the most any member asks; `neededBy` says which members
 * need it and how. Application forms (申请表) are kept per member: their names differ, and the bundle's merged
 * form (merge-forms.ts) is what the applicant fills in.
 */
import type { Material } from '../elements.ts';

export interface MaterialMember {
  key: string;
  materials: Material[];
}

export interface BundleMaterial {
  /** `m1`, `m2`, … in order of first appearance. */
  key: string;
  name: string;
  requirement: Material['requirement'];
  /** Conditions of the members that need it only conditionally. */
  conditions: string[];
  forms: Material['forms'];
  paperCopies: number;
  blankForm: string | null;
  sample: string | null;
  source: Material['source'];
  neededBy: Array<{
    member: string;
    materialKey: string;
    requirement: Material['requirement'];
    condition: string | null;
  }>;
}

/** The identity two members' materials are merged on. */
export function materialIdentity(m: Material): string {
  if (m.source?.kind === 'certificate' && m.source.certificateType) return `certificate:${m.source.certificateType}`;
  return `name:${m.name.replace(/\s+/g, '')}|${m.source?.kind ?? 'undecided'}|${m.source?.dataSource ?? ''}`;
}

/** The de-duplicated material list of the members, in order of first appearance. */
export function mergeMaterials(members: MaterialMember[]): BundleMaterial[] {
  const byIdentity = new Map<string, BundleMaterial>();
  for (const member of members) {
    for (const m of member.materials) {
      const id = materialIdentity(m);
      let merged = byIdentity.get(id);
      if (!merged) {
        merged = {
          key: `m${byIdentity.size + 1}`,
          name: m.name,
          requirement: 'conditional',
          conditions: [],
          forms: [],
          paperCopies: 0,
          blankForm: m.blankForm,
          sample: m.sample,
          source: m.source,
          neededBy: [],
        };
        byIdentity.set(id, merged);
      }
      if (m.requirement === 'required') merged.requirement = 'required';
      if (m.requirement === 'conditional' && m.condition && !merged.conditions.includes(m.condition))
        merged.conditions.push(m.condition);
      merged.forms = [...new Set([...merged.forms, ...m.forms])];
      merged.paperCopies = Math.max(merged.paperCopies, m.paperCopies);
      merged.blankForm ??= m.blankForm;
      merged.sample ??= m.sample;
      merged.neededBy.push({
        member: member.key,
        materialKey: m.key,
        requirement: m.requirement,
        condition: m.condition,
      });
    }
  }
  return [...byIdentity.values()];
}
