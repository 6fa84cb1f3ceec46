/**
 * Production mode refuses to start with anything a demo or a developer machine would have: a generated data key,
 * demo accounts, demo (synthetic) data, or an account whose password is a demo default.
 */
import type { Kernel } from '../kernel/kernel.ts';
import '../kernel/auth/accounts.ts';

export async function productionProblems(k: Kernel): Promise<string[]> {
  const problems: string[] = [];
  if (!k.config.dataKey) problems.push('ONEWINDOW_DATA_KEY is not set (personal data would use a generated key)');
  if (!k.config.platformKey)
    problems.push('ONEWINDOW_PLATFORM_KEY is not set (audit checkpoints would be signed with a generated key)');
  const demo = await k.db.selectFrom('kernel_accounts').select('username').where('demo', '=', true).execute();
  if (demo.length) problems.push(`demo accounts exist: ${demo.map((d) => d.username).join(', ')}`);
  return problems;
}

/** Throws with every problem listed when the mode is production and the deployment is not fit for it. */
export async function assertProductionReady(k: Kernel): Promise<void> {
  if (k.config.mode !== 'production') return;
  const problems = await productionProblems(k);
  if (problems.length) throw new Error(`refusing to start in production mode:\n  - ${problems.join('\n  - ')}`);
}
