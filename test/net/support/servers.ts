import { spawn } from 'node:child_process';
import { createServer as createHttpServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, createServer, type Server, type Socket } from 'node:net';

/** Local servers with real faults, all on 127.0.0.1 (or ::1) and a free port. */
export interface Running {
  port: number;
  close(): Promise<void>;
}

function track(server: Server): () => Promise<void> {
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('secureConnection', (socket: Socket) => socket.on('error', () => undefined));
  return () => new Promise((resolve) => {
    for (const socket of sockets) socket.destroy();
    server.close(() => resolve());
  });
}

async function listen(server: Server, host = '127.0.0.1'): Promise<Running> {
  const close = track(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, host, () => resolve());
  });
  const address = server.address();
  return { port: typeof address === 'object' && address ? address.port : 0, close };
}

type Handler = (req: IncomingMessage, res: ServerResponse) => void;

const answerJson: Handler = (_req, res) => {
  res.writeHead(404, { 'content-type': 'application/json', server: 'llmdoctor-test' });
  res.end('{"error":{"message":"not found"}}');
};

export function startHttp(handler: Handler = answerJson, host = '127.0.0.1'): Promise<Running> {
  return listen(createHttpServer(handler), host);
}

export function startHttps(tls: { key: string; cert: string }, handler: Handler = answerJson): Promise<Running> {
  const server = createHttpsServer({ key: tls.key, cert: tls.cert }, handler);
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

/** Accepts TCP connections and never sends a byte: a stuck server, or a middlebox that swallows traffic. */
export function startBlackHole(host = '127.0.0.1'): Promise<Running> {
  return listen(createServer(() => undefined), host);
}

/** A port on which nothing listens (bound, then released): connecting is refused. */
export async function closedPort(): Promise<number> {
  const running = await listen(createServer());
  await running.close();
  return running.port;
}

/**
 * A port that drops SYNs, like a firewall that drops packets: a child process listens with a backlog of
 * one and then blocks its event loop, so it never accepts; once the accept queue is full the kernel
 * drops further SYNs and a connect attempt hears nothing.
 */
export async function startSynBlackHole(): Promise<Running> {
  const child = spawn(process.execPath, ['-e', `
    const server = require('node:net').createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      process.stdout.write(server.address().port + '\\n');
      setTimeout(() => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 120000), 20);
    });`], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(String(chunk).trim())));
    child.once('error', reject);
  });
  await new Promise((resolve) => setTimeout(resolve, 100));
  // Fill the accept queue until a connection attempt goes unanswered.
  const fillers: Socket[] = [];
  for (let attempt = 0; attempt < 16; attempt++) {
    const socket = connect(port, '127.0.0.1');
    socket.on('error', () => undefined);
    const connected = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), 300);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
      });
    });
    if (!connected) {
      socket.destroy();
      break;
    }
    fillers.push(socket);
  }
  return {
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        child.kill('SIGKILL');
        await exited;
      }
    },
  };
}

/** Whether this machine can listen on ::1 (IPv6 loopback). */
export async function hasIpv6Loopback(): Promise<boolean> {
  try {
    const running = await listen(createServer(), '::1');
    await running.close();
    return true;
  } catch {
    return false;
  }
}
