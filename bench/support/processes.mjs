// Server processes for the benches: each one started as its own child, found by the
// "listening on http://…" line it prints, and stopped (SIGTERM, then SIGKILL) when done.
// A server's output goes to a file, not through this process: a gateway that logs every request
// must not take CPU from the load generator running here.
import { spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { clearInterval, setInterval } from 'node:timers';

const LISTENING = /listening on (http:\/\/[\w.:[\]-]+)/;
const running = new Set();

const readTail = (file, bytes = 4_000) => {
  try {
    const text = readFileSync(file, 'utf8');
    return text.slice(-bytes);
  } catch {
    return '';
  }
};

/**
 * Starts `node <args>` and resolves once it prints its address. The environment is only what `env`
 * holds plus PATH and HOME, so no provider key of this machine reaches a server under test.
 * Resolves to { name, child, pid, url, logFile, logBytes() }.
 */
export function startServer(name, args, { env = {}, cwd, startTimeoutMs = 60_000 } = {}) {
  const logDir = mkdtempSync(join(tmpdir(), 'bench-server-log-'));
  const logFile = join(logDir, 'output.log');
  const fd = openSync(logFile, 'w');
  const child = spawn(process.execPath, args, { cwd, env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env }, stdio: ['ignore', fd, fd] });
  closeSync(fd);
  const server = {
    name,
    child,
    pid: child.pid,
    url: null,
    logFile,
    logBytes: () => {
      try {
        return statSync(logFile).size;
      } catch {
        return NaN;
      }
    },
  };
  running.add(server);
  return new Promise((resolve, reject) => {
    const fail = (error) => {
      clearInterval(poll);
      clearTimeout(timer);
      const output = readTail(logFile).trim();
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- ${name} output ---\n${output}`));
    };
    const timer = setTimeout(() => fail(new Error(`${name} printed no "listening on" line within ${startTimeoutMs} ms`)), startTimeoutMs);
    const poll = setInterval(() => {
      const match = LISTENING.exec(readTail(logFile, 64_000));
      if (match === null) return;
      clearInterval(poll);
      clearTimeout(timer);
      server.url = match[1].replace('localhost', '127.0.0.1');
      resolve(server);
    }, 25);
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      running.delete(server);
      if (server.url === null) fail(new Error(`${name} exited (${signal ?? code}) before listening`));
      rmSync(logDir, { recursive: true, force: true });
    });
  });
}

/** Asks a server to stop (SIGTERM lets a CLI close cleanly and write its CPU profile), killing it if it lingers. */
export async function stopServer(server, graceMs = 5_000) {
  const { child } = server;
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Stops every server still running (the bench's `finally`, and Ctrl-C). */
export async function stopAllServers() {
  await Promise.all([...running].map((server) => stopServer(server)));
}
