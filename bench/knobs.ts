// A benchmark's knobs: its settings read from the environment, each with the default its run.ts header documents.

/** The environment variable `name`, or `fallback` when it is not set. */
export function knob(name: string, fallback: string): string {
  return process.env[name] ?? fallback;
}

/** The environment variable `name` as a number, or `fallback` when it is not set; anything else than a number is an error naming the variable. */
export function numberKnob(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined) return fallback;
  const number = Number(value);
  if (value.trim() === '' || Number.isNaN(number)) throw new Error(`${name} must be a number, got "${value}"`);
  return number;
}

/** The environment variable `name` (or `fallback` when it is not set) as its words, split at white space. */
export function listKnob(name: string, fallback: string): string[] {
  return knob(name, fallback).split(/\s+/).filter(Boolean);
}
