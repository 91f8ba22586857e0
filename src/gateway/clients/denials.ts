import { maskSecret } from '../../core/redact.js';
import type { ClientKeyRecord } from '../store/types.js';
import { periodWords } from './budget-period.js';
import { CLIENT_KEY_PREFIX } from './client-key-format.js';
import type { LimitHit } from './client-usage.js';
import type { Denial } from './types.js';

/**
 * The gate's refusals, each saying which limit and when it resets, and what the client can do. A whole key
 * never appears: the key the client sent shows masked, a stored key by its masked form and id.
 */

const HOW_TO_SEND = 'Send your llmdoctor client key as Authorization: Bearer <key>, x-api-key or x-goog-api-key: set it as the SDK\'s apiKey.';

export function missingKey(): Denial {
  return {
    reason: 'missing_key',
    status: 401,
    message: 'This gateway requires a client key and the request carried none (no Authorization: Bearer, x-api-key, x-goog-api-key or ?key=).',
    fix: HOW_TO_SEND,
    resetsAt: null,
    details: { reason: 'missing_key', accepted: ['Authorization: Bearer', 'x-api-key', 'x-goog-api-key', '?key='] },
  };
}

export function invalidKey(credential: string): Denial {
  const masked = maskSecret(credential);
  const ours = credential.startsWith(CLIENT_KEY_PREFIX);
  return {
    reason: 'invalid_key',
    status: 401,
    message: ours
      ? `The client key ${masked} is not known to this gateway.`
      : `The key ${masked} is not an llmdoctor client key (those start with ${CLIENT_KEY_PREFIX}): the gateway holds the provider keys itself.`,
    fix: ours
      ? 'Check that the whole key was copied (it is shown once, at creation), or ask the gateway\'s admin for a key (`llmdoctor keys create`).'
      : `Send the client key you were given instead of a provider key. ${HOW_TO_SEND}`,
    resetsAt: null,
    details: { reason: 'invalid_key', key: masked },
  };
}

export function revokedKey(key: ClientKeyRecord): Denial {
  const when = new Date(key.revokedAt ?? 0).toISOString();
  const rotated = key.replacedBy !== null;
  return {
    reason: 'revoked',
    status: 401,
    message: rotated
      ? `The client key ${nameOf(key)} was rotated at ${when}: a replacement key (${key.replacedBy}) exists and this one no longer works.`
      : `The client key ${nameOf(key)} was revoked at ${when}.`,
    fix: rotated
      ? `Use the replacement key ${key.replacedBy}: ask whoever manages the gateway for it (it was shown once, when rotated).`
      : 'Ask the gateway\'s admin for a new client key (`llmdoctor keys create`).',
    resetsAt: null,
    details: { reason: 'revoked', client_key_id: key.id, revoked_at: when, replaced_by: key.replacedBy },
  };
}

export function expiredKey(key: ClientKeyRecord): Denial {
  const when = new Date(key.expiresAt ?? 0).toISOString();
  return {
    reason: 'expired',
    status: 401,
    message: `The client key ${nameOf(key)} expired at ${when}.`,
    fix: 'Ask the gateway\'s admin for a new client key (`llmdoctor keys create --expires 30d`).',
    resetsAt: null,
    details: { reason: 'expired', client_key_id: key.id, expired_at: when },
  };
}

export function modelNotAllowed(key: ClientKeyRecord, model: string): Denial {
  const allowed = key.models ?? [];
  return {
    reason: 'model_not_allowed',
    status: 403,
    message: `The client key ${nameOf(key)} may not use "${model}"; it may use: ${allowed.join(', ')}.`,
    fix: `Ask for one of ${allowed.map((m) => `"${m}"`).join(', ')}, or ask the gateway's admin to allow "${model}" for this key.`,
    resetsAt: null,
    details: { reason: 'model_not_allowed', model, allowed },
  };
}

export function limitReached(key: ClientKeyRecord, hit: LimitHit, now: number): Denial {
  const resets = hit.resetsAt === null ? null : new Date(hit.resetsAt).toISOString();
  const details = { reason: hit.limit, limit: LIMIT_FIELDS[hit.limit], limit_value: hit.value, used: hit.used, resets_at: resets };
  const who = `The client key ${nameOf(key)}`;
  switch (hit.limit) {
    case 'rpm':
      return {
        reason: 'rpm',
        status: 429,
        message: `${who} is at its limit of ${hit.value} requests per minute; the oldest request leaves the 60 s window at ${resets} (${untilIn(hit.resetsAt, now)}).`,
        fix: 'Retry after the time in Retry-After and spread requests out, or ask the gateway\'s admin for a higher rpm on this key.',
        resetsAt: hit.resetsAt,
        details,
      };
    case 'concurrency':
      return {
        reason: 'concurrency',
        status: 429,
        message: `${who} already has ${hit.used} requests in progress, its limit of concurrent requests (${hit.value}); the limit frees as soon as one of them finishes.`,
        fix: 'Retry in a second, or send fewer requests at once, or ask the gateway\'s admin for a higher max_concurrent on this key.',
        resetsAt: hit.resetsAt,
        details,
      };
    case 'budget': {
      const period = key.budgetPeriod;
      return {
        reason: 'budget',
        status: 429,
        message:
          `${who} used ${hit.used} tokens ${periodWords(period)}, its budget is ${hit.value}; ` +
          (resets === null ? 'the budget is for the key\'s whole life and never resets.' : `the budget resets at ${resets} (${untilIn(hit.resetsAt, now)}).`),
        fix: resets === null ? 'Ask the gateway\'s admin for a new key or a larger budget.' : 'Wait until the budget resets, or ask the gateway\'s admin for a larger budget on this key.',
        resetsAt: hit.resetsAt,
        details: { ...details, period },
      };
    }
  }
}

/** The limit's name as the admin API and CLI spell it. */
const LIMIT_FIELDS: Record<LimitHit['limit'], string> = { rpm: 'rpm', concurrency: 'max_concurrent', budget: 'budget_tokens' };

function nameOf(key: ClientKeyRecord): string {
  return `${key.masked} (${key.id}${key.name === null ? '' : `, "${key.name}"`})`;
}

/** `in 42 s`, `in 3 h 12 min`, `in 5 days`. */
function untilIn(at: number | null, now: number): string {
  if (at === null) return 'never';
  const seconds = Math.max(1, Math.ceil((at - now) / 1000));
  if (seconds < 120) return `in ${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `in ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `in ${hours} h ${minutes % 60} min`;
  return `in ${Math.round(hours / 24)} days`;
}
