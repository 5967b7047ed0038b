import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['server/**/*.test.ts', 'lib/**/*.test.ts', 'components/**/*.test.ts', 'share/**/*.test.ts'],
    environment: 'node',
  },
});
