// Runs the RateCounterStore conformance suite against the in-process counters (two stores on "the same storage" are one object).
import { rateCounterStoreConformance } from './rate-counter-store.case.ts';
import { MemoryRateCounterStore } from './memory-rate-counter-store.ts';

let current = new MemoryRateCounterStore();
rateCounterStoreConformance('memory', {
  open: async () => (current = new MemoryRateCounterStore()),
  // The same object: closing it twice is harmless, and the race case then checks one Map's counting under interleaved takes.
  openShared: async () => current,
});
