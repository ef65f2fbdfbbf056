// Dead letters: accepted mail that could neither be delivered nor returned, with why, when it expires, download and delete.
import { useState } from 'preact/hooks';
import type { DeadLetterJson, ItemsJson } from '@relayform/schema/api-wire-types.ts';
import { api, ApiFailure } from '../api.ts';
import { ErrorNote } from '../components/error-note.tsx';
import { bytes, time } from '../format.ts';
import { useApi } from '../use-api.ts';

export function DeadLettersPage() {
  const letters = useApi<ItemsJson<DeadLetterJson>>('/v1/dead-letters', 10_000);
  const [notice, setNotice] = useState('');
  const remove = async (letter: DeadLetterJson) => {
    if (!window.confirm(`Delete dead letter ${letter.id} for good?`)) return;
    try {
      await api('DELETE', `/v1/dead-letters/${encodeURIComponent(letter.id)}`);
      setNotice(`Dead letter ${letter.id} deleted.`);
    } catch (error) {
      setNotice(error instanceof ApiFailure ? error.message : String(error));
    }
    letters.reload();
  };
  return (
    <>
      <h1>Dead letters</h1>
      <p class="muted">Mail the relay accepted but could neither deliver nor return to its sender. Each is kept until it expires.</p>
      <p class="status" aria-live="polite">{notice}</p>
      {letters.error ? <ErrorNote error={letters.error} what="the dead letters" /> : (
        <table class="list">
          <thead>
            <tr>
              <th scope="col">Id</th><th scope="col">Sender</th><th scope="col">Recipients</th><th scope="col">Size</th>
              <th scope="col">Why</th><th scope="col">Dead since</th><th scope="col">Expires</th><th scope="col"><span class="visually-hidden">Actions</span></th>
            </tr>
          </thead>
          <tbody>
            {letters.data?.items.length === 0 && <tr><td colSpan={8}>No dead letters.</td></tr>}
            {letters.data?.items.map((letter) => (
              <tr key={letter.id}>
                <td>{letter.id}</td><td>{letter.sender || '<>'}</td><td>{letter.recipients.map((r) => r.address).join(', ')}</td>
                <td>{bytes(letter.size)}</td><td>{letter.reason}</td><td>{time(letter.dead_at)}</td><td>{time(letter.expires_at)}</td>
                <td class="actions">
                  <a class="button" href={`/v1/dead-letters/${encodeURIComponent(letter.id)}/message`} aria-label={`Download ${letter.id} as .eml`}>Download</a>
                  <button type="button" class="danger" onClick={() => remove(letter)} aria-label={`Delete dead letter ${letter.id}`}>Delete</button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </>
  );
}
