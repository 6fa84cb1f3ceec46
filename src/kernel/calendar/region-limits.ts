/**
 * Per-region limits (办理时限等): named whole numbers — working days, mostly — that a province sets and a city or county
 * may override, kept beside the region's office hours (calendar-service.ts). A module declares the limits it reads,
 * with the default that applies where no region up the hierarchy set one (the legal or provincial default), the range
 * an administrator may set, and zh/en labels; the kernel stores only the overrides. A limit is looked up one key at a
 * time, so 郑州 may override the yellow-light threshold while the province's acceptance limit still applies there.
 */
import { invalid } from '../errors.ts';

export interface RegionLimitSpec {
  default: number;
  min: number;
  max: number;
  zh: string;
  en: string;
}

/** Overrides as stored for one region: limit name → value. */
export type RegionLimits = Record<string, number>;

const declared = new Map<string, RegionLimitSpec>();

/**
 * Declares a module's limits (`<module>.<name>`), once, at import. Returns the full names, so callers read
 * `k.calendar.limitFor(region, L.acceptance_days)` rather than a string typed twice.
 */
export function defineRegionLimits<const T extends Record<string, RegionLimitSpec>>(
  module: string,
  specs: T,
): { [K in keyof T]: string } {
  const names = {} as { [K in keyof T]: string };
  for (const [key, spec] of Object.entries(specs)) {
    const name = `${module}.${key}`;
    if (declared.has(name)) throw new Error(`region limit ${name} is declared twice`);
    if (!(spec.min <= spec.default && spec.default <= spec.max)) throw new Error(`region limit ${name}: bad range`);
    declared.set(name, spec);
    names[key as keyof T] = name;
  }
  return names;
}

export function regionLimitSpec(name: string): RegionLimitSpec | undefined {
  return declared.get(name);
}

export function declaredRegionLimits(): Array<[string, RegionLimitSpec]> {
  return [...declared.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** Checks overrides before they are stored: known names, whole numbers in range; null removes an override. */
export function checkRegionLimits(input: Record<string, number | null>): void {
  for (const [name, value] of Object.entries(input)) {
    const spec = declared.get(name);
    if (!spec)
      throw invalid(
        `limits.${name}`,
        'REGION_LIMIT_UNKNOWN',
        `没有名为“${name}”的时限设置`,
        `No limit is named ${name}`,
      );
    if (value === null) continue;
    if (!Number.isInteger(value) || value < spec.min || value > spec.max)
      throw invalid(
        `limits.${name}`,
        'REGION_LIMIT_OUT_OF_RANGE',
        `${spec.zh}须为 ${spec.min}—${spec.max} 之间的整数`,
        `${spec.en} must be a whole number from ${spec.min} to ${spec.max}`,
      );
  }
}
