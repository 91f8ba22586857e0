import { errorInfo, localizedMessage, TYPE, badRequest, type GoogleStatus } from './simulated-envelope.js';
import { projectNumberOf } from './simulated-keys.js';
import { findModel } from './simulated-models.js';
import type { ErrorSubject } from './simulated-subject.js';

/**
 * The google.rpc.Status bodies the Gemini API answers with, one builder per scenario; each names its
 * source (corpus case in test/fixtures/errors-dev.jsonl, issue, or documentation page). Variants
 * (`scenario:variant`) play the other real answers to the same failure.
 */

const SERVICE = 'generativelanguage.googleapis.com';

/** gm-027 (PublicAffairs/openai-gemini#92), gm-028: no key at all is a 403, not a 401. */
export function keyMissing(): GoogleStatus {
  return {
    code: 403,
    status: 'PERMISSION_DENIED',
    message: "Method doesn't allow unregistered callers (callers without established identity). Please use API Key or other form of API consumer identity to call this API.",
  };
}

/**
 * gm-001 (continuedev/continue#8516): a key Google does not know is a 400 with ErrorInfo
 * API_KEY_INVALID. `not_found`: a key too new to have propagated (google-gemini/gemini-cli#25198).
 * Google answers a key of another provider (`sk-...`, `sk-ant-...`) the same way: it validates every
 * key alike and never echoes it (cequence-io/openai-scala-client#109), so `key_wrong_provider`
 * plays this body too.
 */
export function keyInvalid(subject: ErrorSubject): GoogleStatus {
  const message = subject.variant === 'not_found' ? 'API Key not found. Please pass a valid API key.' : 'API key not valid. Please pass a valid API key.';
  return apiKeyInvalid(message);
}

/**
 * A key Google revoked. Default `leaked`: gm-031 (continuedev/continue#11541), a 403 with no details;
 * `expired`: gm-033 (continuedev/continue#11336), a 400 API_KEY_INVALID.
 */
export function keyRevoked(subject: ErrorSubject): GoogleStatus {
  if (subject.variant === 'expired') return apiKeyInvalid('API key expired. Please renew the API key.');
  return { code: 403, status: 'PERMISSION_DENIED', message: 'Your API key was reported as leaked. Please use another API key.' };
}

function apiKeyInvalid(message: string): GoogleStatus {
  return {
    code: 400,
    status: 'INVALID_ARGUMENT',
    message,
    details: [errorInfo('API_KEY_INVALID', { service: SERVICE }), localizedMessage(message)],
  };
}

/**
 * A valid key its owner restricted. Default `service_blocked`: the key's API restrictions exclude the
 * Generative Language API; message from gm-056 (google-gemini/deprecated-generative-ai-dart#219),
 * details as the same front end sends them for API_KEY_SERVICE_BLOCKED (ErrorInfo with service,
 * methodName, consumer, apiName, then LocalizedMessage; quoted from a real body of another Google API,
 * so reconstructed here). `referrer`: gm-055 (mhawksey/GeminiApp#10), verbatim. `suspended`:
 * CONSUMER_SUSPENDED, which echoes the whole key (NOTES.md §4, gm-053).
 */
export function permissionDenied(subject: ErrorSubject): GoogleStatus {
  const consumer = `projects/${projectNumberOf(subject.key)}`;
  if (subject.variant === 'referrer') {
    const message = 'Requests from referer <empty> are blocked.';
    return {
      code: 403,
      status: 'PERMISSION_DENIED',
      message,
      details: [errorInfo('API_KEY_HTTP_REFERRER_BLOCKED', { consumer, service: SERVICE, httpReferrer: '<empty>' }), localizedMessage(message)],
    };
  }
  if (subject.variant === 'suspended') {
    return {
      code: 403,
      status: 'PERMISSION_DENIED',
      message: `Permission denied: Consumer 'api_key:${subject.key ?? ''}' has been suspended.`,
      details: [errorInfo('CONSUMER_SUSPENDED', { service: SERVICE, containerInfo: `api_key:${subject.key ?? ''}`, consumer })],
    };
  }
  const methodName = `google.ai.generativelanguage.${subject.apiVersion}.${rpcName(subject.method)}`;
  const message = `Requests to this API ${SERVICE} method ${methodName} are blocked.`;
  return {
    code: 403,
    status: 'PERMISSION_DENIED',
    message,
    details: [errorInfo('API_KEY_SERVICE_BLOCKED', { service: SERVICE, methodName, consumer, apiName: SERVICE }), localizedMessage(message)],
  };
}

function rpcName(method: string): string {
  if (method === 'listModels' || method === 'getModel') return `ModelService.${method[0]!.toUpperCase()}${method.slice(1)}`;
  return `GenerativeService.${method[0]!.toUpperCase()}${method.slice(1)}`;
}

/**
 * The Gemini API has no organization verification. The closest real answer is google.rpc's plain
 * PERMISSION_DENIED for a caller not allowed to use a restricted resource (gm-029, gm-030).
 */
export function orgVerificationRequired(): GoogleStatus {
  return { code: 403, status: 'PERMISSION_DENIED', message: 'The caller does not have permission' };
}

/**
 * The Generative Language API is not enabled in the key's project: gm-025, gm-026; body as a real
 * `curl` answered it (ErrorInfo SERVICE_DISABLED with activationUrl, then LocalizedMessage and Help).
 */
