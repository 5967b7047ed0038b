// Samples every process's argv (/proc/<pid>/cmdline) in a tight loop, in its own process so the
// test's event loop cannot slow it down. Reads one JSON line on stdin: { needles, watch } (never
// argv: its own cmdline would hold the needles). Any later line on stdin stops it; it then
// prints one JSON line: how many rounds it made, the pids whose argv contained `watch`, and
// every argv that held a needle.
import { readdirSync, readFileSync } from 'node:fs';

const BURST_MS = 25;
let config;
let stop = false;
let input = '';
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk) => {
  input += chunk;
  const lines = input.split('\n');
  if (!config && lines.length > 1) {
    config = JSON.parse(lines[0]);
    input = lines.slice(1).join('\n');
    process.stdout.write('ready\n');
    setImmediate(loop);
  }
  if (config && input.length > 0) stop = true;
});

let rounds = 0;
const watched = new Set();
const hits = new Map();

function sampleOnce() {
  for (const pid of readdirSync('/proc')) {
    if (pid < '0' || pid > '9' || pid === String(process.pid)) continue;
    let argv;
    try {
      argv = readFileSync(`/proc/${pid}/cmdline`, 'latin1');
    } catch {
      continue; // exited while we looked
    }
    if (argv.includes(config.watch)) watched.add(Number(pid));
    for (const needle of config.needles) {
      if (argv.includes(needle) && !hits.has(`${pid} ${needle}`)) {
        hits.set(`${pid} ${needle}`, { pid: Number(pid), needle, argv: argv.replaceAll('\0', ' ').slice(0, 300) });
      }
    }
  }
  rounds += 1;
}

function loop() {
  const until = Date.now() + BURST_MS;
  while (Date.now() < until) sampleOnce();
  if (!stop) return setImmediate(loop);
  process.stdout.write(`${JSON.stringify({ rounds, watched: [...watched], hits: [...hits.values()].slice(0, 50) })}\n`);
  process.exit(0);
}
