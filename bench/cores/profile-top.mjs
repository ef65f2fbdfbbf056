// Where a relay process's time went in a V8 CPU profile (node --cpu-prof): self time by function and by package, optionally only in the busiest window.
//
//   node bench/cores/profile-top.mjs [--last SECONDS | --busiest SECONDS] [--top N] [--callers REGEX] FILE.cpuprofile...
//
// Per file: the sampled wall time, how much of it the thread was idle (waiting in the event loop), and of the rest the
// self time of the top N functions (name, file:line) and the share of each part: the relay's own code (relay-service/dist
// or src), each npm package, Node's internals (node:*), native code called from JavaScript (no script, e.g. better-sqlite3's
// statement run, socket writes), the garbage collector and V8 itself ('(program)'). A blocking native call (a SQLite
// commit waiting for the write lock another process holds) is sampled as self time of that call. --last S keeps only the
// S seconds up to the end of the last busy stretch (the last 100 ms slice more than half busy): the measured case of a
// bench/relay/run.sh run, which comes after the start and up.sh's warm-up and before the stop. --busiest S keeps the S
// seconds with the fewest idle samples instead (under load that can be the start: loading modules). --callers REGEX adds,
// for the functions whose name matches, where they were called from: their self time by the three nearest callers
// outside Node's internals (e.g. --callers '^writeUtf8String$' tells the SMTP replies from other socket writes).
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

const args = process.argv.slice(2);
let busiest = 0;
let last = 0;
let top = 15;
let callers = null;
const files = [];
for (let i = 0; i < args.length; i++) {
  if (args[i] === '--busiest') busiest = Number(args[++i]);
  else if (args[i] === '--last') last = Number(args[++i]);
  else if (args[i] === '--top') top = Number(args[++i]);
  else if (args[i] === '--callers') callers = new RegExp(args[++i]);
  else files.push(args[i]);
}
if (files.length === 0) {
  console.error('usage: profile-top.mjs [--last SECONDS | --busiest SECONDS] [--top N] [--callers REGEX] FILE.cpuprofile...');
  process.exit(64);
}

/** The part of the program a profile node belongs to, from its script URL. */
function partOf(node) {
  const { url, functionName } = node.callFrame;
  if (!url) return functionName.startsWith('(') ? functionName : 'native (called from JS)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1];
  if (/relay-service\/(dist|src)\//.test(url)) return 'relay code';
  return basename(url);
}

function report(file) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  // Each sample's time is the delta to the next one; the sample's node gets it as self time.
  const times = [];
  let t = profile.startTime;
  for (let i = 0; i < profile.samples.length; i++) {
    const dt = profile.timeDeltas[i + 1] ?? 0;
    times.push({ node: byId.get(profile.samples[i]), at: t, dt });
    t += profile.timeDeltas[i] ?? 0;
  }
  let from = profile.startTime;
  let to = profile.endTime;
  if (last > 0) {
    const slices = new Map();
    for (const { node, at, dt } of times) {
      const k = Math.floor((at - profile.startTime) / 1e5);
      const slice = slices.get(k) ?? { busy: 0, all: 0 };
      slice.all += dt;
      if (node.callFrame.functionName !== '(idle)') slice.busy += dt;
      slices.set(k, slice);
    }
    const end = Math.max(...[...slices].filter(([, v]) => v.busy > v.all / 2).map(([k]) => k));
    to = profile.startTime + (end + 1) * 1e5;
    from = to - last * 1e6;
  } else if (busiest > 0) {
    // Sliding window of `busiest` seconds with the most non-idle time.
    const span = busiest * 1e6;
    let best = 0;
    let busy = 0;
    let lo = 0;
    for (let hi = 0; hi < times.length; hi++) {
      if (times[hi].node.callFrame.functionName !== '(idle)') busy += times[hi].dt;
      while (times[hi].at - times[lo].at > span) {
        if (times[lo].node.callFrame.functionName !== '(idle)') busy -= times[lo].dt;
        lo++;
      }
      if (busy > best) { best = busy; from = times[lo].at; to = times[hi].at; }
    }
  }
  const self = new Map();
  const parts = new Map();
  const called = new Map();
  const parent = new Map(profile.nodes.flatMap((node) => (node.children ?? []).map((child) => [child, node])));
  const name = ({ callFrame: { functionName, url, lineNumber } }) =>
    `${functionName || '(anonymous)'} ${url ? `${basename(url)}:${lineNumber + 1}` : ''}`.trim();
  /** The three nearest callers of `node` that are not Node's internals, innermost first. */
  const callerChain = (node) => {
    const chain = [];
    for (let p = parent.get(node.id); p && chain.length < 3; p = parent.get(p.id)) {
      if (p.callFrame.url && !p.callFrame.url.startsWith('node:')) chain.push(name(p));
    }
    return chain.join(' < ') || '(none)';
  };
  let total = 0;
  let idle = 0;
  for (const { node, at, dt } of times) {
    if (at < from || at > to) continue;
    total += dt;
    if (node.callFrame.functionName === '(idle)') { idle += dt; continue; }
    const key = name(node);
    self.set(key, (self.get(key) ?? 0) + dt);
    const part = partOf(node);
    parts.set(part, (parts.get(part) ?? 0) + dt);
    if (callers?.test(node.callFrame.functionName)) {
      const chain = `${key} < ${callerChain(node)}`;
      called.set(chain, (called.get(chain) ?? 0) + dt);
    }
  }
  const busy = total - idle;
  const ms = (us) => (us / 1000).toFixed(0);
  const pct = (us) => `${((100 * us) / busy).toFixed(1)}%`;
  console.log(`\n### ${basename(file)}\n`);
  console.log(`window ${((to - from) / 1e6).toFixed(1)} s${last ? ` (the last busy ${last} s)` : busiest ? ` (the busiest ${busiest} s)` : ' (whole profile)'}: ` +
    `busy ${ms(busy)} ms (${((100 * busy) / total).toFixed(0)}% of the window), idle ${ms(idle)} ms\n`);
  console.log('| part | self ms | share of busy |\n|---|---|---|');
  for (const [part, us] of [...parts].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`| ${part} | ${ms(us)} | ${pct(us)} |`);
  console.log(`\n| top ${top} functions by self time | self ms | share of busy |\n|---|---|---|`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| \`${key}\` | ${ms(us)} | ${pct(us)} |`);
  if (!callers) return;
  console.log(`\n| ${callers} < its callers | self ms | share of busy |\n|---|---|---|`);
  for (const [chain, us] of [...called].sort((a, b) => b[1] - a[1]).slice(0, top)) console.log(`| \`${chain}\` | ${ms(us)} | ${pct(us)} |`);
}

for (const file of files) report(file);
