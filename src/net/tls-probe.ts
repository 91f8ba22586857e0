import { isIP } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Duplex } from 'node:stream';
import { checkServerIdentity, connect, type DetailedPeerCertificate, type PeerCertificate } from 'node:tls';
import { DEFAULTS } from '../core/defaults.js';
import { openTcp, type TcpProbeResult } from './tcp-probe.js';
import { elapsedMs, openTimeBox, type TimeBox } from './time-box.js';

export interface CertificateSummary {
  subject: string;
  issuer: string;
  validFrom: string;
  validTo: string;
  altNames: string[];
  fingerprint256: string;
}

/**
 * - `authorized`: the chain leads to a trusted root and names the host;
 * - `rejected`: the handshake completed but Node would refuse the certificate (`verifyError` says why);
 * - `failed`: the handshake broke off (`error`); `timeout` / `aborted`: no answer within the time box;
 * - `unconnected`: the TCP connection itself failed (`tcp` says how).
 */
export type TlsOutcome = 'authorized' | 'rejected' | 'failed' | 'timeout' | 'aborted' | 'unconnected';

export interface TlsProbeResult {
  host: string;
  outcome: TlsOutcome;
  /** Node's verification code: UNABLE_TO_GET_ISSUER_CERT_LOCALLY, CERT_HAS_EXPIRED, ERR_TLS_CERT_ALTNAME_INVALID, ... */
  verifyError: string | null;
  error: string | null;
  protocol: string | null;
  certificate: CertificateSummary | null;
  /** The issuers the server sent above its certificate, nearest first. */
  chain: CertificateSummary[];
  /** TCP connect time when the probe connected itself. */
  tcp: TcpProbeResult | null;
  handshakeMs: number | null;
}

export interface TlsProbeOptions {
  port: number;
  /** The address to connect to (resolved before); ignored when `socket` is given. */
  address?: string;
  /** An open connection to use instead, such as a tunnel through a proxy. */
  socket?: Duplex;
  /** The trusted CAs (replaces Node's bundled roots); default: this process's store. */
  ca?: string[];
  timeoutMs?: number;
  signal?: AbortSignal;
}

/** Verification codes meaning "issued by a CA this process does not trust": the mark of TLS interception. */
export const UNKNOWN_ISSUER_CODES: ReadonlySet<string> = new Set([
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'UNABLE_TO_GET_ISSUER_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'CERT_UNTRUSTED',
]);

/** Handshakes with SNI `host` and reports the certificate and whether Node would trust it. */
export async function probeTls(host: string, options: TlsProbeOptions): Promise<TlsProbeResult> {
  const box = openTimeBox(options.timeoutMs ?? DEFAULTS.net.tlsTimeoutMs, options.signal);
  const base = { host, verifyError: null, error: null, protocol: null, certificate: null, chain: [], handshakeMs: null };
  try {
    let socket = options.socket ?? null;
    let tcp: TcpProbeResult | null = null;
    if (socket === null) {
      const opened = await openTcp(options.address ?? host, options.port, { signal: box.signal, timeoutMs: options.timeoutMs ?? DEFAULTS.net.tlsTimeoutMs });
      tcp = opened.result;
      if (opened.socket === null) return { ...base, outcome: box.ended() ?? 'unconnected', tcp };
      socket = opened.socket;
    }
    return { ...(await handshake(host, socket, options, box)), tcp };
  } finally {
    box.close();
  }
}

