#!/usr/bin/env node
import { createCliContext } from './context.ts';
import { run } from './run.ts';

// `rdv session list | head -1`: a closed pipe is the reader's choice, not an error.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(0);
  throw error;
});

const code = await run(createCliContext(), process.argv.slice(2));
// Exit now rather than wait for idle keep-alive sockets; stdout and stderr are synchronous
// for files, pipes and terminals on Linux, so nothing written is lost.
process.exit(code);
