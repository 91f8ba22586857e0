import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const MAIN = fileURLToPath(new URL('../../../src/cli/main.ts', import.meta.url));
const TSX = import.meta.resolve('tsx');

/** `llmdoctor gateway` running as a child process of the test. */
export interface GatewayProcess {
  child: ChildProcess;
  url: string;
  /** What it printed so far (stdout then stderr). */
  output(): string;
  /** Resolves with how it ended. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Ends it if it still runs (SIGTERM, then SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

/**
 * Starts `llmdoctor gateway <args>` from source in `cwd` with exactly `env` (plus PATH and HOME) and
 * resolves once it printed the URL it listens on; rejects with its output when it exits first or
 * takes longer than `timeoutMs`.
 */
export async function spawnGateway(args: readonly string[], options: { cwd: string; env: Record<string, string>; timeoutMs?: number }): Promise<GatewayProcess> {
  const child = spawn(process.execPath, ['--import', TSX, MAIN, 'gateway', ...args], {
    cwd: options.cwd,
    env: { PATH: process.env.PATH ?? '', HOME: options.cwd, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
  child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code: code as number | null, signal: signal as NodeJS.Signals | null }));
  const output = () => `${stdout}${stderr}`;
  const stop = async (graceMs = 3_000) => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  };
  const timeoutMs = options.timeoutMs ?? 15_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const url = /listening on (http:\/\/\S+)/.exec(stdout)?.[1];
    if (url !== undefined) return { child, url, output, exited, stop };
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stop(0);
      throw new Error(`llmdoctor gateway did not start within ${timeoutMs} ms:\n${output().slice(-2_000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
