// Worker thread of WalCheckpointer (wal-checkpointer.ts): its own connection to the database, one PASSIVE checkpoint per request.
// Plain JavaScript: worker threads do not get the TypeScript loader the relay runs under.
import { parentPort, workerData } from 'node:worker_threads';
import Database from 'better-sqlite3';

const db = new Database(workerData.file, { fileMustExist: true });
db.pragma('busy_timeout = 5000');
// This connection checkpoints only when asked; synchronous FULL (the default) syncs the WAL before copying it
// back and the database file after, so the WAL is reset only once its pages are durable in the database.
db.pragma('wal_autocheckpoint = 0');

parentPort.on('message', (request) => {
  if (request === 'close') {
    db.close();
    parentPort.close();
    return;
  }
  try {
    const [result] = db.pragma('wal_checkpoint(PASSIVE)');
    parentPort.postMessage({ ok: true, busy: result.busy === 1, walPages: result.log, checkpointed: result.checkpointed });
  } catch (error) {
    parentPort.postMessage({ ok: false, error: String(error && error.message ? error.message : error) });
  }
});
