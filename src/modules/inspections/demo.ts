/** The inspections module's demo data: Zhengzhou's target directory, synced once from the registry's demo enterprises. */
import type { Kernel } from '../../kernel/kernel.ts';
import { systemCtx } from '../../kernel/context.ts';
import { syncTargets } from './directories.ts';

export async function seedInspectionsDemo(k: Kernel): Promise<void> {
  const have = await k.db.selectFrom('inspections_targets').select('row_id').limit(1).executeTakeFirst();
  if (have) return;
  await syncTargets(k, systemCtx(k.clock.now()), { region: '410100' });
}
