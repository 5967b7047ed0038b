// Runs every bench script in turn and prints their numbers.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scripts = [
  'daemon-startup.ts',
  'terminal-throughput.ts',
  'keystroke-latency.ts',
  'flood.ts',
  'flood-bare.ts',
  'tmux-isolation.ts',
  'daemon-memory.ts',
  'sessions-list.ts',
  'search.ts',
  'cli.ts',
  'web.ts',
  'fleet.ts',
];
const failed: string[] = [];
for (const script of scripts) {
  console.log(`\n## ${script}`);
  try {
    execFileSync(
      process.execPath,
      ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))],
      {
        stdio: 'inherit',
      },
    );
  } catch {
    failed.push(script); // it printed its own error; run the others anyway
  }
}
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
