// The do-nothing proxy: forwards method, path, headers and body to one upstream origin through a
// keep-alive undici Pool and streams the answer back. No parsing, no policy: the practical floor of
// any Node proxy on this machine.
// Run: node bench/support/undici-proxy.mjs http://127.0.0.1:PORT
import { createServer } from 'node:http';
import { Pool } from 'undici';

const upstream = process.argv[2];
if (!upstream) throw new Error('usage: node undici-proxy.mjs <upstream origin>');
const pool = new Pool(upstream, { connections: 128, keepAliveTimeout: 60_000 });
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'host', 'upgrade', 'proxy-connection', 'te', 'trailer']);

const withoutHopByHop = (headers) => {
  const kept = {};
  for (const name in headers) if (!HOP_BY_HOP.has(name)) kept[name] = headers[name];
  return kept;
};

const server = createServer({ keepAlive: true }, (req, res) => {
  const body = req.method === 'GET' || req.method === 'HEAD' ? null : req;
  pool.request({ method: req.method, path: req.url, headers: withoutHopByHop(req.headers), body }).then(
    (answer) => {
      res.writeHead(answer.statusCode, withoutHopByHop(answer.headers));
      // pipe, not stream.pipeline: pipeline makes an AbortController per call and aborts it at the end
      // (a DOMException with a stack trace per request), a cost no proxy has to pay
      answer.body.pipe(res);
      answer.body.once('error', () => res.destroy());
      res.once('close', () => {
        if (!answer.body.readableEnded) answer.body.destroy();
      });
    },
    (error) => {
      res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`upstream error: ${error.code ?? error.message}`);
    },
  );
});

server.listen(0, '127.0.0.1', () => console.log(`undici proxy listening on http://127.0.0.1:${server.address().port}`));
const stop = () => server.close(() => pool.close().then(() => process.exit(0)));
process.once('SIGTERM', stop);
process.once('SIGINT', stop);
