/**
 * Held-out evaluation: a fixed-seed split, then accuracy, macro-F1 and per-class precision/recall for a predictor
 * beside the majority-class baseline (always answer the most frequent training label). Same rows, same numbers.
 */

/** The split's seed and the share held out; fixed so `hotline train --eval` prints the same figures every time. */
export const SPLIT_SEED = 12345;
export const TEST_SHARE = 0.2;

export interface ClassMetrics {
  code: string;
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Held-out rows of this class. */
  support: number;
}

export interface TaskMetrics {
  accuracy: number;
  macroF1: number;
  /** Share of held-out rows whose true class is among the top 3 suggestions. */
  top3Accuracy: number;
  perClass: ClassMetrics[];
  baseline: { code: string; label: string; accuracy: number; macroF1: number };
}

/** mulberry32: a tiny seeded generator (the same sequence on every platform). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Splits rows into train and test: sorted by `key` first (so the order rows were loaded in does not matter), then a
 * seeded Fisher–Yates shuffle; the first TEST_SHARE of the shuffled rows are held out.
 */
export function splitRows<T>(rows: readonly T[], key: (r: T) => string, seed = SPLIT_SEED): { train: T[]; test: T[] } {
  const sorted = [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
  const rnd = mulberry32(seed);
  for (let i = sorted.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [sorted[i], sorted[j]] = [sorted[j], sorted[i]];
  }
  const n = Math.max(1, Math.round(sorted.length * TEST_SHARE));
  return { test: sorted.slice(0, n), train: sorted.slice(n) };
}

const round = (x: number) => Math.round(x * 10000) / 10000;
const f1Of = (p: number, r: number) => (p + r === 0 ? 0 : (2 * p * r) / (p + r));

/** The most frequent label (ties: the smallest code). */
export function majorityLabel(labels: readonly string[]): string {
  const n = new Map<string, number>();
  for (const l of labels) n.set(l, (n.get(l) ?? 0) + 1);
  return [...n.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0][0];
}

/** Per-class precision/recall/F1 over the classes in truth or predictions (zero when undefined), and their mean. */
function scores(truth: readonly string[], predicted: readonly string[], labelOf: (code: string) => string) {
  const classes = [...new Set([...truth, ...predicted])].sort();
  const perClass = classes.map((code) => {
    let tp = 0,
      fp = 0,
      fn = 0;
    truth.forEach((t, i) => {
      const p = predicted[i];
      if (p === code && t === code) tp++;
      else if (p === code) fp++;
      else if (t === code) fn++;
    });
    const precision = tp + fp ? tp / (tp + fp) : 0;
    const recall = tp + fn ? tp / (tp + fn) : 0;
    return { code, label: labelOf(code), precision, recall, f1: f1Of(precision, recall), support: tp + fn };
  });
  const accuracy = truth.filter((t, i) => t === predicted[i]).length / truth.length;
  const macroF1 = perClass.reduce((s, c) => s + c.f1, 0) / perClass.length;
  return { accuracy, macroF1, perClass };
}

/**
 * Metrics of `ranked` (each held-out row's classes, best first) against `truth`, beside the baseline that always
 * answers `majority`.
 */
export function taskMetrics(
  truth: readonly string[],
  ranked: readonly string[][],
  majority: string,
  labelOf: (code: string) => string,
): TaskMetrics {
  const model = scores(
    truth,
    ranked.map((r) => r[0]),
    labelOf,
  );
  const base = scores(
    truth,
    truth.map(() => majority),
    labelOf,
  );
  return {
    accuracy: round(model.accuracy),
    macroF1: round(model.macroF1),
    top3Accuracy: round(truth.filter((t, i) => ranked[i].slice(0, 3).includes(t)).length / truth.length),
    perClass: model.perClass.map((c) => ({
      ...c,
      precision: round(c.precision),
      recall: round(c.recall),
      f1: round(c.f1),
    })),
    baseline: {
      code: majority,
      label: labelOf(majority),
      accuracy: round(base.accuracy),
      macroF1: round(base.macroF1),
    },
  };
}
