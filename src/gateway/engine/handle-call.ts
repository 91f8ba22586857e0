import type { ServerResponse } from 'node:http';
import { replyFailure, statusOf } from '../server/reply.js';
import { planForHome } from './answer-homes.js';
import { runAttempts, type EngineDeps, type LoopResult, type LoopSpec } from './attempt-loop.js';
import { bodyBytesFor } from './body-bytes.js';
import type { GatewayCall } from './call.js';
import { ClientStream } from './client-stream.js';
import { deliverWhole } from './deliver-whole.js';
import type { Failure } from './failure.js';
import { answerNotFoundFailure, noAttemptFailure, noTargetFailure, queueFailure } from './gateway-failures.js';
import { relayStream } from './relay-stream.js';
import type { RoutePlan, RoutePlanner } from './route-plan.js';
import { Trail, type RequestRecord } from './trail.js';

/**
 * Serves one recognised request: plans its targets, runs the attempts, and answers the client with
 * the served answer or, when none could serve, the failure in the client's format. Returns what the
 * request did, for the usage store and metrics.
 */
export function handleCall(call: GatewayCall, res: ServerResponse, planner: RoutePlanner, deps: EngineDeps): Promise<RequestRecord> {
  const needed = call.answerNeeded;
  const home = needed === null ? undefined : deps.answerHomes.homeOf(needed);
  const plan = planForHome(planner.plan(call.match.family, call.model), home);
  const trail = new Trail(call, plan.route);
  if (needed !== null && home !== undefined && !deps.answerHomes.mayReach(home, call.client?.id ?? null)) {
    return Promise.resolve(trail.record(replyFailure(res, call.wire, call.requestId, answerNotFoundFailure(needed), trail.headers())));
  }
  return serveCall(call, res, plan, trail, deps, planner).catch((error: unknown) => {
    if (!call.signal.aborted) throw error;
    res.destroy();
    return trail.record(CLIENT_CLOSED);
  });
}

/** nginx's status for a request its client abandoned. */
const CLIENT_CLOSED = 499;

async function serveCall(call: GatewayCall, res: ServerResponse, plan: RoutePlan, trail: Trail, deps: EngineDeps, planner: RoutePlanner): Promise<RequestRecord> {
  if (plan.targets.length === 0) {
    return trail.record(replyFailure(res, call.wire, call.requestId, noTargetFailure(call.match.family, call.model, plan.route !== null), trail.headers()));
  }
  if (call.streaming) return serveStream(call, res, plan, trail, deps);
  const transform = call.match.operation === 'models.list' && call.match.family === 'openai' ? listingWithRoutes(planner.routeNames()) : undefined;
  const { responseMs } = plan.policies.timeouts;
  const timeouts = { headersMs: responseMs, bodyMs: responseMs };
  const spec: LoopSpec = {
    bodyFor: (target) => bodyFor(call, target.model),
    deliver: (answer, attempt) => deliverWhole(res, call, trail, answer, attempt, transform),
    timeouts: () => timeouts,
  };
  const result = await runAttempts(call, plan, trail, deps, spec);
  if (result.served) return trail.record(200);
  return trail.record(replyFailure(res, call.wire, call.requestId, finalFailure(result), trail.headers()));
}

async function serveStream(call: GatewayCall, res: ServerResponse, plan: RoutePlan, trail: Trail, deps: EngineDeps): Promise<RequestRecord> {
  const stream = new ClientStream(res, call, trail);
  // A stream read without a body (a stored answer's events, streamed again) has nothing to send and nothing to continue
  const asked = call.body === null ? null : call.wire.withStreamUsage(call.body);
  const streamBytes = asked === null ? null : bodyBytesFor(call.rawBody!, call.body!, asked.body);
  const hideUsage = asked?.hideUsage ?? false;
  const { timeouts, resumeStreams } = plan.policies;
  // With nowhere to fail over to, a first token is waited for as long as a whole answer: a reasoning model that
  // thinks for longer than a chat model would is no reason to start it over on the same target
  const firstTokenMs = (hasFallback: boolean) => (hasFallback ? timeouts.firstTokenMs : Math.max(timeouts.firstTokenMs, timeouts.responseMs));
  const spec: LoopSpec = {
    bodyFor: (target) => {
      if (asked === null) return stream.started ? undefined : null;
      const streamBody = asked.body;
      const forTarget = target.model !== null && target.model !== call.model ? call.wire.withModel(streamBody, target.model) : streamBody;
      if (!stream.started) return forTarget === streamBody ? streamBytes : JSON.stringify(forTarget);
      const continued = resumeStreams && stream.resumable ? call.wire.continuation(call.match, forTarget, stream.partialText) : null;
      return continued === null ? undefined : JSON.stringify(continued);
    },
    // The provider's own copy of a cut answer, where it keeps one, is read on with the key that made it
    readOnFor: (target) => {
      const stored = stream.storedAs;
      if (!resumeStreams || asked === null || stored === null || stored.upstream !== target.upstream.name) return null;
      const request = call.wire.readOnAfterCut(asked.body, stored.answerId, stream.lastWritten);
      return request === null ? null : { request, keyIndex: stored.keyIndex };
    },
    deliver: (answer, attempt) =>
      relayStream(stream, call, trail, answer, attempt, { hideUsage, firstTokenMs: firstTokenMs(attempt.hasFallback), streamIdleMs: timeouts.streamIdleMs }),
    // The relay keeps the two limits itself; undici's body limit is only the outer bound
    timeouts: (hasFallback) => ({ headersMs: firstTokenMs(hasFallback), bodyMs: Math.max(timeouts.streamIdleMs, firstTokenMs(hasFallback)) }),
  };
  const result = await runAttempts(call, plan, trail, deps, spec);
  if (result.served) return trail.record(200);
  if (stream.started) {
    // Whatever the continuation met (a rejected prefill, say), the client is told what cut its answer
    const cause = stream.cutBy ?? finalFailure(result);
    stream.fail(cause, statusOf(cause));
    return trail.record(statusOf(cause));
  }
  return trail.record(replyFailure(res, call.wire, call.requestId, finalFailure(result), trail.headers()));
}

function finalFailure(result: Exclude<LoopResult, { served: true }>): Failure {
  const retryAfterMs = result.failure?.diagnosis.retryAfterMs ?? 1_000;
  if (result.queue === 'full') return queueFailure('full', retryAfterMs);
  if (result.failure === null) return noAttemptFailure();
  if (result.queue === 'expired') return { ...queueFailure('expired', retryAfterMs), target: result.failure.target };
  return result.failure;
}

/** The body for a target: as received when the model stays the same (no re-serialising on the hot path). */
function bodyFor(call: GatewayCall, model: string | null): Buffer | string | null {
  if (call.body === null) return null;
  if (model === null || model === call.model || call.match.modelIn !== 'body') return call.rawBody;
  return JSON.stringify(call.wire.withModel(call.body, model));
}

/** The OpenAI model listing with the route names first, so clients can discover them. */
function listingWithRoutes(routes: string[]) {
  return (answer: unknown): unknown => {
    if (routes.length === 0 || typeof answer !== 'object' || answer === null || !Array.isArray((answer as { data?: unknown }).data)) return answer;
    const created = Math.floor(Date.now() / 1000);
    const listing = answer as { data: unknown[] };
    return { ...listing, data: [...routes.map((id) => ({ id, object: 'model', created, owned_by: 'llmdoctor-route' })), ...listing.data] };
  };
}
