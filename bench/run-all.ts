// Runs every bench script in turn and prints their numbers.
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const scripts = ['daemon-startup.ts'];
for (const script of scripts) {
  console.log(`\n## ${script}`);
  execFileSync(process.execPath, ['--import', 'tsx', fileURLToPath(new URL(script, import.meta.url))], {
    stdio: 'inherit',
  });
}
