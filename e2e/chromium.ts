/**
 * How the browser tests launch Debian's Chromium (never a downloaded browser): the flags keep
 * it from reaching for hosts a closed network cannot reach. The tests arrive with the dashboard.
 */
export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
] as const;
