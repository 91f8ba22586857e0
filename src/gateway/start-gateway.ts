import type { AddressInfo } from 'node:net';
import { DEFAULTS } from '../core/defaults.js';
import { createAdminApi } from './admin/admin-api.js';
import { adminViewOf } from './admin/admin-view.js';
import { ClientGate } from './clients/client-gate.js';
import { credentialOf } from './clients/credentials.js';
import { denialResponse } from './clients/denial-response.js';
import { GatewayConfigError, type GatewayConfig } from './config/types.js';
import { followLateAnswers } from './engine/follow-late-answers.js';
import { RoutePlanner } from './engine/route-plan.js';
import { Trail, type RequestRecord } from './engine/trail.js';
import { closeUpstream, createUpstream, type Upstream } from './engine/upstream.js';
import { exposureProblem } from './exposure.js';
import { GatewayMetrics } from './observe/gateway-metrics.js';
import { viewOfGateway } from './observe/gateway-view.js';
import { handleHealth } from './observe/health.js';
import { createRequestLog } from './observe/request-log.js';
import { CircuitBreakers } from './pool/circuit-breaker.js';
import { createGatewayServer, type GatewayHooks } from './server/gateway-server.js';
import { send } from './server/reply.js';
import { nextRequestId } from './server/request-id.js';
import { openSqliteStore } from './store/sqlite-store.js';
import type { GatewayStore } from './store/types.js';
import { UsageRecorder, usageRowOf, usageRowOfLateCount } from './store/usage-recorder.js';
import { UsageThread } from './store/usage-thread.js';

export interface StartGatewayOptions {
  config: GatewayConfig;
  /** Extra hooks, run after the gateway's own (tests watch requests with `onRecord`). */
  hooks?: GatewayHooks;
  /** For tests: the randomness of weights and jitter. */
  random?: () => number;
  /** Where the request log goes (default stdout). */
  logDestination?: NodeJS.WritableStream;
}

export interface RunningGateway {
  url: string;
  port: number;
  upstreams: ReadonlyMap<string, Upstream>;
  breakers: CircuitBreakers;
  store: GatewayStore;
  /** Whether requests must carry a client key (some key was issued). */
  clientKeysRequired(): boolean;
  /** Stops accepting, ends keep-alive connections, writes the last usage rows, closes the store and timers. */
  close(): Promise<void>;
}

/**
 * Starts the gateway: its store, upstreams and server, with the operating features on the request path
 * through the server's hooks (client keys and limits on admission; usage, metrics and the log when a
 * request ends; the admin API, /readyz and /metrics beside the model API).
 */
export async function startGateway(options: StartGatewayOptions): Promise<RunningGateway> {
  const { config } = options;
  const extra = options.hooks ?? {};
  const store = openSqliteStore(config.operations.dataDir, { lockWaitMs: DEFAULTS.gateway.storeLockWaitMs });
  const gate = new ClientGate({ store, recheckMs: DEFAULTS.gateway.clientKeysRecheckMs });
  const problem = exposureProblem(config, gate.required());
  if (problem !== null) {
    store.close();
    throw new GatewayConfigError(problem);
  }
  const upstreams = new Map(config.upstreams.map((upstream) => [upstream.name, createUpstream(upstream, config)]));
  const breakers = new CircuitBreakers();
  const view = viewOfGateway({ upstreams, breakers, routes: config.routes, store, requirePassthrough: config.routes.length === 0 });
  const metrics = new GatewayMetrics(view);
  const log = createRequestLog({ level: config.operations.logLevel, destination: options.logDestination });
  const usageFailed = (error: unknown) => log.error(error, { during: 'writing usage' });
  const { usage } = config.operations;
  const startUsageThread = () => new UsageThread({ dataDir: config.operations.dataDir, retryMs: usage.flushMs }, store, usageFailed);
  // Not recording, the thread starts at the first usage report: the rows of earlier runs take seconds to sum
  let usageThread = usage.record ? startUsageThread() : null;
  const recorder = new UsageRecorder(usageThread ?? store, usage, usageFailed);
  const admin = createAdminApi({
    store,
    adminToken: config.operations.adminToken,
    view: adminViewOf({ upstreams, breakers }),
    onKeysChanged: () => gate.forget(),
    usageSummary: (query) => (usageThread ??= startUsageThread()).usageSummary(query),
  });
  const metricsToken = config.operations.adminToken;

  const ended = (record: RequestRecord): void => {
    metrics.observe(record);
    log.request(record);
    if (usage.record) recorder.record(usageRowOf(record));
    extra.onRecord?.(record);
  };
  const hooks: GatewayHooks = {
    route: (req, res) => (req.url?.startsWith('/admin') ? admin(req, res) : handleHealth(req, res, { readiness: view, metrics, metricsToken }) || (extra.route?.(req, res) ?? false)),
    admit: (req, res, call) => {
      const admission = gate.admit(credentialOf(req.headers, call.query), call.model);
      if (!admission.ok) {
        const reply = denialResponse(call.wire, admission.denial, call.requestId);
        req.resume();
        send(res, reply.status, reply.headers, reply.body);
        ended({ ...new Trail(call, null).record(reply.status), clientKeyId: admission.clientKeyId });
        return false;
      }
      call.client = admission.client;
      if (!extra.admit) return true;
      return Promise.resolve(extra.admit(req, res, call)).then((admitted) => {
        if (!admitted) gate.releaseById(call.client?.id ?? null, 0);
        return admitted;
      });
    },
    onRecord: (record) => {
      gate.releaseById(record.clientKeyId, record.usage ? record.usage.inputTokens + record.usage.outputTokens : 0);
      // An answer's bytes leave on the next tick: its metrics, log line and usage row must not hold them back
      setImmediate(ended, record);
    },
    onError: (error) => {
      log.error(error);
      extra.onError?.(error);
    },
  };
  const { answerHomes, lateUsage } = followLateAnswers({
    config,
    store,
    upstreams,
    counted: (late) => {
      // The model as the request that made it named it (the route's target), not the provider's dated snapshot
      const count = { ...late, model: store.answerMaker(late.answerId)?.modelServed ?? late.model };
      metrics.observeTokens(count.usage, count.model, count.clientKeyId);
      if (count.clientKeyId !== null) gate.countTokens(count.clientKeyId, count.usage.inputTokens + count.usage.outputTokens);
      if (usage.record) recorder.record(usageRowOfLateCount(count, nextRequestId(), Date.now()));
    },
    gaveUp: (answerId, reason) => log.warn("an answer generated after its request was answered: its tokens were not counted", { answerId, reason }),
  });
  const server = createGatewayServer({
    planner: new RoutePlanner(config, upstreams, options.random),
    deps: { breakers, quotaRestMs: config.limits.keys.reprobeMs, queueWaitMs: config.limits.queue.maxWaitMs, answerHomes, random: options.random },
    maxBodyBytes: config.limits.maxBodyBytes,
    hooks,
  });
  const closeParts = async () => {
    lateUsage.close();
    await Promise.all([...upstreams.values()].map(closeUpstream));
    recorder.close();
    await usageThread?.close();
    store.close();
    await log.close();
  };
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.listen.port, config.listen.host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await closeParts();
    throw error;
  }
  const { port } = server.address() as AddressInfo;
  const host = config.listen.host.includes(':') ? `[${config.listen.host}]` : config.listen.host;
  return {
    url: `http://${host}:${port}`,
    port,
    upstreams,
    breakers,
    store,
    clientKeysRequired: () => gate.required(),
    close: async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      await closeParts();
    },
  };
}
