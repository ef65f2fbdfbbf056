// Serves a directory read-only over HTTPS on loopback (a port free at run time), e.g. a provider network mirror.
import { createReadStream, statSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join, normalize, sep } from 'node:path';

export interface StaticHttpsServer {
  /** https://127.0.0.1:<port>/ */
  url: string;
  /** The paths asked for, in order (to show what a client fetched). */
  requests: string[];
  stop(): Promise<void>;
}

/** Serves the files under `root` with `tls` ({ key, cert } PEM) on 127.0.0.1; anything else is 404. */
export function startStaticHttpsServer(root: string, tls: { key: string; cert: string }): Promise<StaticHttpsServer> {
  const requests: string[] = [];
  const server = createServer(tls, (req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname);
    requests.push(path);
    const file = normalize(join(root, path));
    let size = -1;
    try { if (file.startsWith(root + sep) && req.method === 'GET') size = statSync(file).isFile() ? statSync(file).size : -1; } catch { /* missing */ }
    if (size < 0) {
      res.writeHead(404).end('not found\n');
      return;
    }
    res.writeHead(200, { 'content-length': size, 'content-type': file.endsWith('.json') ? 'application/json' : 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `https://127.0.0.1:${port}/`,
        requests,
        stop: () => new Promise((done) => { server.closeAllConnections(); server.close(() => done()); }),
      });
    });
  });
}