function handshake(host: string, socket: Duplex, options: TlsProbeOptions, box: TimeBox): Promise<Omit<TlsProbeResult, 'tcp'>> {
  const start = performance.now();
  const bareHost = host.replace(/^\[|\]$/g, '');
  const tls = connect({
    socket,
    // SNI carries names only; an IP address is checked against the certificate's IP entries.
    servername: isIP(bareHost) === 0 ? bareHost : undefined,
    ...(options.ca ? { ca: options.ca } : {}),
    rejectUnauthorized: false,
    checkServerIdentity: (_name, cert) => checkServerIdentity(bareHost, cert),
  });
  const finish = (result: Omit<TlsProbeResult, 'tcp'>) => {
    tls.destroy();
    socket.destroy();
    return result;
  };
  const empty = { host, verifyError: null, protocol: null, certificate: null, chain: [] };
  return new Promise((resolve) => {
    tls.once('secureConnect', () => {
      const peer = tls.getPeerCertificate(true);
      const verifyError = tls.authorized ? null : String(tls.authorizationError ?? 'UNKNOWN');
      resolve(finish({
        host,
        outcome: tls.authorized ? 'authorized' : 'rejected',
        verifyError,
        error: null,
        protocol: tls.getProtocol(),
        certificate: peer && Object.keys(peer).length > 0 ? summarize(peer) : null,
        chain: issuersOf(peer),
        handshakeMs: elapsedMs(start),
      }));
    });
    tls.on('error', (error: NodeJS.ErrnoException) => {
      resolve(finish({ ...empty, outcome: 'failed', error: error.code ?? error.message, handshakeMs: elapsedMs(start) }));
    });
    // A peer that closes without an error event (some middleboxes) still ends the probe.
    tls.once('close', () => resolve(finish({ ...empty, outcome: 'failed', error: 'ECONNRESET', handshakeMs: elapsedMs(start) })));
    box.signal.addEventListener('abort', () => {
      resolve(finish({ ...empty, outcome: box.ended() ?? 'timeout', error: null, handshakeMs: elapsedMs(start) }));
    }, { once: true });
  });
}

function issuersOf(peer: DetailedPeerCertificate | undefined): CertificateSummary[] {
  const chain: CertificateSummary[] = [];
  let current = peer;
  while (current?.issuerCertificate && current.issuerCertificate !== current && chain.length < 8) {
    current = current.issuerCertificate;
    chain.push(summarize(current));
  }
  return chain;
}

function summarize(cert: PeerCertificate): CertificateSummary {
  return {
    subject: distinguishedName(cert.subject),
    issuer: distinguishedName(cert.issuer),
    validFrom: isoDate(cert.valid_from),
    validTo: isoDate(cert.valid_to),
    altNames: (cert.subjectaltname ?? '').split(/,\s*/).filter(Boolean).map((name) => name.replace(/^(?:DNS|IP Address):/, '')),
    fingerprint256: cert.fingerprint256,
  };
}

/** `CN=WE1, O=Google Trust Services`: the parts a person recognises. */
function distinguishedName(name: Record<string, string | string[] | undefined> | undefined): string {
  if (!name) return '(none)';
  const parts = (['CN', 'O', 'OU'] as const).flatMap((field) => {
    const value = name[field];
    return value === undefined ? [] : [`${field}=${Array.isArray(value) ? value.join('+') : value}`];
  });
  return parts.length > 0 ? parts.join(', ') : '(none)';
}

function isoDate(text: string): string {
  const date = new Date(text);
  return Number.isNaN(date.getTime()) ? text : date.toISOString().slice(0, 10);
}

/** What a verification code means for the user: who to blame and what to do differs. */
export type VerifyProblem = 'unknown-issuer' | 'expired' | 'not-yet-valid' | 'name-mismatch' | 'other';

export function verifyProblemOf(code: string): VerifyProblem {
  if (UNKNOWN_ISSUER_CODES.has(code)) return 'unknown-issuer';
  if (code === 'CERT_HAS_EXPIRED') return 'expired';
  if (code === 'CERT_NOT_YET_VALID') return 'not-yet-valid';
  if (code === 'ERR_TLS_CERT_ALTNAME_INVALID' || code === 'HOSTNAME_MISMATCH') return 'name-mismatch';
  return 'other';
}

/** `CN=api.openai.com, issued by CN=WE1, O=Google Trust Services, valid 2025-01-01 to 2025-04-01, names api.openai.com`. */
export function describeCertificate(cert: CertificateSummary): string {
  const names = cert.altNames.length > 6 ? [...cert.altNames.slice(0, 6), `+${cert.altNames.length - 6} more`] : cert.altNames;
  return `${cert.subject}, issued by ${cert.issuer}, valid ${cert.validFrom} to ${cert.validTo}` +
    (names.length > 0 ? `, names ${names.join(' ')}` : '');
}

/** The top of the chain the server sent: the CA a person would have to trust. */
export function rootOf(result: Pick<TlsProbeResult, 'certificate' | 'chain'>): CertificateSummary | null {
  return result.chain[result.chain.length - 1] ?? result.certificate;
}
