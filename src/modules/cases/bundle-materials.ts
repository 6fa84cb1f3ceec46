/**
 * One material set for a bundle (一套材料): a file uploaded once to the bundle application is added to every member
 * case that needs it — the members named by the bundle version's merged material (`neededBy`, each under its own
 * material key), or every member when no material is named — through the ordinary `addMaterial`, all in one
 * transaction (the blob store is content-addressed, so the file is stored once).
 */
import type { Kernel } from '../../kernel/kernel.ts';
import { inTx } from '../../kernel/kernel.ts';
import type { Executor } from '../../kernel/db/types.ts';
import { requirePermission, type Ctx } from '../../kernel/context.ts';
import { invalid } from '../../kernel/errors.ts';
import { getBundleVersion } from '../catalog/index.ts';
import { casesPermissions as P } from './permissions.ts';
import { addMaterial, type CaseMaterial } from './materials.ts';
import { getBundleApplication } from './bundles.ts';

export async function addBundleMaterial(
  k: Kernel,
  ctx: Ctx,
  applicationId: string,
  input: { name: string; materialKey?: string | null; bytes: Buffer },
  tx?: Executor,
): Promise<Array<CaseMaterial & { caseId: string; member: string }>> {
  requirePermission(ctx, P.file);
  return inTx(k, tx, async (t) => {
    const a = await getBundleApplication(k, ctx, applicationId, t);
    const v = await getBundleVersion(k, a.bundle.id, a.bundle.version, t);
    const key = input.materialKey?.trim() || null;
    const material = key ? v.materials.find((m) => m.key === key) : null;
    if (key && !material)
      throw invalid(
        'query.key',
        'MATERIAL_KEY_UNKNOWN',
        '该“一件事”的材料清单中没有这一项',
        'The bundle lists no such material',
      );
    const targets = material
      ? material.neededBy.map((n) => ({ member: n.member, materialKey: n.materialKey }))
      : a.members.map((m) => ({ member: m.key, materialKey: null as string | null }));
    const out: Array<CaseMaterial & { caseId: string; member: string }> = [];
    for (const target of targets) {
      const m = a.members.find((x) => x.key === target.member);
      if (!m) continue;
      const added = await addMaterial(
        k,
        ctx,
        m.case.id,
        { name: input.name, materialKey: target.materialKey, bytes: input.bytes },
        t,
      );
      out.push({ ...added, caseId: m.case.id, member: m.key });
    }
    return out;
  });
}
