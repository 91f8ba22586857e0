import { isIP } from 'node:net';
import { ALL_KEY_FORMATS } from '../../providers/key-formats.js';
import { DOCTOR_PROVIDERS, PROVIDER_ENVIRONMENTS } from './provider-environments.js';
import type { DoctorProvider } from '../types.js';
import { addressKind } from '../../net/address-kind.js';
import { editDistance } from '../../core/edit-distance.js';

/** What the host of a base URL is: the provider's own, another provider's, a known relay, local, or other. */
export type HostKind =
  | { kind: 'own' }
  | { kind: 'other_provider'; provider: DoctorProvider; name: string }
  | { kind: 'relay'; name: string; baseUrl: string }
  | { kind: 'loopback' }
  | { kind: 'private' }
  /** A typo of the API host, or another host of the provider's domain (its website, console, Vertex AI). */
  | { kind: 'near_miss'; of: string }
  | { kind: 'public' };

/** Hosts of the relays and OpenAI-compatible providers whose key formats we know. */
const RELAY_HOSTS: ReadonlyMap<string, { name: string; baseUrl: string }> = new Map(
  ALL_KEY_FORMATS.flatMap((format) => (format.baseUrl ? [[new URL(format.baseUrl).hostname, { name: format.providerName, baseUrl: format.baseUrl }] as const] : [])),
);

export function classifyHost(hostname: string, provider: DoctorProvider): HostKind {
  const host = hostname.replace(/^\[|\]$/g, '').replace(/\.$/, '').toLowerCase();
  const own = PROVIDER_ENVIRONMENTS[provider].ownHosts;
  if (own.includes(host)) return { kind: 'own' };
  for (const other of DOCTOR_PROVIDERS) {
    if (other !== provider && PROVIDER_ENVIRONMENTS[other].ownHosts.includes(host)) return { kind: 'other_provider', provider: other, name: PROVIDER_ENVIRONMENTS[other].name };
  }
  const relay = RELAY_HOSTS.get(host);
  if (relay) return { kind: 'relay', ...relay };
  if (isLoopback(host)) return { kind: 'loopback' };
  if (isPrivate(host)) return { kind: 'private' };
  const near = own.find((o) => (Math.abs(o.length - host.length) <= 2 && editDistance(o, host) <= 2) || sameDomain(o, host));
  if (near) return { kind: 'near_miss', of: near };
  return { kind: 'public' };
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || addressKind(host) === 'loopback';
}

/** Private ranges, link-local, and names that only resolve inside a network (single labels, .local, .internal). */
function isPrivate(host: string): boolean {
  if (isIP(host) !== 0) return PRIVATE_KINDS.has(addressKind(host));
  return !host.includes('.') || /\.(local|internal|lan|home\.arpa|svc|cluster\.local)$/.test(host) || host === 'host.docker.internal';
}

const PRIVATE_KINDS = new Set(['private', 'link-local', 'shared']);

/** `platform.openai.com` and `api.openai.com` share `openai.com`. */
function sameDomain(ownHost: string, host: string): boolean {
  const domain = ownHost.split('.').slice(1).join('.');
  return domain.includes('.') && (host === domain || host.endsWith(`.${domain}`));
}
