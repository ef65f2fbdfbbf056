// How big the fault-injection scenarios are: the CI size by default, the soak size with RELIABILITY_SIZE=soak.

/** Sizes of the kill -9 and outage scenarios; `npm run test:soak` sets RELIABILITY_SIZE=soak. */
export interface ReliabilitySize {
  name: 'ci' | 'soak';
  /** Messages the kill -9 scenario gets accepted with 250 in total. */
  messages: number;
  /** How many times the relay is killed with SIGKILL while they flow. */
  kills: number;
  /** SMTP client connections sending at the same time. */
  concurrency: number;
  /** Messages queued while the smart host is down. */
  outageMessages: number;
  /** How long the smart host stays down, in milliseconds. */
  outageMs: number;
  /** The server's retry interval during the outage (minutes): long enough for a quiet gap after each round. */
  outageRetryMinutes: number;
}

const sizes: Record<ReliabilitySize['name'], ReliabilitySize> = {
  ci: { name: 'ci', messages: 600, kills: 3, concurrency: 8, outageMessages: 100, outageMs: 20_000, outageRetryMinutes: 0.15 },
  soak: { name: 'soak', messages: 5_000, kills: 20, concurrency: 16, outageMessages: 1_000, outageMs: 100_000, outageRetryMinutes: 0.75 },
};

/** The size chosen by RELIABILITY_SIZE (`ci` or `soak`); anything else is an error, not a silent default. */
export function reliabilitySize(value = process.env.RELIABILITY_SIZE ?? 'ci'): ReliabilitySize {
  if (value !== 'ci' && value !== 'soak') throw new Error(`RELIABILITY_SIZE must be "ci" or "soak", not "${value}"`);
  return sizes[value];
}
