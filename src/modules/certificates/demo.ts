/** The certificates module's demo data: one open record in Zhengzhou, added once. */
import type { Kernel } from '../../kernel/kernel.ts';
import { systemCtx } from '../../kernel/context.ts';
import { createRecord } from './service.ts';

export async function seedCertificatesDemo(k: Kernel): Promise<void> {
  const have = await k.db.selectFrom('certificates_records').select('id').limit(1).executeTakeFirst();
  if (have) return;
  await createRecord(k, systemCtx(k.clock.now()), { title: '示例记录（certificates）', region: '410100' });
}
