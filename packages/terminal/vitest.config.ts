import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // Real tmux and real ptys: slower than unit tests, and a loaded 2-core CI box is slower still.
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
