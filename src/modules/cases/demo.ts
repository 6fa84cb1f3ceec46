/** The cases module's demo data (filled in below). */
import type { Kernel } from '../../kernel/kernel.ts';

export async function seedCasesDemo(_k: Kernel): Promise<void> {}
