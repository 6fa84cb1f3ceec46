/**
 * Demo cases for the reform modes: the demo applicant files once for a published 实行告知承诺 item and once for a
 * 审批改为备案 item in Zhengzhou, when the catalog's demo has them, so the screens show a case granted on commitment
 * (its check pending) and a recorded filing. Synthetic values (示例); a filing that does not fit is skipped.
 */
import type { Kernel } from '../../kernel/kernel.ts';
import type { Ctx } from '../../kernel/context.ts';
import type { listPublishedForIndex } from '../catalog/index.ts';
import { fileCase } from './service.ts';

type Published = Awaited<ReturnType<typeof listPublishedForIndex>>;

/** The commitment as the apply page shows it (web/src/modules/cases/messages.ts `cases.commitment.text`). */
const commitmentText = (item: string) =>
  `本人（本单位）申请办理「${item}」，现郑重承诺：已经知晓审批部门告知的全部审批条件和要求；本人（本单位）已符合上述条件和要求；所填写的信息和提交的材料真实、准确、完整；愿意接受审批部门的事后核查；如有虚假承诺，愿意承担被撤销许可、记入信用记录等法律责任。`;

export async function seedReformDemo(
  k: Kernel,
  citizen: Ctx,
  published: Published,
  fill: (schema: unknown) => Record<string, unknown> | null,
): Promise<void> {
  for (const mode of ['commitment', 'filing'] as const) {
    const hit = published
      .map(({ version: v }) => v)
      .find((v) => v.region.startsWith('4101') && v.item.reformMode === mode && fill(v.elements.form));
    if (!hit) continue;
    try {
      await fileCase(k, citizen, {
        itemId: hit.item.id,
        region: hit.region,
        form: fill(hit.elements.form),
        commitment: mode === 'commitment' ? { accepted: true, text: commitmentText(hit.item.name) } : null,
      });
    } catch (e) {
      k.log.debug({ err: e, implementation: hit.code }, 'cases demo: reform case not filed');
    }
  }
}
