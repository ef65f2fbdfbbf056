// Loaded with `node --import` into the built relay by built-relay.test.ts: refuses tsx and any .ts module in this process and, through execArgv, in its cluster workers; logs each guarded PID.
import { appendFileSync } from 'node:fs';
import { register } from 'node:module';

/** Resolve hook (run on Node's loader thread): anything under node_modules/tsx or ending in .ts fails to load. */
const hooks = `export async function resolve(specifier, context, next) {
  const resolved = await next(specifier, context);
  if (/\\/node_modules\\/tsx\\//.test(resolved.url) || /\\.[cm]?ts$/.test(new URL(resolved.url).pathname)) {
    throw new Error('typescript-guard: refused ' + resolved.url + ' (imported as ' + specifier + ')');
  }
  return resolved;
}`;
register(`data:text/javascript,${encodeURIComponent(hooks)}`);
if (process.env.TYPESCRIPT_GUARD_LOG) appendFileSync(process.env.TYPESCRIPT_GUARD_LOG, `${process.pid}\n`);
