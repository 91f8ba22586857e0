import { DEFAULTS } from '../../core/defaults.js';
import { trustCaFixes } from '../../net/node-fixes.js';
import { describeCertificate, rootOf, verifyProblemOf, type TlsProbeResult } from '../../net/tls-probe.js';
import type { TrustStore } from '../../net/trust-store.js';
import { stopped, type Report } from './network-report.js';

/**
 * `net.tls` (and TLS through a proxy's tunnel): who issued the certificate and whether Node, with the
 * examined environment's NODE_EXTRA_CA_CERTS, trusts it. An unknown issuer is interception until shown otherwise.
 */

export interface TlsScene {
  host: string;
  port: number;
  trust: TrustStore;
  note: string;
  /** Whether an unknown issuer can only be interception (the provider's own host, or through a proxy). */
  certain: boolean;
}

/** Reports one TLS result; true when the certificate is trusted. Shared by the direct and the proxied path. */
export function reportTls(check: string, tls: TlsProbeResult, scene: TlsScene, report: Report): boolean {
  const { host, port, trust, note } = scene;
  const ms = (tls.tcp?.ms ?? 0) + (tls.handshakeMs ?? 0);
  const cert = tls.certificate ? describeCertificate(tls.certificate) : 'no certificate';
  const extra = trust.extra;
  const extraNote = extra?.error ? ` NODE_EXTRA_CA_CERTS=${extra.path} is set but ${extra.error}.` : '';
  if (tls.outcome === 'authorized') {
    const viaExtra = extra && [tls.certificate, ...tls.chain].some((c) => c && extra.fingerprints.has(c.fingerprint256));
    const trusted = viaExtra
      ? ` Trusted through NODE_EXTRA_CA_CERTS (${extra.path}): a private CA or a TLS-inspecting proxy that you trust on purpose.`
      : '';
    report(check, 'pass', null, `${tls.protocol ?? 'TLS'} handshake with ${host} in ${tls.handshakeMs ?? 0} ms: certificate trusted`, `${cert}.${trusted}${note}`, [], ms);
    return true;
  }
  if (tls.outcome === 'rejected' && tls.verifyError) {
    const problem = verifyProblemOf(tls.verifyError);
    const issuer = tls.certificate?.issuer ?? 'an unknown issuer';
    if (problem === 'unknown-issuer') {
      const root = rootOf(tls);
      const fixes = trustCaFixes(host, port);
      if (extra?.error) fixes.unshift(`NODE_EXTRA_CA_CERTS=${extra.path} is set but ${extra.error}: fix the file so Node can load it.`);
      const what = scene.certain ? 'TLS interception' : 'TLS interception or a private CA';
      report(check, 'fail', 'network_tls', `${what}: ${host}'s certificate is issued by "${issuer}", which Node does not trust (${tls.verifyError})`,
        `${cert}; top of the chain: ${root ? root.subject : 'none sent'}. A public API's certificate chains to a public CA; an unknown issuer means something in between (corporate proxy, firewall, antivirus) re-signs the traffic, or the server uses a private CA.${extraNote}${note}`,
        fixes, ms);
      return false;
    }
    const [title, fixes] = problem === 'expired'
      ? [`${host}'s certificate expired on ${tls.certificate?.validTo ?? '?'} (${tls.verifyError})`, [`Check this machine's clock (now ${new Date().toISOString()}): \`timedatectl\`, enable NTP.`, 'If the clock is right, something in between serves a stale certificate (an intercepting proxy): see its issuer.']]
      : problem === 'not-yet-valid'
        ? [`${host}'s certificate is not valid before ${tls.certificate?.validFrom ?? '?'}: this machine's clock is behind`, [`Fix the clock (now ${new Date().toISOString()}): \`timedatectl set-ntp true\`, or sync the container host's clock.`]]
        : problem === 'name-mismatch'
          ? [`The certificate served for ${host} does not name it (${tls.verifyError})`, ['Check the host in the base URL.', 'A captive portal, a firewall block page or an intercepting proxy answers instead of the API: see the certificate\'s names and issuer.']]
          : [`Node refuses ${host}'s certificate (${tls.verifyError})`, trustCaFixes(host, port)];
    report(check, 'fail', 'network_tls', title, `${cert}.${extraNote}${note}`, fixes, ms);
    return false;
  }
  if (tls.outcome === 'timeout' || tls.outcome === 'aborted') {
    if (tls.outcome === 'aborted') {
      const { title, detail } = stopped(`the TLS handshake with ${host}`);
      report(check, 'fail', 'timeout', title, detail, [], ms);
      return false;
    }
    const connected = tls.tcp === null || tls.tcp.outcome === 'connected';
    report(check, 'fail', 'timeout',
      connected ? `TLS handshake with ${host}: no answer within ${DEFAULTS.net.tlsTimeoutMs} ms` : `TLS: no TCP connection to ${host} within ${DEFAULTS.net.tlsTimeoutMs} ms`,
      connected ? `The connection was accepted, then nothing answered the TLS ClientHello: a black-holing firewall (some drop by SNI), a stuck server, or a port that waits for the client to speak another protocol.${note}` : `${note}`,
      ['Try from another network to tell a local firewall from a server problem.', 'Check that the port in the base URL serves HTTPS.', 'If this network requires a proxy, set HTTPS_PROXY and make Node use it (see proxy.node_fetch).'], ms);
    return false;
  }
  if (tls.outcome === 'unconnected') {
    report(check, 'fail', 'network_connect', `TLS: the connection to ${host}:${port} failed (${tls.tcp?.code ?? tls.tcp?.outcome ?? 'unknown'})`, `The address that connected in the TCP step failed this time.${note}`, [], ms);
    return false;
  }
  const wrongProtocol = /WRONG_VERSION_NUMBER|wrong version number|EPROTO|packet length too long/i.test(tls.error ?? '');
  report(check, 'fail', 'network_tls', `TLS handshake with ${host} failed (${tls.error ?? 'closed'})`,
    wrongProtocol
      ? `The server did not answer in TLS: the port speaks plain HTTP or another protocol.${note}`
      : `The connection broke during the handshake after ${tls.handshakeMs ?? 0} ms. A reset right after the ClientHello is how SNI-filtering firewalls block a host.${note}`,
    wrongProtocol
      ? ['Use http:// in the base URL if this server speaks plain HTTP, or the port that serves HTTPS.']
      : ['Try from another network to tell a local firewall from a server problem.', 'If this network requires a proxy, set HTTPS_PROXY and make Node use it (see proxy.node_fetch).'],
    ms);
  return false;
}
