import type { ReactNode } from 'react';

export const metadata = { title: 'rdv', description: 'Persistent terminals for AI agents and shells' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
