import type { RouterOutputs } from '@rdv/api';

// The dashboard arrives with issue 7; this page proves the type-only import of the router.
type Health = RouterOutputs['health'];

const placeholder: Pick<Health, 'status'> = { status: 'healthy' };

export default function Home() {
  return (
    <main>
      <h1>rdv</h1>
      <p>The dashboard is not built yet. Daemon status type check: {placeholder.status}.</p>
    </main>
  );
}
