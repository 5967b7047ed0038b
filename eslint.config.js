// One flat config for the whole monorepo; each package runs `eslint .` and finds this file.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      '**/.next/**',
      '**/.turbo/**',
      '**/generated/**',
      '**/next-env.d.ts',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/require-await': 'off',
    },
  },
  {
    // Layers point one way: the daemon is the only process that runs the router, so the apps and
    // the client packages take nothing but types from @rdv/api (what they run comes from
    // @rdv/contract, @rdv/config, @rdv/policy and @rdv/client), and nothing imports the daemon.
    files: ['apps/web/**/*.{ts,tsx}', 'apps/cli/**/*.ts', 'packages/client/**/*.ts', 'packages/mcp/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@rdv/api',
              message: 'only the daemon runs @rdv/api; import its types with `import type`',
              allowTypeImports: true,
            },
            { name: '@rdv/daemon', message: 'the daemon is a process, not a library' },
          ],
          patterns: [
            {
              group: ['@rdv/api/*'],
              message: 'only the daemon runs @rdv/api; import its types with `import type`',
              allowTypeImports: true,
            },
            { group: ['@rdv/daemon/*'], message: 'the daemon is a process, not a library' },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.test.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
    },
  },
);
