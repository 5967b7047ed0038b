import { DashboardLoader } from '../components/dashboard-loader';

// The dashboard is a client-only app behind the web server's authentication: nothing to
// pre-render but the shell, so the page stays static and tiny.
export default function Home() {
  return <DashboardLoader />;
}
