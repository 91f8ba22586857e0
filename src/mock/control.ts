import type { ServerResponse } from 'node:http';
import { parseScenario } from '../core/scenarios.js';
import type { SimulatedProviderId } from '../providers/simulator.js';
import { SIMULATORS } from '../providers/simulators.js';
import { sendJson } from './http-io.js';
import { DEFAULT_PROJECT } from './key-registry.js';
import type { MockState } from './mock-state.js';

/**
 * The mock's own endpoints, beside the simulated APIs:
 * `POST /__mock/keys {"provider","scenario","project"}` issues a key (scenario and project optional; keys that
 * name no project share the default one, and only keys of a project find what it stored);
 * `GET /__mock/attempts`; `POST /__mock/reset` (forgets keys, buckets, attempts and stored objects: responses, conversations).
 */
export function handleControl(state: MockState, method: string, path: string, body: Buffer | null, res: ServerResponse): void {
  if (path === '/__mock/keys' && method === 'POST') return issueKey(state, body, res);
  if (path === '/__mock/attempts' && method === 'GET') return sendJson(res, 200, { attempts: state.attempts.list() });
  if (path === '/__mock/reset' && method === 'POST') {
    state.reset();
    return sendJson(res, 200, { reset: true });
  }
  sendJson(res, 404, { error: `unknown control endpoint ${method} ${path}: use POST /__mock/keys, GET /__mock/attempts or POST /__mock/reset` });
}

function issueKey(state: MockState, body: Buffer | null, res: ServerResponse): void {
  let request: { provider?: unknown; scenario?: unknown; project?: unknown };
  try {
    request = JSON.parse(body?.toString('utf8') || '{}') as typeof request;
  } catch {
    return sendJson(res, 400, { error: 'the body must be JSON like {"provider":"openai","scenario":"rate_limited"}' });
  }
  const provider = request.provider;
  if (typeof provider !== 'string' || !Object.hasOwn(SIMULATORS, provider)) {
    return sendJson(res, 400, { error: `"provider" must be one of ${Object.keys(SIMULATORS).join(', ')}` });
  }
  const scenario = request.scenario ?? null;
  if (scenario !== null && (typeof scenario !== 'string' || !parseScenario(scenario))) {
    return sendJson(res, 400, { error: `unknown "scenario" ${JSON.stringify(scenario)}; see \`llmdoctor mock --help\` for the names` });
  }
  const project = request.project ?? DEFAULT_PROJECT;
  if (typeof project !== 'string' || project === '') {
    return sendJson(res, 400, { error: `"project" must be a non-empty string such as "team-a" (got ${JSON.stringify(project)}); leave it out for the default project` });
  }
  const key = state.issueKey(provider as SimulatedProviderId, scenario as never, project);
  sendJson(res, 201, { key, provider, scenario, project });
}
