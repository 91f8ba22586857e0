import type { IncomingMessage, ServerResponse } from 'node:http';
import { parseScenario, TRANSPORT_SCENARIOS, type FailureScenario, type ScenarioName } from '../core/scenarios.js';
import type { Completion, FailureContext, OperationName, ProviderSimulator, RateState, SimOperation, SimRequest, SimResponse } from '../providers/simulator.js';
import { SIMULATORS } from '../providers/simulators.js';
import { handleControl } from './control.js';
import { readBody, resetConnection, send, sendJson } from './http-io.js';
import type { MockState } from './mock-state.js';
import { generateCompletion } from './text-generator.js';
import { cloudflareTrace } from './trace.js';
import { deliverAnswer, deliverStream, type TransportFault } from './transport.js';

const SIMULATOR_LIST = Object.values(SIMULATORS);
const TRANSPORT = new Set<string>(TRANSPORT_SCENARIOS);
const GENERATING = new Set<OperationName>(['chat.completions', 'responses', 'messages', 'generateContent', 'streamGenerateContent']);

/**
 * One request through the simulated provider, in the order the real edge and API check things:
 * transport faults, the caller's country, the key, the request itself (and the stored answer it names,
 * looked up in the key's project), the scenario, the rate limit.
 */
export async function handleRequest(state: MockState, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = req.url ?? '/';
  const queryAt = url.indexOf('?');
  const path = queryAt < 0 ? url : url.slice(0, queryAt);
  if (path === '/cdn-cgi/trace') return send(res, cloudflareTrace(req, state.options.region));
  const rawBody = await readBody(req, state.options.maxBodyBytes);
  if (path.startsWith('/__mock/')) return handleControl(state, req.method ?? 'GET', path, rawBody, res);
  const simulator = SIMULATOR_LIST.find((s) => path.startsWith(`${s.prefix}/`));
  if (!simulator) return sendJson(res, 404, { error: `nothing is served at ${path}: use /openai/v1, /anthropic/v1 or /gemini/v1beta` });

  const simReq: SimRequest = {
    method: req.method ?? 'GET',
    path: path.slice(simulator.prefix.length),
    query: new URLSearchParams(queryAt < 0 ? '' : url.slice(queryAt + 1)),
    headers: req.headers,
    rawBody: rawBody ?? Buffer.alloc(0),
  };
  const key = simulator.credential(simReq);
  const chosen = chooseScenario(state, req, key);
  if (!chosen) return sendJson(res, 400, { error: `unknown x-mock-scenario "${req.headers['x-mock-scenario']}"; use one of the names in \`llmdoctor mock --help\`` });
  const outcome = await respond(state, simulator, simReq, key, chosen.name, chosen.variant, rawBody === null, res);
  state.attempts.record({ time: Date.now(), provider: simulator.id, method: simReq.method, path, keyFingerprint: state.keyFingerprint(key), scenario: chosen.text, outcome });
}

function chooseScenario(state: MockState, req: IncomingMessage, key: string | null): { name: ScenarioName; variant: string | null; text: string } | null {
  const header = req.headers['x-mock-scenario'];
  const text = (typeof header === 'string' ? header : undefined) ?? (key ? state.keys.lookup(key)?.scenario : null) ?? state.drawFault() ?? state.options.scenario;
  const parsed = parseScenario(text);
  return parsed ? { ...parsed, text } : null;
}

