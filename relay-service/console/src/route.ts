// The console's pages live in the URL fragment (#/queue?state=deferred): the server serves one page, the browser keeps history.
import { useEffect, useState } from 'preact/hooks';

export interface Route {
  /** Path segments after "#/", e.g. ['queue', '<id>']; [] for the overview. */
  segments: string[];
  query: URLSearchParams;
}

function current(): Route {
  const [path, search = ''] = window.location.hash.replace(/^#\/?/, '').split('?', 2);
  return { segments: path.split('/').filter(Boolean).map(decodeURIComponent), query: new URLSearchParams(search) };
}

/** The route now, updated on every hash change. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const changed = () => setRoute(current());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return route;
}

/** A link target for a page and its query (empty values left out). */
export function href(path: string, query: Record<string, string | undefined> = {}): string {
  const search = new URLSearchParams(Object.entries(query).filter((entry): entry is [string, string] => Boolean(entry[1]))).toString();
  return `#/${path}${search ? `?${search}` : ''}`;
}
