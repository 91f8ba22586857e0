import { Agent, request, type RequestListener } from 'node:http';
import { startHttp } from '../../net/support/servers.js';

/** A forward proxy whose exit is in another country (see `startRegionExitProxy`). */
export interface RegionExitProxy {
  url: string;
  /** Each proxied request as received: `POST http://host:port/path`. */
  requests: string[];
  close(): Promise<void>;
}

/**
 * An HTTP forward proxy that stands for an egress in another country. `llmdoctor mock` decides the
 * caller's country per server (its `region` option), not per connection, so "the same provider seen
 * from elsewhere" is a second mock started with another region and the same seed (hence the same
 * keys and answers). This proxy takes requests in proxy form (`POST http://provider/path`, as undici's
 * ProxyAgent sends them for http origins), records the target it was asked for, and delivers each
 * to the same path on `exitTo`, as an exit node abroad would reach the same provider from there.
 */
export async function startRegionExitProxy(exitTo: string): Promise<RegionExitProxy> {
  const exit = new URL(exitTo);
  const agent = new Agent({ keepAlive: true });
  const requests: string[] = [];
  const handler: RequestListener = (req, res) => {
    requests.push(`${req.method} ${req.url}`);
    let target: URL;
    try {
      target = new URL(req.url ?? '');
    } catch {
      res.writeHead(400, { 'content-type': 'text/plain' }).end('this proxy takes absolute URLs only');
      return;
    }
    const upstream = request(
      { host: exit.hostname, port: exit.port, method: req.method, path: target.pathname + target.search, headers: { ...req.headers, host: exit.host }, agent },
      (answer) => {
        res.writeHead(answer.statusCode ?? 502, answer.headers);
        answer.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
  };
  const { port, close } = await startHttp(handler);
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => {
      agent.destroy();
      return close();
    },
  };
}
