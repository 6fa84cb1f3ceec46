/** The ratings module's demo data: none yet of its own (ratings come from concluded demo cases, rated in the UI). */
import type { Kernel } from '../../kernel/kernel.ts';

export async function seedRatingsDemo(_k: Kernel): Promise<void> {}
