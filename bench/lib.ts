/** Small helpers shared by the bench scripts: percentiles and printing. */
import { loadavg } from 'node:os';

/** The 1, 5 and 15 minute load averages, as the benches print them. */
export function loadAverage(): string {
  return loadavg()
    .map((load) => load.toFixed(2))
    .join(' ');
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export function summarize(samples: number[]): { n: number; p50: number; p90: number; p99: number; max: number } {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    n: sorted.length,
    p50: percentile(sorted, 50),
    p90: percentile(sorted, 90),
    p99: percentile(sorted, 99),
    max: sorted[sorted.length - 1] ?? Number.NaN,
  };
}

export function fmt(ms: number): string {
  return ms < 10 ? ms.toFixed(3) : ms.toFixed(1);
}

export function printRow(label: string, stats: ReturnType<typeof summarize>, unit = 'ms'): void {
  console.log(
    `${label.padEnd(44)} n=${String(stats.n).padStart(5)}  p50=${fmt(stats.p50)}${unit}  p90=${fmt(stats.p90)}${unit}  p99=${fmt(stats.p99)}${unit}  max=${fmt(stats.max)}${unit}`,
  );
}
