// Bundles the daemon into dist/main.js: workspace packages (TypeScript source) are inlined,
// npm dependencies stay external, and the migrations are copied beside the bundle.
import { build } from 'esbuild';
import { cpSync, rmSync } from 'node:fs';

rmSync('dist', { recursive: true, force: true });
await build({
  entryPoints: ['src/main.ts'],
  outfile: 'dist/main.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  banner: { js: "import { createRequire as __rdvCreateRequire } from 'node:module'; const require = __rdvCreateRequire(import.meta.url);" },
  plugins: [
    {
      name: 'externalize-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@rdv/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
cpSync('../../prisma/migrations', 'dist/migrations', { recursive: true });
