// What a page shows when the API refused or failed: the API's own message, and for 403 that the role does not allow it.
import type { ApiFailure } from '../api.ts';

export function ErrorNote({ error, what }: { error: ApiFailure; what: string }) {
  const text = error.status === 403 ? `Your sign-in may not see ${what}: ${error.message}` : `Could not load ${what}: ${error.message}`;
  return <p class="error" role="alert">{text}</p>;
}
