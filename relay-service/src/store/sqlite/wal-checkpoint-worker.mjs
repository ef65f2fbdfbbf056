// The checkpoint thread of WalCheckpointer (wal-checkpointer.ts), one per process: a connection per queue store
// that asked, one checkpoint per request, answered with the request's id.
// Plain JavaScript: worker threads do not get the TypeScript loader the relay runs under.
import { parentPort } from 'node:worker_threads';
import Database from 'better-sqlite3';

const connections = new Map();

function connection(key, file) {
  let db = connections.get(key);
  if (!db) {
    db = new Database(file, { fileMustExist: true });
    db.pragma('busy_timeout = 5000');
    // Checkpoints only when asked. synchronous FULL (the default) syncs the WAL before copying it back and the
    // database file after, so the WAL is restarted only once its pages are durable in the database.
    db.pragma('wal_autocheckpoint = 0');
    connections.set(key, db);
  }
  return db;
}

parentPort.on('message', ({ id, op, key, file }) => {
  try {
    if (op === 'close') {
      connections.get(key)?.close();
      connections.delete(key);
    } else {
      connection(key, file).pragma('wal_checkpoint(PASSIVE)');
    }
    parentPort.postMessage({ id, ok: true });
  } catch (error) {
    parentPort.postMessage({ id, ok: false, error: String(error && error.message ? error.message : error) });
  }
});
parentPort.postMessage({ ready: true });
