import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // Each file starts real daemons and tmux servers; on 2 cores, one file at a time is faster.
    fileParallelism: false,
  },
});
