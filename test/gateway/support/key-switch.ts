import { Agent, request, type RequestListener } from 'node:http';
import { startHttp } from '../../net/support/servers.js';

/**
 * A reverse proxy between the gateway and the mock that can make the provider treat a key as another
 * one: swap a key for an unknown key and the provider refuses it; swap it for a key issued with
 * `server_error` and the provider fails on it; swap it back and it works again. This is how a test
 * plays a key that recovers (billing fixed, a target back up) against a mock whose keys keep their
 * scenario forever.
 */
export interface KeySwitch {
  /** The proxy's origin: use it in place of the mock's origin in upstream base URLs. */
  url: string;
  /** Where requests go: the mock's origin. Set before the first request. */
  forwardTo(origin: string): void;
  /** From now on `key` reaches the provider as `standIn`; null sends it as itself again. */
  swap(key: string, standIn: string | null): void;
  /** The next request with `key` reaches the provider as `standIn`, the ones after it as `key` again. */
  swapOnce(key: string, standIn: string): void;
  close(): Promise<void>;
}

export async function startKeySwitch(): Promise<KeySwitch> {
  let target: URL | null = null;
  const swaps = new Map<string, string>();
  const agent = new Agent({ keepAlive: true });
  const once = new Set<string>();
  const swapped = (text: string): string => {
    let out = text;
    for (const [key, standIn] of swaps) {
      if (!out.includes(key)) continue;
      out = out.replaceAll(key, standIn);
      if (once.delete(key)) swaps.delete(key);
    }
    return out;
  };
  const handler: RequestListener = (req, res) => {
    if (target === null) {
      res.writeHead(502).end('key switch: forwardTo() was not called');
      return;
    }
    const headers: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (value !== undefined) headers[name] = Array.isArray(value) ? value.map(swapped) : swapped(value);
    }
    headers.host = target.host;
    const upstream = request({ host: target.hostname, port: target.port, method: req.method, path: swapped(req.url ?? '/'), headers, agent }, (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
      // The provider broke its connection mid-answer: so does the switch
      answer.on('aborted', () => res.socket?.resetAndDestroy());
      answer.on('error', () => undefined);
    });
    upstream.on('error', () => res.socket?.resetAndDestroy());
    res.on('close', () => {
      if (!res.writableFinished) upstream.destroy();
    });
    req.pipe(upstream);
  };
  const { port, close } = await startHttp(handler);
  return {
    url: `http://127.0.0.1:${port}`,
    forwardTo: (origin) => {
      target = new URL(origin);
    },
    swap: (key, standIn) => {
      once.delete(key);
      if (standIn === null) swaps.delete(key);
      else swaps.set(key, standIn);
    },
    swapOnce: (key, standIn) => {
      swaps.set(key, standIn);
      once.add(key);
    },
    close: () => {
      agent.destroy();
      return close();
    },
  };
}
