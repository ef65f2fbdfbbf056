// Tells one node about config commits made by any node: LISTEN/NOTIFY on one channel, plus a slow version poll.
import pg from 'pg';

/** The channel every config commit notifies, with the new config version as payload (sent inside the transaction). */
export const configChannel = 'relay_config_changed';

/**
 * Follows the config version of one database. `onChange` runs once per version increase this feed learns
 * of: from its own node's commits (`committed`, at once), from NOTIFY (other nodes, well under a second),
 * or from the poll every `pollMs` (the safety net while the LISTEN connection is down or a notice was lost).
 */
export class ConfigChangeFeed {
  private listener: pg.Client | null = null;
  private connecting: Promise<void> | null = null;
  private readonly timer: NodeJS.Timeout;
  private closed = false;

  private constructor(private readonly url: string, private readonly pool: pg.Pool, private seen: number,
    private readonly onChange: () => void, pollMs: number) {
    this.timer = setInterval(() => void this.poll(), pollMs);
    this.timer.unref();
  }

  /** Starts listening, then reads the current version (so no commit falls between the two). */
  static async start(url: string, pool: pg.Pool, onChange: () => void, pollMs: number): Promise<ConfigChangeFeed> {
    const feed = new ConfigChangeFeed(url, pool, Number.MAX_SAFE_INTEGER, onChange, pollMs);
    try {
      await feed.listen();
      feed.seen = (await pool.query<{ config_version: number }>('SELECT config_version FROM config_meta')).rows[0].config_version;
      return feed;
    } catch (error) {
      await feed.close();
      throw error;
    }
  }

  /** This node committed `version`. */
  committed(version: number): void {
    this.saw(version);
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.timer);
    await this.connecting?.catch(() => undefined);
    await this.listener?.end().catch(() => undefined);
    this.listener = null;
  }

  private saw(version: number): void {
    if (this.closed || !(version > this.seen)) return;
    this.seen = version;
    this.onChange();
  }

  private listen(): Promise<void> {
    this.connecting ??= (async () => {
      // Keep-alive: a LISTEN connection that only waits would otherwise not notice a server that vanished.
      const client = new pg.Client({ connectionString: this.url, connectionTimeoutMillis: 10_000, keepAlive: true });
      const lost = () => { if (this.listener === client) this.listener = null; };
      client.on('error', lost);
      client.on('end', lost);
      client.on('notification', (message) => this.saw(Number(message.payload)));
      try {
        await client.connect();
        await client.query(`LISTEN ${configChannel}`);
      } catch (error) {
        await client.end().catch(() => undefined);
        throw error;
      }
      if (this.closed) await client.end();
      else this.listener = client;
    })().finally(() => { this.connecting = null; });
    return this.connecting;
  }

  private async poll(): Promise<void> {
    try {
      if (!this.listener) await this.listen();
      this.saw((await this.pool.query<{ config_version: number }>('SELECT config_version FROM config_meta')).rows[0].config_version);
    } catch {
      // The database is unreachable right now; the next poll tries again.
    }
  }
}
