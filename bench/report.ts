/** Benchmark results: the JSON record, its markdown table, and the machine they were measured on. */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import type { Measurement } from './harness.ts';
import { RESULTS_DIR } from './databases.ts';

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  platform: string;
  arch: string;
  node: string;
  loadAverage: number[];
  hostname: string;
  gitCommit: string | null;
}

export function machineInfo(): MachineInfo {
  let gitCommit: string | null;
  try {
    gitCommit =
      execFileSync('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] })
        .toString()
        .trim() || null;
  } catch {
    gitCommit = null;
  }
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model?.trim() ?? 'unknown',
    memoryGb: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    platform: `${os.platform()} ${os.release()}`,
    arch: os.arch(),
    node: process.version,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    hostname: os.hostname(),
    gitCommit,
  };
}

export interface MeasurementRecord extends Measurement {
  /** value / baseline.value */
  ratio: number;
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  db: 'sqlite' | 'postgres';
  scale: number;
  smoke: boolean;
  date: string;
  startedAt: string;
  /** Wall seconds for this scenario, seeding included. */
  wallSeconds: number;
  settings: { durationSec: number; warmupSec: number; connections: number; pairs?: number; logLevel: string };
  seed: {
    cached: boolean;
    location: string;
    seconds: number | null;
    completedAt: string | null;
    info: Record<string, unknown>;
  };
  machine: MachineInfo;
  measurements: MeasurementRecord[];
  notes: string[];
  error: string | null;
}

export function withRatios(ms: Measurement[]): MeasurementRecord[] {
  return ms.map((m) => ({ ...m, ratio: m.baseline.value ? m.value / m.baseline.value : NaN }));
}

/** A number with about 3–4 significant digits and thousands separators. */
export function fmt(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  if (a >= 1000) return Math.round(v).toLocaleString('en-US');
  if (a >= 100) return v.toFixed(0);
  if (a >= 10) return v.toFixed(1);
  if (a >= 1) return v.toFixed(2);
  if (a >= 0.01) return v.toFixed(3);
  if (a === 0) return '0';
  return v.toPrecision(2);
}

function ratioText(m: MeasurementRecord): string {
  if (!Number.isFinite(m.ratio)) return '–';
  return `${m.ratio >= 100 ? Math.round(m.ratio) : m.ratio.toPrecision(2)}×`;
}

export function machineLine(m: MachineInfo): string {
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.platform} ${m.arch}, Node ${m.node}, load ${m.loadAverage.join(' ')}${m.gitCommit ? `, commit ${m.gitCommit}` : ''}`;
}

export function scenarioMarkdown(r: ScenarioResult): string {
  const lines: string[] = [];
  lines.push(`### ${r.scenario} · ${r.db} · scale ${r.scale.toLocaleString('en-US')}${r.smoke ? ' · smoke' : ''}`);
  lines.push('');
  lines.push(r.description);
  lines.push('');
  const seed = r.seed.cached
    ? `reused cached database (${r.seed.location}, seeded ${r.seed.completedAt ?? '?'})`
    : `seeded in ${r.seed.seconds?.toFixed(1) ?? '?'} s (${r.seed.location})`;
  lines.push(
    `${r.date} · ${seed} · ${r.settings.durationSec} s per load figure, ${r.settings.connections} connections, ${r.settings.pairs ?? 1} alternated pair(s) per ratio, log level ${r.settings.logLevel} · wall ${r.wallSeconds.toFixed(1)} s`,
  );
  lines.push('');
  if (r.error) {
    lines.push(`**ERROR:** ${r.error}`);
    lines.push('');
  }
  if (r.measurements.length) {
    lines.push('| Measurement | Value | Baseline | Baseline value | Ratio | Better |');
    lines.push('|---|---:|---|---:|---:|:---:|');
    for (const m of r.measurements) {
      lines.push(
        `| ${m.name} | ${fmt(m.value)} ${m.unit} | ${m.baseline.name} | ${fmt(m.baseline.value)} ${m.unit} | ${ratioText(m)} | ${m.lowerIsBetter ? 'lower' : 'higher'} |`,
      );
    }
    lines.push('');
  }
  for (const n of r.notes) lines.push(`- ${n}`);
  if (r.notes.length) lines.push('');
  return lines.join('\n');
}

/** Writes `<date>-<db>-<scenario>[-smoke].json` and `.md` under bench/results; returns the JSON path. */
export function writeResult(r: ScenarioResult): string {
  fs.mkdirSync(RESULTS_DIR, { recursive: true });
  const base = path.join(RESULTS_DIR, `${r.date}-${r.db}-${r.scenario}${r.smoke ? '-smoke' : ''}`);
  fs.writeFileSync(`${base}.json`, JSON.stringify(r, null, 2) + '\n');
  fs.writeFileSync(`${base}.md`, `${scenarioMarkdown(r)}\nMachine: ${machineLine(r.machine)}\n`);
  return `${base}.json`;
}
