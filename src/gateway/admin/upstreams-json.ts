import type { Diagnosis } from '../../core/diagnosis.js';
import { redactSecrets } from '../../core/redact.js';
import type { KeySnapshot } from '../pool/key-pool.js';
import type { AdminView, BreakerView, UpstreamView } from './admin-view.js';
import { isoTime } from './iso-time.js';

// Free text (labels, reasons, diagnoses quoting a provider's message) passes through redactSecrets: a provider may
// echo part of a key, and a label is whatever the operator wrote.

/** The body of `GET /admin/upstreams`: every key's standing, the queues and the breakers, at the server's `now`. */
export function upstreamsJson(view: AdminView, now: number): Record<string, unknown> {
  return {
    now: isoTime(now),
    upstreams: view.upstreams().map(upstreamJson),
    breakers: view.breakers().map(breakerJson),
  };
}

function upstreamJson(upstream: UpstreamView): Record<string, unknown> {
  return {
    name: upstream.name,
    provider: upstream.provider,
    base_url: withoutCredentials(upstream.baseUrl),
    queue_depth: upstream.queueDepth,
    keys: upstream.keys.map(keyJson),
  };
}

/** One key: `state` is healthy, cooling or disabled; `summary` says the same in one readable line. */
export function keyJson(key: KeySnapshot): Record<string, unknown> {
  const { health } = key;
  const learned = key.limits.learned;
  return {
    label: redactSecrets(key.label),
    masked: key.masked,
    fingerprint: key.fingerprint,
    state: health.state,
    summary: summaryOf(key),
    cooling_until: health.state === 'cooling' ? isoTime(health.until) : null,
    cooling_reason: health.state === 'cooling' ? redactSecrets(health.reason) : null,
    disabled_since: health.state === 'disabled' ? isoTime(health.since) : null,
    diagnosis: health.state === 'disabled' ? diagnosisJson(health.diagnosis) : null,
    last_probe: health.state === 'disabled' ? isoTime(health.lastProbe) : null,
    in_flight: key.inFlight,
    requests_last_minute: key.requestsLastMinute,
    tokens_last_minute: key.tokensLastMinute,
    limits: {
      max_in_flight: key.limits.maxInFlight,
      rpm: key.limits.rpm,
      tpm: key.limits.tpm,
      learned: learned ? { rpm: learned.rpm, tpm: learned.tpm } : null,
    },
  };
}

function summaryOf(key: KeySnapshot): string {
  const { health } = key;
  switch (health.state) {
    case 'healthy':
      return 'healthy';
    case 'cooling':
      return `cooling until ${isoTime(health.until)}: ${redactSecrets(health.reason)}`;
    case 'disabled':
      return `disabled since ${isoTime(health.since)} because ${redactSecrets(health.diagnosis.title)} (${health.diagnosis.category})`;
  }
}

function diagnosisJson(diagnosis: Diagnosis): Record<string, unknown> {
  return {
    category: diagnosis.category,
    title: redactSecrets(diagnosis.title),
    cause: redactSecrets(diagnosis.cause),
    fixes: diagnosis.fixes.map(redactSecrets),
  };
}

function breakerJson(breaker: BreakerView): Record<string, unknown> {
  return { target: breaker.id, state: breaker.state, open_until: isoTime(breaker.openUntil) };
}

/** A base URL may carry a proxy-style `user:password@`; the admin view shows where, not how to get in. */
function withoutCredentials(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    if (url.username === '' && url.password === '') return redactSecrets(baseUrl);
    url.username = '';
    url.password = '';
    return redactSecrets(url.toString());
  } catch {
    return redactSecrets(baseUrl);
  }
}
