import { X509Certificate } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { rootCertificates } from 'node:tls';

/**
 * The certificates a Node process trusts: its bundled Mozilla roots plus the PEM file named by
 * NODE_EXTRA_CA_CERTS (read once, at process start). Modelled from the environment the doctor
 * examines, not from the doctor's own process, so the verdict is the service's.
 */
export interface TrustStore {
  ca: string[];
  /** The NODE_EXTRA_CA_CERTS file when set, and what came of reading it. */
  extra: { path: string; certificates: number; fingerprints: Set<string>; error: string | null } | null;
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

export async function trustStoreFor(env: Readonly<Record<string, string | undefined>>): Promise<TrustStore> {
  const path = env.NODE_EXTRA_CA_CERTS?.trim();
  if (!path) return { ca: [...rootCertificates], extra: null };
  try {
    const pems = (await readFile(path, 'utf8')).match(PEM_CERTIFICATE) ?? [];
    const fingerprints = new Set(pems.flatMap((pem) => {
      try {
        return [new X509Certificate(pem).fingerprint256];
      } catch {
        return [];
      }
    }));
    const error = pems.length === 0 ? 'no PEM certificate in the file (DER or empty? convert with `openssl x509 -inform der -in ca.cer -out ca.pem`)' : null;
    return { ca: [...rootCertificates, ...pems], extra: { path, certificates: pems.length, fingerprints, error } };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? String(error);
    return { ca: [...rootCertificates], extra: { path, certificates: 0, fingerprints: new Set(), error: `cannot read it (${code})` } };
  }
}
