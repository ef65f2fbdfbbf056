// Makes sure every node sharing a database seals secrets with the same key, so each can open what another stored.
import type pg from 'pg';

/** The part of SecretBox this check needs. */
export interface SealingKey {
  encrypt(plain: string): string;
  decrypt(sealed: string): string;
}

const probe = 'relayform secret key check';

/**
 * The first node to start records a probe sealed with its key; every later start (any node) must open it.
 * Rejects when it cannot: that node's secret.key differs, and it could not use passwords, certificate keys
 * or outbound credentials written through other nodes.
 */
export async function checkSharedSecretKey(pool: pg.Pool, key: SealingKey): Promise<void> {
  await pool.query('INSERT INTO secret_key_check (id, sealed) VALUES (1, $1) ON CONFLICT (id) DO NOTHING', [key.encrypt(probe)]);
  const { rows } = await pool.query<{ sealed: string }>('SELECT sealed FROM secret_key_check WHERE id = 1');
  let opened: string | null = null;
  try {
    opened = key.decrypt(rows[0].sealed);
  } catch {
    // Another key sealed it: reported below.
  }
  if (opened !== probe) {
    throw new Error('this node\'s secret key (<data-dir>/secret.key) differs from the one the nodes sharing this database use: copy secret.key from one of them');
  }
}
