import { DashboardLoader } from '../components/dashboard-loader';

// The dashboard is a client-only app behind the web server's authentication: nothing to
// pre-render but the shell. It is still rendered per request, because each response carries its
// own Content-Security-Policy nonce, which Next.js must write into the page's script tags.
export const dynamic = 'force-dynamic';

export default function Home() {
  return <DashboardLoader />;
}
