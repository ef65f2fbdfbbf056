// The console app: loads the session, then renders the page the URL fragment names inside the common header and navigation.
import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import { loadSession, logout, type ConsoleSession } from './api.ts';
import { AuditPage } from './pages/audit.tsx';
import { DeadLettersPage } from './pages/dead-letters.tsx';
import { MessagePage } from './pages/message.tsx';
import { OverviewPage } from './pages/overview.tsx';
import { QueuePage } from './pages/queue.tsx';
import { RelayCheckPage } from './pages/relay-check.tsx';
import { useRoute, type Route } from './route.ts';

const pages = [
  { path: '', label: 'Overview' },
  { path: 'queue', label: 'Queue' },
  { path: 'dead-letters', label: 'Dead letters' },
  { path: 'audit', label: 'Audit log' },
  { path: 'relay-check', label: 'Relay check' },
];

function Page({ route, admin }: { route: Route; admin: boolean }) {
  const [first, second] = route.segments;
  if (first === 'queue' && second) return <MessagePage id={second} />;
  if (first === 'queue') return <QueuePage route={route} />;
  if (first === 'dead-letters') return <DeadLettersPage />;
  if (first === 'audit') return <AuditPage route={route} />;
  if (first === 'relay-check') return <RelayCheckPage route={route} />;
  return <OverviewPage admin={admin} />;
}

function App({ session }: { session: ConsoleSession }) {
  const route = useRoute();
  const main = useRef<HTMLElement>(null);
  const current = route.segments[0] ?? '';
  const title = pages.find((p) => p.path === current)?.label ?? 'Overview';
  const firstPage = useRef(true);
  // Going to another page moves focus to its content, so keyboard and screen reader users start there; the first page
  // leaves focus where a page load puts it (the skip link comes first).
  useEffect(() => {
    document.title = `${title} · Relayform console`;
    if (!firstPage.current) main.current?.focus();
    firstPage.current = false;
  }, [title, route.segments.join('/')]);
  return (
    <>
      <a class="skip" href="#main" onClick={(event) => { event.preventDefault(); main.current?.focus(); }}>Skip to content</a>
      <header class="top">
        <span class="brand">Relayform console</span>
        <nav aria-label="Console pages">
          <ul>
            {pages.map((page) => (
              <li key={page.path}><a href={`#/${page.path}`} aria-current={page.path === current ? 'page' : undefined}>{page.label}</a></li>
            ))}
          </ul>
        </nav>
        <div class="who">
          <span>Signed in as <strong>{session.principal.name}</strong>{session.principal.kind === 'admin' ? '' : ' (operator)'}</span>
          <button type="button" onClick={() => void logout()}>Sign out</button>
        </div>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        <Page route={route} admin={session.principal.kind === 'admin'} />
      </main>
    </>
  );
}

const root = document.getElementById('app')!;
loadSession().then(
  (session) => {
    root.replaceChildren(); // the "Loading" text the server wrote: render() adds to what is there
    render(<App session={session} />, root);
  },
  (error: unknown) => { root.textContent = `The console could not start: ${String(error)}`; },
);
