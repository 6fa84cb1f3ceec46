/**
 * Multinomial naive Bayes over word counts, with Laplace (add-α) smoothing, computed in log space. Written here
 * rather than taken from a library because it is small (train = counting, predict = one sum per class), fully
 * deterministic, serializes to plain JSON, and every number it prints can be checked by hand (docs/hotline-classifier.md).
 *
 *   P(c | d) ∝ P(c) · Π_w P(w | c)^n(w,d),   P(w | c) = (n(w,c) + α) / (N(c) + α·|V|)
 *
 * Words of a document unseen in training are ignored. Since `segment` yields each word once per text, n(w,d) ∈ {0,1}
 * (the "binarized" multinomial NB, which does as well or better on short texts).
 */

export interface LabeledDoc {
  words: readonly string[];
  label: string;
}

/** A trained model as stored: sorted classes and vocabulary, and per class the count of each word it saw. */
export interface NaiveBayesModel {
  alpha: number;
  classes: string[];
  /** Documents per class (the prior). */
  docs: number[];
  vocabulary: string[];
  /** Per class: [vocabulary index, count] pairs, sparse. */
  counts: [number, number][][];
}

export interface Scored {
  label: string;
  /** The posterior probability, 0–1. */
  score: number;
}

const byCode = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** Counts words per class; classes and vocabulary sorted so the same data gives the same JSON. */
export function trainNaiveBayes(data: readonly LabeledDoc[], alpha = 1): NaiveBayesModel {
  const classes = [...new Set(data.map((d) => d.label))].sort(byCode);
  const vocabulary = [...new Set(data.flatMap((d) => d.words))].sort(byCode);
  const classIx = new Map(classes.map((c, i) => [c, i]));
  const wordIx = new Map(vocabulary.map((w, i) => [w, i]));
  const docs = classes.map(() => 0);
  const counts = classes.map(() => new Map<number, number>());
  for (const d of data) {
    const c = classIx.get(d.label)!;
    docs[c]++;
    for (const w of d.words) {
      const i = wordIx.get(w)!;
      counts[c].set(i, (counts[c].get(i) ?? 0) + 1);
    }
  }
  return {
    alpha,
    classes,
    docs,
    vocabulary,
    counts: counts.map((m) => [...m.entries()].sort((a, b) => a[0] - b[0])),
  };
}

/** A model ready to predict: log priors, and per word its log likelihood under each class. */
export interface CompiledNaiveBayes {
  classes: string[];
  logPrior: Float64Array;
  /** log P(w | c) of a word the class never saw in training. */
  logUnseen: Float64Array;
  logLikelihood: Map<string, Float64Array>;
}

export function compileNaiveBayes(m: NaiveBayesModel): CompiledNaiveBayes {
  const n = m.classes.length;
  const totalDocs = m.docs.reduce((a, b) => a + b, 0);
  const logPrior = Float64Array.from(m.docs, (d) => Math.log(d / totalDocs));
  const totals = m.counts.map((pairs) => pairs.reduce((s, [, c]) => s + c, 0));
  const denom = totals.map((t) => Math.log(t + m.alpha * m.vocabulary.length));
  const logUnseen = Float64Array.from(denom, (d) => Math.log(m.alpha) - d);
  const logLikelihood = new Map<string, Float64Array>();
  for (const w of m.vocabulary) logLikelihood.set(w, Float64Array.from(logUnseen));
  for (let c = 0; c < n; c++)
    for (const [i, count] of m.counts[c]) logLikelihood.get(m.vocabulary[i])![c] = Math.log(count + m.alpha) - denom[c];
  return { classes: m.classes, logPrior, logUnseen, logLikelihood };
}

/** Every class with its posterior probability, best first (ties by class code, so the order is stable). */
export function predict(m: CompiledNaiveBayes, words: readonly string[]): Scored[] {
  const log = Float64Array.from(m.logPrior);
  for (const w of new Set(words)) {
    const ll = m.logLikelihood.get(w);
    if (ll) for (let c = 0; c < log.length; c++) log[c] += ll[c];
  }
  // Log-sum-exp: probabilities without underflow.
  const max = Math.max(...log);
  const exp = Array.from(log, (l) => Math.exp(l - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return m.classes
    .map((label, c) => ({ label, score: exp[c] / sum }))
    .sort((a, b) => b.score - a.score || byCode(a.label, b.label));
}
