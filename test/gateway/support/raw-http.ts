import { request } from 'node:http';
import { connect } from 'node:net';

/** The parts of a raw HTTP/1.1 answer. */
export interface RawHttpAnswer {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * Writes `text` as it is on a new TCP connection (a request no HTTP client would send: an
 * absolute-URL request line, a broken header line) and reads until the server closes.
 */
export function sendRaw(port: number, text: string, timeoutMs = 2_000): Promise<RawHttpAnswer> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => socket.write(text));
    let received = '';
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new Error(`no complete answer within ${timeoutMs} ms; got: ${received.slice(0, 200)}`));
    }, timeoutMs);
    socket.on('data', (chunk: Buffer) => (received += chunk.toString('utf8')));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(parseAnswer(received));
    });
  });
}

function parseAnswer(text: string): RawHttpAnswer {
  const split = text.indexOf('\r\n\r\n');
  const head = split < 0 ? text : text.slice(0, split);
  const [statusLine = '', ...lines] = head.split('\r\n');
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return { status: Number(statusLine.split(' ')[1] ?? 0), headers, body: split < 0 ? '' : text.slice(split + 4) };
}

/**
 * POSTs `size` bytes with node:http, either declaring the length or chunked without one (then in
 * pieces of `chunkBytes`), and reads the answer. A server that answers before reading everything may
 * close the upload; the answer is still read.
 */
export function postBytes(url: string, size: number, options: { chunked: boolean; headers?: Record<string, string>; chunkBytes?: number }): Promise<RawHttpAnswer> {
  return new Promise((resolve, reject) => {
    const target = new URL(url);
    const headers: Record<string, string> = { 'content-type': 'application/json', ...options.headers };
    if (!options.chunked) headers['content-length'] = String(size);
    const req = request({ host: target.hostname, port: target.port, path: target.pathname + target.search, method: 'POST', headers }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
      res.on('end', () => {
        const flat: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) if (typeof value === 'string') flat[name] = value;
        resolve({ status: res.statusCode ?? 0, headers: flat, body });
      });
    });
    req.on('error', reject);
    // A JSON string padded to the size: valid JSON if it were read whole
    const payload = Buffer.from(`{"model":"gpt-4o-mini","pad":"${'x'.repeat(Math.max(0, size - 32))}"}`.padEnd(size, ' '));
    const piece = options.chunkBytes ?? 4_096;
    const writeFrom = (offset: number): void => {
      if (offset >= payload.length) {
        req.end();
        return;
      }
      const ok = req.write(payload.subarray(offset, offset + piece));
      if (ok) setImmediate(() => writeFrom(offset + piece));
      else req.once('drain', () => writeFrom(offset + piece));
    };
    writeFrom(0);
  });
}
