import { addressKind } from '../../net/address-kind.js';

/**
 * Whether a base URL leads back to the gateway itself: same port, and the same host or both on this
 * machine (loopback names and addresses, or a wildcard listen address). A user who pointed their app's
 * OPENAI_BASE_URL at the gateway and then started it in the same shell would otherwise have every
 * request forward to itself until the attempts run out.
 */
export function pointsAtListenAddress(url: URL, listen: { host: string; port: number }): boolean {
  // Port 0 asks the OS for a free port: nothing configured in advance can point at it.
  if (listen.port === 0) return false;
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port);
  if (port !== listen.port) return false;
  const target = bareHost(url.hostname);
  const own = bareHost(listen.host);
  if (target === own) return true;
  return isThisMachine(target) && (isThisMachine(own) || isWildcard(own));
}

function bareHost(host: string): string {
  return host.toLowerCase().replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');
}

function isWildcard(host: string): boolean {
  return host === '' || addressKind(host) === 'unspecified';
}

/** Loopback, `localhost` (and its subdomains, which resolve to loopback), or a wildcard address (which connects locally). */
function isThisMachine(host: string): boolean {
  return host === 'localhost' || host.endsWith('.localhost') || addressKind(host) === 'loopback' || isWildcard(host);
}
