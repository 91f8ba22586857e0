import { readFile, readlink } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A running service as Linux shows it under /proc/PID: the environment it was started with, its working
 * directory and its start time. /proc/PID/environ is the environment at exec time: what a library like
 * dotenv loaded into process.env later is not in it, which is why the service's `.env` files are read too.
 */

export interface RunningProcess {
  pid: number;
  environ: Record<string, string>;
  /** Working directory, where dotenv looks for `.env`; null when it cannot be read. */
  cwd: string | null;
  /** Start time, ms since the epoch; null when /proc does not say. */
  startedAtMs: number | null;
}

export type ProcessReadError = { pid: number; reason: 'not_found' | 'permission' | 'other'; message: string };

/** Linux's USER_HZ: /proc/PID/stat counts start time in these ticks on every mainstream architecture. */
const TICKS_PER_SECOND = 100;

export async function readRunningProcess(fsRoot: string, pid: number): Promise<RunningProcess | ProcessReadError> {
  const dir = join(fsRoot, 'proc', String(pid));
  let environ: Record<string, string>;
  try {
    environ = parseEnviron(await readFile(join(dir, 'environ')));
  } catch (error) {
    return readError(pid, error);
  }
  const [cwd, startedAtMs] = await Promise.all([readlink(join(dir, 'cwd')).catch(() => null), startTime(fsRoot, dir)]);
  return { pid, environ, cwd, startedAtMs };
}

export function isProcessReadError(value: RunningProcess | ProcessReadError): value is ProcessReadError {
  return 'reason' in value;
}

/** NUL-separated NAME=value pairs; a value may contain `=` and newlines. */
function parseEnviron(bytes: Buffer): Record<string, string> {
  const env: Record<string, string> = {};
  for (const entry of bytes.toString('utf8').split('\0')) {
    const eq = entry.indexOf('=');
    if (eq > 0) env[entry.slice(0, eq)] = entry.slice(eq + 1);
  }
  return env;
}

async function startTime(fsRoot: string, dir: string): Promise<number | null> {
  try {
    const [stat, machine] = await Promise.all([readFile(join(dir, 'stat'), 'utf8'), readFile(join(fsRoot, 'proc', 'stat'), 'utf8')]);
    // The command name (field 2) may contain spaces and parentheses: count fields after its last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    const bootSeconds = Number(/^btime (\d+)$/m.exec(machine)?.[1]);
    if (!Number.isFinite(ticks) || !Number.isFinite(bootSeconds)) return null;
    return (bootSeconds + ticks / TICKS_PER_SECOND) * 1000;
  } catch {
    return null;
  }
}

function readError(pid: number, error: unknown): ProcessReadError {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ESRCH') return { pid, reason: 'not_found', message: `no process ${pid} on this machine` };
  if (code === 'EACCES' || code === 'EPERM') {
    return { pid, reason: 'permission', message: `reading /proc/${pid}/environ was refused (${code}): process ${pid} belongs to another user` };
  }
  return { pid, reason: 'other', message: `reading /proc/${pid}/environ failed (${code ?? String(error)})` };
}
