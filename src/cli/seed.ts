/** Seeds the demo province: every module's demo data, in module order. Idempotent. */
import type { Kernel } from '../kernel/kernel.ts';
import type { DemoSize } from '../modules/module.ts';
import { MODULES } from '../modules/index.ts';

export async function seedDemo(k: Kernel, size: DemoSize): Promise<void> {
  for (const m of MODULES) await m.seedDemo?.(k, size);
}
