import type { DoctorProvider, Finding } from './types.js';

/**
 * The order in which a failure explains the ones after it: no key explains a failed auth, a DNS
 * failure explains a failed connection, which explains a failed request. The first failing
 * check in this order is the root cause.
 */
const CAUSE_ORDER = [
  'env.keys', 'env.conflict', 'key.hygiene', 'key.kind', 'base_url', 'proxy.env', 'proxy.reach', 'net.dns', 'net.tcp4', 'net.tcp6',
  'net.tls', 'proxy.connect', 'proxy.node_fetch', 'net.http', 'region', 'api.auth', 'api.model', 'api.probe', 'api.rate_limits', 'clock',
];

export interface Verdict {
  /** Per provider (and the machine), the failing finding that explains the rest. */
  rootCauses: Finding[];
  /** The fixes of the root causes, in order, without repeats. */
  fixes: string[];
}

export function verdictOf(findings: readonly Finding[]): Verdict {
  const byProvider = new Map<DoctorProvider | 'machine', Finding>();
  for (const finding of [...findings].filter((f) => f.status === 'fail').sort((a, b) => rank(a) - rank(b))) {
    if (!byProvider.has(finding.provider)) byProvider.set(finding.provider, finding);
  }
  const rootCauses = [...byProvider.values()].sort((a, b) => rank(a) - rank(b));
  return { rootCauses, fixes: [...new Set(rootCauses.flatMap((f) => f.fixes))] };
}

function rank(finding: Finding): number {
  const index = CAUSE_ORDER.indexOf(finding.check);
  return index < 0 ? CAUSE_ORDER.length : index;
}
