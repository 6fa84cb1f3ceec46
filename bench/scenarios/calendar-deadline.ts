/** In-process latency of a 20-working-day deadline, against adding 20 × 24 h to a Date. */
import type { Scenario } from '../harness.ts';
import { latencyPercentiles, prng } from '../harness.ts';

export const calendarDeadline: Scenario = {
  name: 'calendar-deadline',
  description:
    "In-process k.calendar.compute({ unit: 'working_days', amount: 20, start }) over random start instants in 2025–2026 (official holiday data), " +
    'versus new Date(start + 20 × 86 400 000). Scale = timed calls.',
  defaultScale: 200_000,
  smokeScale: 5000,

  async seed() {
    // Nothing to seed: the built-in calendar data is enough.
  },

  async run(ctx, scale) {
    const rnd = prng(7);
    const from = Date.UTC(2024, 11, 31, 16); // 2025-01-01 00:00 in Shanghai
    const span = Date.UTC(2026, 10, 30) - from;
    const starts = Array.from({ length: 4096 }, () => new Date(from + Math.floor(rnd() * span)));
    const cal = ctx.k.calendar;
    const real = await latencyPercentiles(
      (i) => cal.compute({ unit: 'working_days', amount: 20, start: starts[i & 4095] }),
      scale,
    );
    const base = await latencyPercentiles((i) => new Date(starts[i & 4095].getTime() + 20 * 86_400_000), scale);
    ctx.note(
      'Per-call figures include about 0.05–0.1 µs of process.hrtime.bigint() overhead, which dominates the baseline.',
    );
    return [
      {
        name: 'calendar.compute 20 working days p50',
        unit: 'ms',
        value: real.p50Ms,
        baseline: { name: 'Date + 20 × 24 h p50', value: base.p50Ms },
        lowerIsBetter: true,
      },
      {
        name: 'calendar.compute 20 working days p99',
        unit: 'ms',
        value: real.p99Ms,
        baseline: { name: 'Date + 20 × 24 h p99', value: base.p99Ms },
        lowerIsBetter: true,
      },
      {
        name: 'calendar.compute back to back',
        unit: 'ops/s',
        value: real.opsPerSec,
        baseline: { name: 'Date + 20 × 24 h back to back', value: base.opsPerSec },
        lowerIsBetter: false,
      },
    ];
  },
};
