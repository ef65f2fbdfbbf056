// A throw-away PostgreSQL server for tests (initdb + pg_ctl in a temp dir, loopback only), or the one CI gives in
// SMTP_RELAY_TEST_DATABASE_URL; each test gets its own database on it.
//
//   if (postgresSkip) { test('needs PostgreSQL', { skip: postgresSkip }, () => {}); }  // never skipped when CI=true
//   const server = await startTestPostgres();        // in before(); after(() => server.stop())
//   const url = await server.createDatabase();       // postgres://postgres@127.0.0.1:PORT/relay_test_...
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chownSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import pg from 'pg';
import { freePort } from './free-port.ts';
import { processAlive } from './process-alive.ts';

/** A running server; `stop()` drops the databases this helper created and stops a server it started, by PID. */
export interface TestPostgres {
  /** URL of the server's maintenance database. */
  url: string;
  /** Creates an empty database and returns its URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

const sharedUrl = process.env.SMTP_RELAY_TEST_DATABASE_URL;

/** Finds a PostgreSQL server binary on PATH or in Debian's /usr/lib/postgresql/<major>/bin. */
function findBinary(name: string): string | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) if (dir && existsSync(join(dir, name))) return join(dir, name);
  const root = '/usr/lib/postgresql';
  const majors = existsSync(root) ? readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  return majors.map((major) => join(root, major, 'bin', name)).find((path) => existsSync(path)) ?? null;
}

/**
 * Why PostgreSQL tests cannot run here, or false when they can. Always false with CI=true, so that a CI
 * run without PostgreSQL fails loudly in startTestPostgres() instead of skipping.
 */
export const postgresSkip: string | false = sharedUrl || process.env.CI === 'true' || (findBinary('initdb') && findBinary('pg_ctl'))
  ? false
  : 'PostgreSQL not found (initdb/pg_ctl); install it or set SMTP_RELAY_TEST_DATABASE_URL';

/** Runs a PostgreSQL tool, as the `postgres` system user when this process is root (initdb refuses root). */
function run(binary: string, args: string[], asUser: string | null): void {
  const [command, argv] = asUser ? ['runuser', ['-u', asUser, '--', binary, ...args]] : [binary, args];
  const result = spawnSync(command, argv, { encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${binary} ${args[0]} failed (${result.status}): ${result.error?.message ?? ''}${result.stdout}${result.stderr}`);
}

/** Starts initdb + postgres on a free loopback port; the socket dir and data live in one temp dir. */
async function startOwnServer(): Promise<{ url: string; stop(): Promise<void> }> {
  const [initdb, pgCtl] = [findBinary('initdb'), findBinary('pg_ctl')];
  if (!initdb || !pgCtl) throw new Error('PostgreSQL tests need initdb and pg_ctl (Debian package "postgresql") or SMTP_RELAY_TEST_DATABASE_URL');
  const root = mkdtempSync(join(tmpdir(), 'relay-pg-'));
  const [data, sockets] = [join(root, 'data'), join(root, 'sockets')];
  mkdirSync(sockets);
  const asUser = process.getuid?.() === 0 ? 'postgres' : null;
  if (asUser) {
    const [uid, gid] = ['-u', '-g'].map((flag) => spawnSync('id', [flag, asUser], { encoding: 'utf8' }).stdout?.trim() ?? '');
    if (!/^\d+$/.test(uid) || !/^\d+$/.test(gid)) throw new Error(`running as root: the system user "${asUser}" is needed to run initdb`);
    for (const path of [root, sockets]) chownSync(path, Number(uid), Number(gid));
  }
  run(initdb, ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--no-sync'], asUser);
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const settings = `-p ${port} -k ${sockets} -c listen_addresses=127.0.0.1 -c max_connections=300`;
    try {
      run(pgCtl, ['start', '-D', data, '-l', join(root, 'server.log'), '-w', '-t', '30', '-o', settings], asUser);
    } catch (error) {
      lastError = error;
      continue;
    }
    const pid = Number(readFileSync(join(data, 'postmaster.pid'), 'utf8').split('\n')[0]);
    // If the test process dies without its after() hooks, the server is still told to shut down.
    const onExit = () => { if (processAlive(pid)) process.kill(pid, 'SIGQUIT'); };
    process.once('exit', onExit);
    return {
      url: `postgres://postgres@127.0.0.1:${port}/postgres`,
      async stop() {
        process.removeListener('exit', onExit);
        if (processAlive(pid)) process.kill(pid, 'SIGQUIT'); // immediate shutdown: the data is thrown away anyway
        for (let waited = 0; processAlive(pid) && waited < 10_000; waited += 50) await new Promise((r) => setTimeout(r, 50));
        if (processAlive(pid)) process.kill(pid, 'SIGKILL');
        rmSync(root, { recursive: true, force: true });
      },
    };
  }
  rmSync(root, { recursive: true, force: true });
  throw lastError;
}

async function adminQuery(url: string, sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** Uses SMTP_RELAY_TEST_DATABASE_URL when set, else starts a private server; rejects with the reason when it cannot. */
export async function startTestPostgres(): Promise<TestPostgres> {
  const server = sharedUrl ? { url: sharedUrl, stop: async () => undefined } : await startOwnServer();
  const created: string[] = [];
  return {
    url: server.url,
    async createDatabase() {
      const name = `relay_test_${randomBytes(6).toString('hex')}`;
      await adminQuery(server.url, `CREATE DATABASE ${name}`);
      created.push(name);
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async stop() {
      if (sharedUrl) for (const name of created) await adminQuery(server.url, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`).catch(() => undefined);
      await server.stop();
    },
  };
}
