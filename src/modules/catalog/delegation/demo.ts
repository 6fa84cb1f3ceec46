/**
 * A demo delegation: the province's 药品零售企业许可 delegated to 郑州航空港经济综合实验区 (410173), handled there by
 * its 市场监督管理局, effective from the day the demo is seeded. The decision document is 示例 (not real). Skipped
 * when the item is missing or already has a delegation, so a second run adds nothing.
 */
import type { Kernel } from '../../../kernel/kernel.ts';
import type { Ctx } from '../../../kernel/context.ts';
import { shanghaiDate } from '../../../kernel/calendar/index.ts';
import * as catalogRepo from '../repository.ts';
import { createDelegation, delegationsOfItem } from './service.ts';

const DRUG_RETAIL = '410A0300400000';

export async function seedDelegationDemo(k: Kernel): Promise<void> {
  const now = k.clock.now();
  const ctx: Ctx = {
    principal: {
      id: 'system:catalog-demo-delegation',
      kind: 'system',
      name: '放权赋能示例数据（系统）',
      roles: ['admin'],
      region: null,
      department: null,
    },
    requestId: null,
    now,
  };
  await k.db.transaction().execute(async (t) => {
    const item = await catalogRepo.findItemByCode(t, DRUG_RETAIL);
    if (!item || (await delegationsOfItem(t, item.id)).length) return;
    await createDelegation(
      k,
      ctx,
      {
        itemId: item.id,
        fromRegion: '410000',
        toRegions: ['410173'],
        receivingKind: 'SCJG',
        effectiveFrom: shanghaiDate(now),
        reason: '放权赋能：向郑州航空港经济综合实验区下放药品零售企业许可（示例）',
        document: '豫政〔示例〕1号',
      },
      t,
    );
  });
}