export function apiDisabled(subject: ErrorSubject): GoogleStatus {
  const project = projectNumberOf(subject.key);
  const activationUrl = `https://console.developers.google.com/apis/api/${SERVICE}/overview?project=${project}`;
  const message = `Generative Language API has not been used in project ${project} before or it is disabled. Enable it by visiting ${activationUrl} then retry. If you enabled this API recently, wait a few minutes for the action to propagate to our systems and retry.`;
  return {
    code: 403,
    status: 'PERMISSION_DENIED',
    message,
    details: [
      errorInfo('SERVICE_DISABLED', { containerInfo: project, activationUrl, serviceTitle: 'Generative Language API', service: SERVICE, consumer: `projects/${project}` }),
      localizedMessage(message),
      { '@type': `${TYPE}Help`, links: [{ description: 'Google developers console API activation', url: activationUrl }] },
    ],
  };
}

/**
 * gm-035 (wwardaww/gnome-gemini-ai#22) and gm-037 for the model methods; GetModel says it its own way
 * ("Model is not found: models/invalid-model for api version v1beta", a real probe quoted in public
 * notes). Neither has details.
 */
export function modelNotFound(subject: Pick<ErrorSubject, 'model' | 'method' | 'apiVersion'>): GoogleStatus {
  const message =
    subject.method === 'getModel'
      ? `Model is not found: models/${subject.model} for api version ${subject.apiVersion}`
      : `models/${subject.model} is not found for API version ${subject.apiVersion}, or is not supported for ${subject.method}. Call ListModels to see the list of available models and their supported methods.`;
  return { code: 404, status: 'NOT_FOUND', message };
}

/** gm-009 (snailyp/gemini-balance#328): the caller's country is not served. */
export function regionBlocked(): GoogleStatus {
  return { code: 400, status: 'FAILED_PRECONDITION', message: 'User location is not supported for the API use.' };
}

/**
 * Default: gm-060 (googleapis/python-genai#1300), the generic 400. `too_large`: the front end's size
 * limit for a request (20 MB for Gemini, ai.google.dev/gemini-api/docs/files; wording as quoted in
 * BerriAI/litellm's exception mapping). `empty_parts`: gm-076 (egoist/chatwise-releases#250).
 * `unknown_field`: Alishahryar1/free-claude-code#542.
 */
export function badRequestError(subject: ErrorSubject): GoogleStatus {
  if (subject.variant === 'too_large') return invalidArgument('Request payload size exceeds the limit: 20971520 bytes.');
  if (subject.variant === 'empty_parts') return invalidArgument('* GenerateContentRequest.contents[0].parts: contents.parts must not be empty.\n');
  if (subject.variant === 'unknown_field') return unknownFields([{ name: 'max_tokens', at: null }]);
  return invalidArgument('Request contains an invalid argument.');
}

export function invalidArgument(message: string, violations?: readonly { field?: string; description: string }[]): GoogleStatus {
  return violations ? { code: 400, status: 'INVALID_ARGUMENT', message, details: [badRequest(violations)] } : { code: 400, status: 'INVALID_ARGUMENT', message };
}

/**
 * Fields the request message does not have: one line and one BadRequest field violation each
 * (mnfst/llm-gateway#1858: `Unknown name "ref" at 'tools[0]...': Cannot find field.`, field paths in
 * snake_case; top-level names have no `at` and no `field`, Alishahryar1/free-claude-code#542).
 */
export function unknownFields(fields: readonly { name: string; at: string | null }[], bound = false): GoogleStatus {
  const violations = fields.map(({ name, at }) => {
    const description = bound
      ? `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}: Cannot bind query parameter. Field '${name}' could not be found in request message.`
      : `Invalid JSON payload received. Unknown name ${JSON.stringify(name)}${at ? ` at '${at}'` : ''}: Cannot find field.`;
    return at ? { field: at, description } : { description };
  });
  return invalidArgument(violations.map((v) => v.description).join('\n'), violations);
}

/**
 * gm-057 (google-gemini/gemini-cli#4231): the prompt is over the model's input window. Forced by the
 * scenario, the count reported is the window plus the prompt.
 */
export function contextLengthExceeded(subject: Pick<ErrorSubject, 'model' | 'promptTokens'>, inputTokens?: number): GoogleStatus {
  const limit = findModel(subject.model)?.inputTokenLimit ?? 1_048_576;
  const count = inputTokens ?? limit + Math.max(1, subject.promptTokens);
  return invalidArgument(`The input token count (${count}) exceeds the maximum number of tokens allowed (${limit}).`);
}

/**
 * Default: gm-023 (google-gemini/cookbook#425). `high_demand`: the 2026 wording (gm-021...024 and many
 * public logs: "This model is currently experiencing high demand. ...").
 */
export function overloaded(subject: ErrorSubject): GoogleStatus {
  const message =
    subject.variant === 'high_demand'
      ? 'This model is currently experiencing high demand. Spikes in demand are usually temporary. Please try again later.'
      : 'The model is overloaded. Please try again later.';
  return { code: 503, status: 'UNAVAILABLE', message };
}

/** Default: gm-039...042. `internal`: gm-b019 (google-gemini/gemini-cli#19466, 109 bytes). */
export function serverError(subject: ErrorSubject): GoogleStatus {
  const message =
    subject.variant === 'internal'
      ? 'Internal error encountered.'
      : 'An internal error has occurred. Please retry or report in https://developers.generativeai.google/guide/troubleshooting';
  return { code: 500, status: 'INTERNAL', message };
}