async function respond(
  state: MockState,
  simulator: ProviderSimulator,
  req: SimRequest,
  key: string | null,
  scenario: ScenarioName,
  variant: string | null,
  bodyTooLarge: boolean,
  res: ServerResponse,
): Promise<number | string> {
  if (scenario === 'reset') {
    resetConnection(res);
    return 'reset';
  }
  if (scenario === 'timeout') return 'timeout'; // accepted, never answered: the server closes it on shutdown
  const now = Date.now();
  let op: SimOperation | null = null;
  const context = (rate: RateState | null, scenarioVariant: string | null = variant): FailureContext => ({
    request: req,
    variant: scenarioVariant,
    key,
    rate: rate ?? state.meter(simulator.id, key ?? '', null, now),
    requestId: state.requestId(),
  });
  const fail = (name: FailureScenario, rate: RateState | null, extra?: Record<string, string>, scenarioVariant?: string | null) => {
    const response = simulator.failure(name, op, context(rate, scenarioVariant));
    return reply(res, response, extra);
  };
  // The edge answers these before the API sees the request: no rate-limit headers
  if (simulator.refusedCountries.has(state.options.region) || scenario === 'region_blocked') return fail('region_blocked', null);
  if (bodyTooLarge) return fail('bad_request', null, undefined, 'too_large');
  if (key === null) return fail('key_missing', null);
  const issued = state.keys.lookup(key);
  if (!issued || (issued.provider !== null && issued.provider !== simulator.id)) return fail('key_invalid', null);
  const rateHeaders = (rate: RateState) => simulator.rateLimitHeaders(rate);
  // A request refused before it is answered costs nothing, but its answer carries the key's limits all the same
  const unmeteredHeaders = () => rateHeaders(state.meter(simulator.id, key, null, now));

  const parsed = simulator.parse(req);
  if ('error' in parsed) return reply(res, parsed.error, unmeteredHeaders());
  op = parsed.op;
  const storage = simulator.storage;
  const stored = op.stored && storage ? state.stored.find(issued.project, op.stored.kind, op.stored.id, now) : null;
  if (op.stored && storage && !stored) return reply(res, storage.notFound(op, state.requestId()), unmeteredHeaders());
  if (stored && storage?.using) {
    const used = storage.using(op, stored, state.requestId());
    if ('error' in used) return reply(res, used.error, unmeteredHeaders());
    op = used.op;
  }
  if (scenario !== 'ok' && !TRANSPORT.has(scenario)) {
    return fail(scenario as FailureScenario, null, unmeteredHeaders());
  }

  const generated = generateCompletion(state.options.seed, op, Math.floor(now / 1000));
  const completion = storage?.stores(op) ? { ...generated, serial: state.stored.nextSerial() } : generated;
  const rate = state.meter(simulator.id, key, tokenCost(op, completion), now);
  if (rate.exhausted) return fail('rate_limited', rate, rateHeaders(rate));

  const fault = scenario === 'ok' ? null : (scenario as TransportFault);
  const pacing = state.options;
  const clock = { now, firstTokenMs: pacing.firstTokenMs, tokensPerSecond: pacing.tokensPerSecond };
  if (storage?.answers(op)) {
    const outcome = storage.answer(op, stored, completion, state.requestId(), clock, (kind) => state.stored.list(issued.project, kind, now));
    for (const id of outcome.forget ?? []) state.stored.delete(id);
    for (const kept of outcome.keep ?? []) state.stored.keep(issued.project, kept);
    const { response } = outcome;
    const headers = { ...rateHeaders(rate), ...response.headers };
    return 'frames' in response ? deliverStream(res, { ...response, headers }, fault, pacing) : deliverAnswer(res, { ...response, headers }, fault, pacing, 0);
  }
  for (const kept of storage?.keep(op, completion, stored, clock) ?? []) state.stored.keep(issued.project, kept);
  if (op.stream) {
    const plan = simulator.stream(op, completion);
    return deliverStream(res, { ...plan, headers: { ...rateHeaders(rate), ...plan.headers } }, fault, pacing);
  }
  const answer = simulator.answer(op, completion);
  // A background answer is sent before it is generated
  return deliverAnswer(res, { ...answer, headers: { ...rateHeaders(rate), ...answer.headers } }, fault, op.background ? NOT_PACED : pacing, completion.outputTokens);
}

const NOT_PACED = { firstTokenMs: 0, tokensPerSecond: 0, slowFirstTokenMs: 0 };

/** Providers meter the prompt plus the output cap (or the output) of generating calls; other calls cost their input. */
function tokenCost(op: SimOperation, completion: Completion): number {
  return GENERATING.has(op.name) ? completion.inputTokens + (op.maxTokens ?? completion.outputTokens) : completion.inputTokens;
}

function reply(res: ServerResponse, response: SimResponse, extraHeaders?: Record<string, string>): number {
  send(res, response, extraHeaders);
  return response.status;
}
