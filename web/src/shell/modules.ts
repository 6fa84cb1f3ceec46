/** Every module exported by web/src/modules/index.ts, as a list (menu order comes from each route's `order`). */
import * as all from '../modules/index.ts';
import type { WebModule } from './module.ts';

export type AnyWebModule = (typeof all)[keyof typeof all];

export const WEB_MODULES: readonly WebModule[] = Object.values(all);
