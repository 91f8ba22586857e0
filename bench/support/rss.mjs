// Resident memory of a process from /proc (Linux), once or sampled in the background.
import { readFileSync } from 'node:fs';
import { clearInterval, setInterval } from 'node:timers';

/** VmRSS of `pid` in MB; NaN once the process is gone. */
export function rssMb(pid) {
  try {
    return Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024;
  } catch {
    return NaN;
  }
}

/** Samples `pid` every `everyMs` until `stop()`, which returns the samples and their peak. */
export function sampleRss(pid, everyMs) {
  const samples = [rssMb(pid)];
  const timer = setInterval(() => samples.push(rssMb(pid)), everyMs);
  return {
    stop() {
      clearInterval(timer);
      samples.push(rssMb(pid));
      const valid = samples.filter(Number.isFinite);
      return { samples: valid, peak: Math.max(...valid) };
    },
  };
}

/** Waits `ms`: lets a server go idle (timers, GC) before its memory is read. */
export const settle = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
