// Preloaded into a server that listens on every interface and offers no option to choose
// (Portkey's start script calls @hono/node-server's serve() with a port only): every TCP
// listen without a host is bound to 127.0.0.1 instead, and the bound address is printed as
// "listening on http://127.0.0.1:PORT" for the bench to find.
// Run: node --import ./bind-loopback.mjs server.js
import net from 'node:net';

const listen = net.Server.prototype.listen;
net.Server.prototype.listen = function listenOnLoopback(...args) {
  let forced = args;
  if (typeof args[0] === 'object' && args[0] !== null && !('path' in args[0]) && !('fd' in args[0]) && !('handle' in args[0])) {
    forced = [{ ...args[0], host: '127.0.0.1' }, ...args.slice(1)];
  } else if (typeof args[0] === 'number' || (typeof args[0] === 'string' && /^\d+$/.test(args[0]))) {
    const callback = args.find((arg) => typeof arg === 'function');
    const backlog = typeof args[1] === 'number' ? [args[1]] : typeof args[2] === 'number' ? [args[2]] : [];
    forced = [Number(args[0]), '127.0.0.1', ...backlog, ...(callback ? [callback] : [])];
  }
  this.once('listening', () => {
    const address = this.address();
    if (address && typeof address === 'object') console.log(`listening on http://${address.address}:${address.port}`);
  });
  return listen.apply(this, forced);
};
