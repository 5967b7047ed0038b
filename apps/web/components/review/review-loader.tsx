'use client';

import dynamic from 'next/dynamic';

/**
 * The diff view, loaded the first time it is opened: react-diff-view, refractor's grammars and
 * their CSS stay out of the dashboard's first load.
 */
export const ReviewPaneLoader = dynamic(() => import('./review-pane').then((m) => m.ReviewPane), {
  ssr: false,
  loading: () => <p style={{ padding: 16, color: '#8a93a3' }}>Loading the diff view…</p>,
});
