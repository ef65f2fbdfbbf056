// Whether a process still exists, for tests that stop processes by their PID.

/** True while `pid` names a running (or not yet reaped) process; signal 0 checks without sending anything. */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
