import type { Diagnosis } from '../../core/diagnosis.js';
import type { ProviderTarget } from '../types.js';
import { DEFAULTS } from '../../core/defaults.js';
import type { FindingDraft } from './api-finding.js';
import type { ApiHttp, HttpOutcome } from './api-http.js';
import { describeOutcome } from './api-outcome.js';
import type { ProbeHttpRequest, ProviderProbe } from '../../providers/probe.js';
import type { SupportedRegions } from '../../providers/regions.js';
import { sovereignOf } from '../../core/territories.js';

/**
 * `region`: the egress country as the API host's CDN edge sees it (`/cdn-cgi/trace`, `loc=`; api.openai.com
 * and api.anthropic.com sit behind Cloudflare), against the provider's supported-country list; a region
 * refusal from the API itself counts too.
 */

export interface EdgeView {
  request: ProbeHttpRequest;
  outcome: HttpOutcome;
  /** Two-letter country code, `T1` for Tor; null when the edge did not say. */
  loc: string | null;
  ip: string | null;
  colo: string | null;
}

/** A region refusal the API itself gave, and in which step. */
export interface ApiRegionRefusal {
  step: string;
  diagnosis: Diagnosis;
}

export async function readEdge(target: ProviderTarget, http: ApiHttp): Promise<EdgeView> {
  // No credential: the trace is the CDN's, and the key has no business there.
  const request: ProbeHttpRequest = { method: 'GET', url: `${new URL(target.baseUrl).origin}/cdn-cgi/trace`, headers: { accept: 'text/plain' } };
  const outcome = await http.send(request, DEFAULTS.doctor.api.traceTimeoutMs);
  const fields = outcome.kind === 'answer' && outcome.status === 200 ? parseTrace(outcome.text) : new Map<string, string>();
  const loc = fields.get('loc')?.toUpperCase() ?? null;
  return { request, outcome, loc: loc && /^[A-Z][A-Z0-9]$/.test(loc) ? loc : null, ip: fields.get('ip') ?? null, colo: fields.get('colo') ?? null };
}

function parseTrace(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) fields.set(line.slice(0, at).trim(), line.slice(at + 1).trim());
  }
  return fields;
}

const REGION_NAMES = new Intl.DisplayNames(['en'], { type: 'region' });

function countryName(code: string): string {
  if (code === 'T1') return 'the Tor network';
  try {
    const name = REGION_NAMES.of(code);
    return name && name !== code ? `${code} (${name})` : code;
  } catch {
    return code;
  }
}

export function regionDraft(target: ProviderTarget, probe: ProviderProbe, regions: SupportedRegions, edge: EdgeView, refusal: ApiRegionRefusal | null): FindingDraft {
  const listName = `${probe.displayName}'s supported-country list (${regions.source}, as of ${regions.asOf})`;
  const host = new URL(target.baseUrl).host;
  const relay = probe.officialHosts.includes(new URL(target.baseUrl).hostname)
    ? ''
    : ` ${host} is not ${probe.displayName}'s own host: this is that server's view; a relay or gateway calls ${probe.displayName} from wherever it runs.`;
  const refused = refusal ? ` The API itself refused the ${refusal.step} for the caller's region ("${refusal.diagnosis.title}").` : '';
  const fixes = regionFixes(probe, regions, edge);

  if (edge.loc === null) {
    const why = edge.outcome.kind === 'answer' ? `${describeOutcome(edge.request, edge.outcome)} without a loc= line` : describeOutcome(edge.request, edge.outcome);
    if (refusal) return { status: 'fail', category: 'region_blocked', title: `${probe.displayName} refuses calls from this network's region`, detail: `${why}, so the country the edge sees is unknown.${refused}${relay}`, fixes };
    return { status: 'skip', title: `${probe.displayName}: egress country unknown`, detail: `${why}: the edge did not say which country it sees (only Cloudflare-fronted hosts answer /cdn-cgi/trace), and no API answer reported a region refusal.${relay}` };
  }

  const seen = `The edge of ${host}${edge.colo ? ` (PoP ${edge.colo})` : ''} sees this machine${edge.ip ? ` as ${edge.ip}` : ''} in ${countryName(edge.loc)}.`;
  const listed = regions.countries.has(edge.loc);
  const sovereign = regions.listsTerritories ? null : sovereignOf(edge.loc);
  if (edge.loc === 'T1') {
    return { status: 'fail', category: 'region_blocked', title: `${probe.displayName} sees this machine on Tor`, detail: `${seen} Providers refuse or flag Tor exits.${refused}${relay}`, fixes };
  }
  if (listed || (sovereign !== null && regions.countries.has(sovereign))) {
    const onList = listed ? `${edge.loc} is on ${listName}` : `${edge.loc} is a territory of ${countryName(sovereign!)}, which is on ${listName}`;
    if (refusal) {
      return {
        status: 'fail',
        category: 'region_blocked',
        title: `${probe.displayName} refuses this network although its country is supported`,
        detail: `${seen} ${onList}.${refused} The provider's edge may flag this network (VPN, proxy or datacenter range), or API calls leave by another route than this check.${relay}`,
        fixes,
      };
    }
    return { status: 'pass', title: `${probe.displayName} serves ${edge.loc}`, detail: `${seen} ${onList}.${relay}` };
  }
  return {
    status: 'fail',
    category: 'region_blocked',
    title: `${probe.displayName} does not serve ${countryName(edge.loc)}`,
    detail: `${seen} It is not on ${listName}.${refused}${relay}`,
    fixes,
  };
}

function regionFixes(probe: ProviderProbe, regions: SupportedRegions, edge: EdgeView): string[] {
  return [
    `Send this service's ${probe.displayName} traffic out through a server or proxy in a supported country (${regions.source}): set HTTPS_PROXY=http://host:port for the process that calls the API, and make Node use it (\`setGlobalDispatcher(new EnvHttpProxyAgent())\` from undici: Node's fetch ignores HTTPS_PROXY).`,
    `If this machine is in a supported country, its address is placed elsewhere (VPN, cloud region, carrier-grade NAT): check with \`curl -s ${edge.request.url}\` and ask the network's operator to correct the geolocation.`,
    regions.elsewhere,
  ];
}
