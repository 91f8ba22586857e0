import { describe } from 'node:test';
import { itClassifies } from '../helpers/expect-category.js';

const fetchFailed = (cause: Record<string, unknown>) => Object.assign(new TypeError('fetch failed'), { cause: Object.assign(new Error(String(cause.message ?? '')), cause) });

describe('network errors', () => {
  itClassifies([
    ['undici: DNS', { error: fetchFailed({ message: 'getaddrinfo ENOTFOUND api.openai.com', code: 'ENOTFOUND', syscall: 'getaddrinfo' }) }, 'network_dns'],
    ['temporary DNS failure', { message: 'Error: getaddrinfo EAI_AGAIN api.anthropic.com' }, 'network_dns'],
    ['python DNS', { message: 'httpx.ConnectError: [Errno -3] Temporary failure in name resolution' }, 'network_dns'],
    ['undici connect timeout', { error: fetchFailed({ name: 'ConnectTimeoutError', message: 'Connect Timeout Error (attempted address: api.openai.com:443, timeout: 10000ms)', code: 'UND_ERR_CONNECT_TIMEOUT' }) }, 'network_connect'],
    ['connection refused by a remote host', { message: 'connect ECONNREFUSED 104.18.7.192:443' }, 'network_connect'],
    ['refused by a local proxy port', { message: 'request to https://api.openai.com/v1/chat/completions failed, reason: connect ECONNREFUSED 127.0.0.1:7890' }, 'network_proxy'],
    ['refused by a local port while the URL names the provider', { message: 'request to https://api.openai.com/v1/models failed, reason: connect ECONNREFUSED 127.0.0.1:15777' }, 'network_proxy'],
    ['refused by a local server that is the target itself', { message: 'connect ECONNREFUSED 127.0.0.1:11434' }, 'network_connect'],
    ['undici: other side closed', { error: fetchFailed({ name: 'SocketError', message: 'other side closed', code: 'UND_ERR_SOCKET' }) }, 'network_reset'],
    ['socket hang up', { message: 'Error: socket hang up', nodeErrorCode: 'ECONNRESET' }, 'network_reset'],
    ['mid-stream termination', { message: 'TypeError: terminated' }, 'network_reset'],
    ['TLS interception', { error: fetchFailed({ message: 'self-signed certificate in certificate chain', code: 'SELF_SIGNED_CERT_IN_CHAIN' }) }, 'network_tls'],
    ['python TLS', { message: 'ssl.SSLCertVerificationError: [SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed: unable to get local issuer certificate (_ssl.c:1006)' }, 'network_tls'],
    ['https:// proxy URL for an http proxy', { message: 'write EPROTO 40E8:error:0A00010B:SSL routines:ssl3_get_record:wrong version number', nodeErrorCode: 'EPROTO' }, 'network_proxy'],
    ['proxy wants credentials', { message: 'Error: tunneling socket could not be established, statusCode=407' }, 'network_proxy'],
    ['407 status', { status: 407, message: 'Proxy Authentication Required' }, 'network_proxy'],
    ['python proxy error', { message: "HTTPSConnectionPool(host='api.openai.com', port=443): Max retries exceeded with url: /v1/chat/completions (Caused by ProxyError('Unable to connect to proxy', OSError('Tunnel connection failed: 403 Forbidden')))" }, 'network_proxy'],
    ['SDK: connection error', { message: 'APIConnectionError: Connection error.' }, 'network_connect'],
    ['undici headers timeout', { error: fetchFailed({ message: 'Headers Timeout Error', code: 'UND_ERR_HEADERS_TIMEOUT' }) }, 'timeout'],
    ['axios timeout', { message: 'AxiosError: timeout of 60000ms exceeded', nodeErrorCode: 'ECONNABORTED' }, 'timeout'],
    ['header validation: key with a newline', { message: 'TypeError: Invalid character in header content ["Authorization"]', nodeErrorCode: 'ERR_INVALID_CHAR' }, 'key_malformed'],
    ['python header encoding: typographic quote', { message: "UnicodeEncodeError: 'ascii' codec can't encode character '\\u2018' in position 7: ordinal not in range(128)" }, 'key_malformed'],
    ['user abort is not a network failure', { message: 'AbortError: The user aborted a request.' }, 'unknown'],
    // negatives: text that mentions the network inside an HTTP answer is not a client network failure
    ['"Connection refused" inside an HTTP 503', { status: 503, message: 'upstream connect error or disconnect/reset before headers. reset reason: connection failure, transport failure reason: delayed connect error: 111' }, 'server_error'],
    ['plain words are not enough', { message: 'hello' }, 'unknown'],
  ]);
});
