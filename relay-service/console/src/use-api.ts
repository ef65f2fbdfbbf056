// A Preact hook that reads one API path, optionally again every few seconds, and says when it is loading or failed.
import { useCallback, useEffect, useState } from 'preact/hooks';
import { api, ApiFailure } from './api.ts';

export interface ApiState<T> {
  data: T | undefined;
  error: ApiFailure | undefined;
  reload(): void;
}

/** GETs `path` (null: nothing yet); with `refreshMs`, again on that interval while the tab is visible. */
export function useApi<T>(path: string | null, refreshMs?: number): ApiState<T> {
  const [data, setData] = useState<T>();
  const [error, setError] = useState<ApiFailure>();
  const [tick, setTick] = useState(0);
  const reload = useCallback(() => setTick((n) => n + 1), []);
  useEffect(() => {
    if (path === null) return;
    let current = true;
    api<T>('GET', path).then(
      (body) => { if (current) { setData(body); setError(undefined); } },
      (failed: unknown) => { if (current) setError(failed instanceof ApiFailure ? failed : new ApiFailure(0, String(failed))); },
    );
    return () => { current = false; };
  }, [path, tick]);
  useEffect(() => {
    if (!refreshMs) return;
    const timer = setInterval(() => { if (document.visibilityState === 'visible') reload(); }, refreshMs);
    return () => clearInterval(timer);
  }, [refreshMs, reload]);
  return { data, error, reload };
}
