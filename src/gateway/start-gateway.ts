import type { AddressInfo } from 'node:net';
import type { GatewayConfig } from './config/types.js';
import { RoutePlanner } from './engine/route-plan.js';
import { closeUpstream, createUpstream, type Upstream } from './engine/upstream.js';
import { CircuitBreakers } from './pool/circuit-breaker.js';
import { createGatewayServer, type GatewayHooks } from './server/gateway-server.js';

export interface StartGatewayOptions {
  config: GatewayConfig;
  hooks?: GatewayHooks;
  /** For tests: the randomness of weights and jitter. */
  random?: () => number;
}

export interface RunningGateway {
  url: string;
  port: number;
  upstreams: ReadonlyMap<string, Upstream>;
  breakers: CircuitBreakers;
  /** Stops accepting, ends keep-alive connections, closes upstream connections and timers. */
  close(): Promise<void>;
}

export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const upstreams = new Map(config.upstreams.map((upstream) => [upstream.name, createUpstream(upstream, config)]));
  const breakers = new CircuitBreakers();
  const server = createGatewayServer({
    planner: new RoutePlanner(config, upstreams, options.random),
    deps: { breakers, quotaRestMs: config.limits.keys.reprobeMs, queueWaitMs: config.limits.queue.maxWaitMs, random: options.random },
    maxBodyBytes: config.limits.maxBodyBytes,
    hooks: options.hooks ?? {},
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.listen.port, config.listen.host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    url: `http://${host}:${port}`,
    port,
    upstreams,
    breakers,
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await Promise.all([...upstreams.values()].map(closeUpstream));
    },
  };
}
