/**
 * The routing classifier: two naive Bayes models over the same words, one for the topic and one for the department
 * (predicted separately: a topic is handled by different departments depending on the details, e.g. construction
 * noise by 生态环境局 and a neighbour's noise by 公安局). Pure: rows in, JSON model and held-out metrics out.
 */
import { createHash } from 'node:crypto';
import {
  compileNaiveBayes,
  predict,
  trainNaiveBayes,
  type CompiledNaiveBayes,
  type NaiveBayesModel,
} from './naive-bayes.ts';
import { majorityLabel, splitRows, taskMetrics, SPLIT_SEED, TEST_SHARE, type TaskMetrics } from './evaluate.ts';
import { ticketWords } from './tokens.ts';

/** One routed ticket to learn from: codes, with the labels a person reads (the code when absent). */
export interface TrainingRow {
  content: string;
  topic: string;
  department: string;
  topicLabel?: string;
  departmentLabel?: string;
}

export interface SerializedClassifier {
  kind: 'multinomial-naive-bayes';
  tokenizer: 'jieba-search';
  topic: NaiveBayesModel;
  department: NaiveBayesModel;
  labels: { topic: Record<string, string>; department: Record<string, string> };
}

export interface ClassifierMetrics {
  seed: number;
  testShare: number;
  trainSize: number;
  testSize: number;
  topic: TaskMetrics;
  department: TaskMetrics;
}

export interface Suggestion {
  code: string;
  label: string;
  score: number;
}

export interface Suggestions {
  topics: Suggestion[];
  departments: Suggestion[];
}

interface Prepared {
  key: string;
  words: string[];
  topic: string;
  department: string;
}

/** A stable key per row, for the split (independent of the order rows come in). */
export function rowKey(r: Pick<TrainingRow, 'content' | 'topic' | 'department'>, extra = ''): string {
  return createHash('sha256').update(`${r.content}\u0000${r.topic}\u0000${r.department}\u0000${extra}`).digest('hex');
}

function labelsOf(rows: readonly TrainingRow[]) {
  const topic: Record<string, string> = {};
  const department: Record<string, string> = {};
  for (const r of rows) {
    topic[r.topic] ??= r.topicLabel?.trim() || r.topic;
    department[r.department] ??= r.departmentLabel?.trim() || r.department;
  }
  // Keys in code order, so the stored JSON does not depend on the order rows come in.
  const sorted = (o: Record<string, string>) =>
    Object.fromEntries(Object.entries(o).sort(([a], [b]) => (a < b ? -1 : 1)));
  return { topic: sorted(topic), department: sorted(department) };
}

function fit(rows: readonly Prepared[]) {
  return {
    topic: trainNaiveBayes(rows.map((r) => ({ words: r.words, label: r.topic }))),
    department: trainNaiveBayes(rows.map((r) => ({ words: r.words, label: r.department }))),
  };
}

/**
 * Evaluates on a fixed-seed held-out split (trained on the rest), then trains the model kept on every row.
 * The metrics therefore describe a model trained on 80% of the rows; the stored one has seen them all.
 */
export function buildClassifier(rows: readonly TrainingRow[]): {
  model: SerializedClassifier;
  metrics: ClassifierMetrics;
} {
  const labels = labelsOf(rows);
  const prepared: Prepared[] = rows.map((r) => ({
    key: rowKey(r),
    words: ticketWords(r.content),
    topic: r.topic,
    department: r.department,
  }));
  const { train, test } = splitRows(prepared, (r) => r.key);
  const held = fit(train);
  const topicModel = compileNaiveBayes(held.topic);
  const departmentModel = compileNaiveBayes(held.department);
  const metrics: ClassifierMetrics = {
    seed: SPLIT_SEED,
    testShare: TEST_SHARE,
    trainSize: train.length,
    testSize: test.length,
    topic: taskMetrics(
      test.map((r) => r.topic),
      test.map((r) => predict(topicModel, r.words).map((s) => s.label)),
      majorityLabel(train.map((r) => r.topic)),
      (c) => labels.topic[c] ?? c,
    ),
    department: taskMetrics(
      test.map((r) => r.department),
      test.map((r) => predict(departmentModel, r.words).map((s) => s.label)),
      majorityLabel(train.map((r) => r.department)),
      (c) => labels.department[c] ?? c,
    ),
  };
  const all = fit(prepared);
  return {
    model: { kind: 'multinomial-naive-bayes', tokenizer: 'jieba-search', ...all, labels },
    metrics,
  };
}

export interface CompiledClassifier {
  topic: CompiledNaiveBayes;
  department: CompiledNaiveBayes;
  labels: SerializedClassifier['labels'];
}

export function compileClassifier(m: SerializedClassifier): CompiledClassifier {
  return { topic: compileNaiveBayes(m.topic), department: compileNaiveBayes(m.department), labels: m.labels };
}

const top3 = (scored: { label: string; score: number }[], labels: Record<string, string>): Suggestion[] =>
  scored
    .slice(0, 3)
    .map((s) => ({ code: s.label, label: labels[s.label] ?? s.label, score: Math.round(s.score * 10000) / 10000 }));

/** The three most probable topics and departments of a text, with their probabilities. */
export function classify(c: CompiledClassifier, text: string): Suggestions {
  const words = ticketWords(text);
  return {
    topics: top3(predict(c.topic, words), c.labels.topic),
    departments: top3(predict(c.department, words), c.labels.department),
  };
}
