import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // Each file starts a real daemon, web server, tmux server and Chromium; on 2 shared cores,
    // one file at a time, and generous time limits (waits poll; nothing sleeps a fixed time).
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 120_000,
    retry: 0,
  },
});
