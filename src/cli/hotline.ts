/**
 * `onewindow hotline import FILE --map …` and `onewindow hotline train [--eval]`: the routing classifier's history
 * and training (docs/hotline-classifier.md). Runs as the system; every change is an action in the audit log.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createKernel } from '../server/boot.ts';
import { systemCtx } from '../kernel/context.ts';
import { readCsv, readXlsx } from '../kernel/sheets.ts';
import {
  importTrainingSet,
  parseMapping,
  trainClassifier,
  type ImportReport,
  type TrainOutcome,
} from '../modules/hotline/index.ts';
import type { ClassifierMetrics, TaskMetrics } from '../modules/hotline/classifier/index.ts';

export const HOTLINE_USAGE = `  hotline import FILE --map content=COL,topic=COL,department=COL[,created=COL][,division=COL]
                                 load historical 12345 tickets (CSV or XLSX) into the classifier's training set
  hotline train [--eval]         train the routing classifier; --eval prints held-out accuracy, macro-F1 and
                                 per-class precision/recall beside the majority-class baseline`;

/** A command-line mistake: main.ts prints it with the usage and exits 1. */
export class HotlineUsageError extends Error {}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

function formatTask(name: string, m: TaskMetrics): string {
  const width = Math.max(8, ...m.perClass.map((c) => c.label.length * 2));
  const lines = [
    `${name}: accuracy ${pct(m.accuracy)}, macro-F1 ${m.macroF1.toFixed(3)}, top-3 ${pct(m.top3Accuracy)}`,
    `  baseline (always ${m.baseline.label}): accuracy ${pct(m.baseline.accuracy)}, macro-F1 ${m.baseline.macroF1.toFixed(3)}`,
    `  ${'class'.padEnd(width)}  precision  recall  support`,
    ...m.perClass.map(
      (c) =>
        `  ${c.label.padEnd(width - c.label.length)}  ${c.precision.toFixed(3).padStart(9)}  ${c.recall.toFixed(3).padStart(6)}  ${String(c.support).padStart(7)}`,
    ),
  ];
  return lines.join('\n');
}

/** The held-out report `hotline train --eval` prints. */
export function formatMetrics(m: ClassifierMetrics): string {
  return [
    `held-out split: seed ${m.seed}, ${m.testSize} of ${m.trainSize + m.testSize} rows (${pct(m.testShare)})`,
    formatTask('topic', m.topic),
    formatTask('department', m.department),
  ].join('\n');
}

function formatImport(r: ImportReport, file: string): string {
  const head = `${file}: ${r.read} rows read, ${r.added} added, ${r.duplicates} already loaded, ${r.rejected.length} rejected (batch ${r.batchId})`;
  const shown = r.rejected.slice(0, 20).map((x) => `  row ${x.row}: ${x.en} / ${x.zh}`);
  if (r.rejected.length > shown.length) shown.push(`  … and ${r.rejected.length - shown.length} more`);
  return [head, ...shown].join('\n');
}

function formatTrain(o: TrainOutcome, evaluate: boolean): string {
  const lines = evaluate ? [formatMetrics(o.metrics)] : [];
  if (o.model)
    lines.push(`model v${o.model.version} trained on ${o.model.trainingSize} rows at ${o.model.trainedAt}, now in use`);
  else lines.push('the model did not beat the majority-class baseline: not stored, the previous model stays in use');
  return lines.join('\n');
}

/** Runs `hotline <sub> …`; returns the exit code (2 when training did not beat the baseline). */
export async function hotlineCommand(args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const { values, positionals } = parseArgs({
      args: rest,
      options: { map: { type: 'string' } },
      allowPositionals: true,
    });
    const file = positionals[0];
    if (!file || positionals.length > 1) throw new HotlineUsageError('usage: onewindow hotline import FILE --map …');
    if (!values.map) throw new HotlineUsageError('missing --map content=COL,topic=COL,department=COL');
    if (!fs.existsSync(file)) throw new HotlineUsageError(`no such file: ${file}`);
    const mapping = parseMapping(values.map);
    const bytes = fs.readFileSync(file);
    const ext = path.extname(file).toLowerCase();
    if (ext !== '.csv' && ext !== '.xlsx') throw new HotlineUsageError(`${file}: only .csv and .xlsx files are read`);
    const sheet = ext === '.xlsx' ? await readXlsx(bytes) : readCsv(bytes);
    const k = await createKernel();
    try {
      const report = await importTrainingSet(k, systemCtx(k.clock.now()), {
        sheet,
        mapping,
        source: path.basename(file),
      });
      console.log(formatImport(report, path.basename(file)));
      return 0;
    } finally {
      await k.close();
    }
  }
  if (sub === 'train') {
    const { values } = parseArgs({ args: rest, options: { eval: { type: 'boolean' } } });
    const k = await createKernel();
    try {
      const outcome = await trainClassifier(k, systemCtx(k.clock.now()));
      console.log(formatTrain(outcome, values.eval ?? false));
      return outcome.model ? 0 : 2;
    } finally {
      await k.close();
    }
  }
  throw new HotlineUsageError('usage: onewindow hotline import FILE --map … | hotline train [--eval]');
}
