// Summarizes a V8 .cpuprofile (e.g. from BENCH_CPU_PROFILE=<dir>): self time by package/file and
// the top functions. Run: npx tsx bench/profile-summary.ts <file.cpuprofile> [topN]
import { readFileSync } from 'node:fs';

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: Node[];
  samples: number[];
  timeDeltas: number[];
}

const file = process.argv[2];
if (!file) throw new Error('usage: profile-summary.ts <file.cpuprofile> [topN]');
const top = Number(process.argv[3] ?? 15);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfUs = new Map<number, number>();
profile.samples.forEach((id, i) =>
  selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)),
);

function bucket(url: string, name: string): string {
  if (!url) return name.startsWith('(') ? name : '(native/builtin)';
  const m = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (m) return m[1]!;
  if (url.startsWith('node:')) return url;
  return url.replace(/^.*\/(apps|packages)\//, '$1/');
}

const buckets = new Map<string, number>();
const funcs = new Map<string, number>();
let total = 0;
for (const [id, us] of selfUs) {
  const node = byId.get(id)!;
  const { url, functionName, lineNumber } = node.callFrame;
  total += us;
  const b = bucket(url, functionName);
  buckets.set(b, (buckets.get(b) ?? 0) + us);
  const f = `${functionName || '(anonymous)'} ${bucket(url, functionName)}:${lineNumber + 1}`;
  funcs.set(f, (funcs.get(f) ?? 0) + us);
}
const print = (title: string, map: Map<string, number>) => {
  console.log(`\n${title}`);
  for (const [k, us] of [...map].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${(us / 1000).toFixed(0).padStart(8)} ms ${((us / total) * 100).toFixed(1).padStart(5)}%  ${k}`,
    );
  }
};
console.log(`total sampled ${(total / 1000).toFixed(0)} ms`);
print('self time by package / file', buckets);
print('self time by function', funcs);
