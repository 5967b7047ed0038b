import type { Metadata, Viewport } from 'next';
import type { ReactNode } from 'react';
import '@xterm/xterm/css/xterm.css';
import './globals.css';

export const metadata: Metadata = {
  title: 'rdv',
  description: 'Persistent terminals for AI agents and shells',
  robots: { index: false, follow: false },
  // iOS: "Add to Home Screen" opens the dashboard full screen (the manifest is Android/desktop).
  appleWebApp: { capable: true, title: 'rdv', statusBarStyle: 'black' },
};

export const viewport: Viewport = {
  width: 'device-width',
  initialScale: 1,
  themeColor: '#0f1115',
  // Android: the on-screen keyboard shrinks the page, so the terminal and its key bar stay above it.
  interactiveWidget: 'resizes-content',
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <head>
        {/* With credentials: behind Cloudflare Access a manifest fetched without cookies is refused. */}
        <link rel="manifest" href="/manifest.webmanifest" crossOrigin="use-credentials" />
      </head>
      <body>{children}</body>
    </html>
  );
}
