// Server processes for the benches: each one started as its own child, found by the
// "listening on http://…" line it prints, and stopped (SIGTERM, then SIGKILL) when done.
import { spawn } from 'node:child_process';

const LISTENING = /listening on (http:\/\/[\w.:[\]-]+)/;
const running = new Set();

/**
 * Starts `node <args>` and resolves once it prints its address. The environment is only what `env`
 * holds plus PATH and HOME, so no provider key of this machine reaches a server under test.
 */
export function startServer(name, args, { env = {}, cwd, startTimeoutMs = 60_000 } = {}) {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const server = { name, child, pid: child.pid, url: null, output: '' };
  running.add(server);
  child.once('exit', () => running.delete(server));
  const collect = (chunk) => {
    // Keep the tail only: a server that logs per request must not grow this process.
    server.output = (server.output + chunk).slice(-20_000);
  };
  child.stderr.on('data', collect);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`${name} printed no "listening on" line within ${startTimeoutMs} ms`)), startTimeoutMs);
    const fail = (error) => {
      clearTimeout(timer);
      child.kill('SIGKILL');
      reject(new Error(`${error.message}\n--- ${name} output ---\n${server.output.trim()}`));
    };
    child.stdout.on('data', (chunk) => {
      collect(chunk);
      const match = server.url === null ? LISTENING.exec(server.output) : null;
      if (match) {
        server.url = match[1].replace('localhost', '127.0.0.1');
        clearTimeout(timer);
        resolve(server);
      }
    });
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      if (server.url === null) fail(new Error(`${name} exited (${signal ?? code}) before listening`));
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
