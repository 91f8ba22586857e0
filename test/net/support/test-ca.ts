import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A private CA and a server certificate it signed, made with the openssl CLI for this test run. */
export interface TestCa {
  /** PEM file of the CA certificate (what NODE_EXTRA_CA_CERTS would point at). */
  caPath: string;
  caPem: string;
  /** The server's key and its certificate followed by the CA (the chain an intercepting proxy sends). */
  key: string;
  cert: string;
  caName: string;
  remove(): void;
}

export const TEST_CA_NAME = 'llmdoctor Test Interception CA';

export function makeTestCa(names: string[]): TestCa {
  const dir = mkdtempSync(join(tmpdir(), 'llmdoctor-ca-'));
  const path = (file: string): string => join(dir, file);
  const openssl = (...args: string[]): void => {
    execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'], timeout: 20_000 });
  };
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  openssl('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2',
    '-subj', `/CN=${TEST_CA_NAME}/O=llmdoctor tests`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
  openssl('req', ...ec, '-keyout', 'server.key', '-out', 'server.csr', '-subj', `/CN=${names[0] ?? 'localhost'}`);
  const altNames = names.map((name) => (/^[\d.]+$|:/.test(name) ? `IP:${name}` : `DNS:${name}`)).join(',');
  writeFileSync(path('server.ext'), [
    `subjectAltName=${altNames}`,
    'basicConstraints=CA:FALSE',
    'keyUsage=digitalSignature,keyEncipherment',
    'extendedKeyUsage=serverAuth',
  ].join('\n'));
  openssl('x509', '-req', '-in', 'server.csr', '-CA', 'ca.pem', '-CAkey', 'ca.key', '-CAcreateserial',
    '-out', 'server.pem', '-days', '2', '-extfile', 'server.ext');
  const caPem = readFileSync(path('ca.pem'), 'utf8');
  return {
    caPath: path('ca.pem'),
    caPem,
    key: readFileSync(path('server.key'), 'utf8'),
    cert: readFileSync(path('server.pem'), 'utf8') + caPem,
    caName: TEST_CA_NAME,
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}
