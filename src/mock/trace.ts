import type { IncomingMessage } from 'node:http';
import type { SimResponse } from '../providers/simulator.js';

/**
 * What a Cloudflare edge answers at `/cdn-cgi/trace` (api.openai.com and api.anthropic.com sit behind
 * one): key=value lines, `loc=` being the country the edge sees. Field order as served by Cloudflare.
 */
export function cloudflareTrace(req: IncomingMessage, region: string): SimResponse {
  const lines = [
    'fl=29f12',
    `h=${req.headers.host ?? '127.0.0.1'}`,
    `ip=${req.socket.remoteAddress ?? '127.0.0.1'}`,
    `ts=${(Date.now() / 1000).toFixed(3)}`,
    'visit_scheme=http',
    `uag=${req.headers['user-agent'] ?? ''}`,
    'colo=SJC',
    'sliver=none',
    'http=http/1.1',
    `loc=${region}`,
    'tls=off',
    'sni=off',
    'warp=off',
    'gateway=off',
    'rbi=off',
    'kex=none',
  ];
  return { status: 200, headers: { 'content-type': 'text/plain', server: 'cloudflare' }, body: `${lines.join('\n')}\n` };
}
