'use client';

import dynamic from 'next/dynamic';

/** xterm.js and the live client need `window`: the dashboard renders in the browser only. */
export const DashboardLoader = dynamic(() => import('./dashboard').then((m) => m.Dashboard), {
  ssr: false,
  loading: () => <div style={{ padding: 24, color: '#8a93a3' }}>loading rdv…</div>,
});
