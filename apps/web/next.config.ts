import type { NextConfig } from 'next';

const config: NextConfig = {
  reactStrictMode: true,
  // The web app imports only types from @rdv/api; nothing of the daemon's runtime is bundled.
  typescript: { tsconfigPath: './tsconfig.json' },
};

export default config;
