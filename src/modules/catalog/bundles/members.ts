/**
 * Resolving a bundle's members: each a published version of an implementation covering the bundle's region, at most
 * once, in an order given by `dependsOn` (no cycles; members of one parallel group do not depend on each other).
 * Every refusal is a 400 naming the member field at fault.
 */
import type { Executor } from '../../../kernel/db/types.ts';
import type { Kernel } from '../../../kernel/kernel.ts';
import { AppError, invalid, notFound } from '../../../kernel/errors.ts';
import { isWithin } from '../../../kernel/reference/divisions.ts';
import * as catalogRepo from '../repository.ts';
import { toVersion } from '../convert.ts';
import type { ImplementationVersion } from '../model.ts';
import type { BundleMember, MemberInput } from './model.ts';

export interface Resolved {
  members: BundleMember[];
  /** The pinned versions, in member order. */
  versions: ImplementationVersion[];
}

function checkOrder(inputs: MemberInput[]): Map<string, number> {
  const index = new Map<string, number>();
  inputs.forEach((m, i) => {
    if (index.has(m.key))
      throw invalid(`members.${i}.key`, 'DUPLICATE_KEY', `成员键 ${m.key} 重复`, `Member key ${m.key} is used twice`);
    index.set(m.key, i);
  });
  inputs.forEach((m, i) => {
    for (const d of m.dependsOn ?? []) {
      const j = index.get(d);
      if (j === undefined || d === m.key)
        throw invalid(
          `members.${i}.dependsOn`,
          'BUNDLE_DEPENDENCY_UNKNOWN',
          `前置事项 ${d} 不是本套餐的其他成员`,
          `${d} is not another member of the bundle`,
        );
      if (m.parallelGroup && inputs[j].parallelGroup === m.parallelGroup)
        throw invalid(
          `members.${i}.dependsOn`,
          'BUNDLE_PARALLEL_DEPENDENCY',
          `并行组 ${m.parallelGroup} 内的事项不能互为前置`,
          `Members of parallel group ${m.parallelGroup} cannot depend on each other`,
        );
    }
  });
  const stage = new Map<string, number>();
  const visiting = new Set<string>();
  const stageOf = (key: string): number => {
    if (stage.has(key)) return stage.get(key)!;
    if (visiting.has(key))
      throw invalid(
        `members.${index.get(key)}.dependsOn`,
        'BUNDLE_DEPENDENCY_CYCLE',
        `成员 ${key} 的前置关系成环`,
        `The dependencies of ${key} form a cycle`,
      );
    visiting.add(key);
    const s = 1 + Math.max(0, ...(inputs[index.get(key)!].dependsOn ?? []).map(stageOf));
    visiting.delete(key);
    stage.set(key, s);
    return s;
  };
  inputs.forEach((m) => stageOf(m.key));
  return stage;
}

/** Checks the members and freezes what the bundle shows of each pinned version. */
export async function resolveMembers(k: Kernel, t: Executor, region: string, inputs: MemberInput[]): Promise<Resolved> {
  const stages = checkOrder(inputs);
  const members: BundleMember[] = [];
  const versions: ImplementationVersion[] = [];
  for (const [i, m] of inputs.entries()) {
    const head = await catalogRepo.findImplementation(t, m.implementationId);
    if (!head) throw notFound('实施清单 implementation', m.implementationId, `members.${i}.implementationId`);
    const row = await catalogRepo.findVersion(t, m.implementationId, m.version);
    if (!row)
      throw invalid(
        `members.${i}.version`,
        'BUNDLE_MEMBER_NOT_PUBLISHED',
        `${head.code} 第 ${m.version} 版不是已发布版本`,
        `Version ${m.version} of ${head.code} is not a published version`,
      );
    if (!isWithin(region, head.region))
      throw invalid(
        `members.${i}.implementationId`,
        'BUNDLE_MEMBER_REGION',
        `${head.code} 不覆盖本套餐所在区划 ${region}`,
        `${head.code} does not cover the bundle's region ${region}`,
      );
    if (members.some((x) => x.implementationId === m.implementationId))
      throw invalid(
        `members.${i}.implementationId`,
        'BUNDLE_MEMBER_DUPLICATE',
        '同一实施清单只能列入一次',
        'An implementation is a member once',
      );
    const v = toVersion(k, row, head);
    versions.push(v);
    members.push({
      key: m.key,
      implementationId: v.implementationId,
      version: v.version,
      code: v.code,
      itemId: v.item.id,
      itemName: v.item.name,
      region: v.region,
      department: v.department,
      dependsOn: m.dependsOn ?? [],
      parallelGroup: m.parallelGroup ?? null,
      stage: stages.get(m.key)!,
      promisedDays: v.elements.promisedDays,
      fullyOnline: v.elements.onlineDepth.fullyOnline,
      illustrative: v.illustrative,
    });
  }
  return { members, versions };
}

/** The pinned versions of stored members (for the guide and for checks at submission). */
export async function pinnedVersions(
  k: Kernel,
  t: Executor,
  members: BundleMember[],
): Promise<ImplementationVersion[]> {
  const out: ImplementationVersion[] = [];
  for (const m of members) {
    const head = (await catalogRepo.findImplementation(t, m.implementationId))!;
    out.push(toVersion(k, (await catalogRepo.findVersion(t, m.implementationId, m.version))!, head));
  }
  return out;
}

/** Refuses to submit or publish a bundle with a member that can no longer be applied for (retired implementation or item). */
export async function requireUsableMembers(t: Executor, members: BundleMember[]): Promise<void> {
  const unusable: string[] = [];
  for (const m of members) {
    const head = await catalogRepo.findImplementation(t, m.implementationId);
    const item = head ? await catalogRepo.findItem(t, head.item_id) : undefined;
    if (!head || head.status === 'retired' || !item || item.status === 'retired' || item.reform_mode === 'abolished')
      unusable.push(m.key);
  }
  if (unusable.length) {
    throw new AppError({
      code: 'BUNDLE_MEMBER_UNUSABLE',
      status: 422,
      field: 'members',
      zh: `成员事项已废止或取消：${unusable.join('、')}`,
      en: `Members retired or abolished: ${unusable.join(', ')}`,
      details: { members: unusable },
    });
  }
}
