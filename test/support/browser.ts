// Debian's headless Chromium driven by playwright-core (which downloads no browser): a fresh profile per launch, removed after.
//
//   const browser = await openBrowser();              // /usr/bin/chromium (CHROMIUM_PATH overrides), a new temp profile
//   t.after(() => browser.close());                   // closes it, kills its PID if it lingers, removes the profile
//   const page = await browser.context.newPage();
import { mkdtempSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';

/** As root on a machine without network Chromium needs these; the rest keeps it from calling home. */
export const chromiumArgs = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
];

export interface TestBrowser {
  context: BrowserContext;
  /** The Chromium process (from its profile's SingletonLock), stopped by close() if closing the context did not. */
  pid: number | null;
  close(): Promise<void>;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Launches Chromium with a new profile directory; `ignoreHTTPSErrors` for a relay serving a test CA's certificate. */
export async function openBrowser(options: { ignoreHTTPSErrors?: boolean } = {}): Promise<TestBrowser> {
  const profile = mkdtempSync(join(tmpdir(), 'console-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1280, height: 900 },
      ignoreHTTPSErrors: options.ignoreHTTPSErrors ?? false,
      timeout: 20_000,
    });
  } catch (error) {
    rmSync(profile, { recursive: true, force: true });
    throw error;
  }
  // Chromium's profile lock is a symlink to "<host>-<pid>".
  let pid: number | null = null;
  try { pid = Number(readlinkSync(join(profile, 'SingletonLock')).split('-').pop()) || null; } catch { pid = null; }
  let closed = false;
  return {
    context,
    pid,
    close: async () => {
      if (closed) return;
      closed = true;
      await context.close().catch(() => undefined);
      if (pid !== null && alive(pid)) process.kill(pid, 'SIGKILL');
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
