import { createServer, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/** A listening port that must never be reached: it records every connection (and its first bytes). */
export interface Tripwire {
  host: string;
  port: number;
  /** `127.0.0.1:port` */
  authority: string;
  url: string;
  /** The first bytes of each connection made to it. */
  hits: string[];
  close(): Promise<void>;
}

export async function startTripwire(): Promise<Tripwire> {
  const hits: string[] = [];
  const sockets = new Set<Socket>();
  const server = createServer((socket) => {
    sockets.add(socket);
    const index = hits.push('') - 1;
    socket.on('data', (chunk: Buffer) => {
      if (hits[index]!.length < 512) hits[index] += chunk.toString('latin1');
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
    // Answer like a metadata service would, so a leak would also be visible in what the gateway returns
    socket.end('HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 25\r\n\r\n{"tripwire":"reached it"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  return {
    host: '127.0.0.1',
    port,
    authority: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    hits,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
