/**
 * The Node.js remedies for transport problems, worded once: checks and explanations cite these.
 * (Node reads NODE_OPTIONS, NODE_EXTRA_CA_CERTS and NODE_USE_ENV_PROXY only at startup: every fix that
 * sets one says to restart the service.)
 */

export function preferIpv4Fixes(): string[] {
  return [
    'Make Node try IPv4 first: start it with NODE_OPTIONS=--dns-result-order=ipv4first (or call dns.setDefaultResultOrder(\'ipv4first\') at startup), then restart the service.',
    'Keep Node\'s Happy Eyeballs on (the default since Node 20: do not pass --no-network-family-autoselection); clients without it, such as older Node versions, hang on the broken IPv6 address.',
    'Or repair IPv6 on this host (route, firewall), or turn it off where it is half-configured (docker run --sysctl net.ipv6.conf.all.disable_ipv6=1).',
  ];
}

export function trustCaFixes(host: string, port: number): string[] {
  return [
    `Get the root CA that signs this certificate as a PEM file: ask IT for the corporate/proxy root CA, or see the chain with \`openssl s_client -connect ${host}:${port} -servername ${host} -showcerts </dev/null\` (the last certificate is the root).`,
    'Trust it in Node: export NODE_EXTRA_CA_CERTS=/path/to/corp-root-ca.pem in the service\'s environment and restart the service (Node reads it only at startup). If IT installed the CA system-wide already (curl works), point it at the system bundle: NODE_EXTRA_CA_CERTS=/etc/ssl/certs/ca-certificates.crt.',
    'Do not set NODE_TLS_REJECT_UNAUTHORIZED=0: it turns off certificate checks for every connection of the process.',
  ];
}

export function nodeProxyFixes(proxyVariable: string): string[] {
  return [
    `Node >= 24 (and 22.21+): set NODE_USE_ENV_PROXY=1 (or start node with --use-env-proxy) and restart: fetch and http then honour ${proxyVariable} and NO_PROXY.`,
    'Node 20/22: at startup, before any request: `import { EnvHttpProxyAgent, setGlobalDispatcher } from \'undici\'; setGlobalDispatcher(new EnvHttpProxyAgent());` (npm install undici). fetch and the OpenAI, Anthropic and Gemini SDKs then use the proxy and respect NO_PROXY.',
    `Or per client: \`new OpenAI({ fetchOptions: { dispatcher: new ProxyAgent(process.env.${proxyVariable}) } })\` (ProxyAgent from undici; the same fetchOptions option in @anthropic-ai/sdk); older SDK versions take \`httpAgent: new HttpsProxyAgent(url)\` (https-proxy-agent).`,
  ];
}
