import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  // Types are checked by `npm run typecheck` (tsc -p apps/web, with the rest of the monorepo);
  // a second check here would double the build time of `npm start`'s first run.
  typescript: { ignoreBuildErrors: true, tsconfigPath: './tsconfig.json' },
  // The custom server (server/main.ts) sets its own headers; no "X-Powered-By".
  poweredByHeader: false,
  // The web app imports only types from @rdv/api; nothing of the daemon's runtime is bundled.
  productionBrowserSourceMaps: false,
};

export default config;
