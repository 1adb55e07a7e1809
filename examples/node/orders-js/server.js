// Orders service (CommonJS, Node standard library only).
// It looks fine and passes its tests, but under load it leaks sockets in several ways.
// Open it in VS Code with Socket Lens, or run `socket-lens scan examples/node`.
'use strict';

const http = require('node:http');

const INVENTORY = { host: '127.0.0.1', port: 8081 };
const PAYMENTS = { host: '127.0.0.1', port: 8082 };

/** Asks the inventory service whether an item is in stock. */
function inStock(itemId) {
  // A new agent per call, and without keepAlive: one handshake and one TIME_WAIT per request.
  const agent = new http.Agent({ maxSockets: 10 });
  return new Promise((resolve, reject) => {
    http
      .get({ ...INVENTORY, path: `/items/${itemId}`, agent }, (res) => {
        if (res.statusCode === 404) {
          resolve(false); // the 404 body is never read: the socket stays pinned
          return;
        }
        let raw = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (raw += chunk));
        res.on('end', () => resolve(JSON.parse(raw).available > 0));
      })
      .on('error', reject);
  });
}

/** Charges a card through the payments service. */
function charge(orderId, amount) {
  return new Promise((resolve, reject) => {
    const req = http.request(
      {
        ...PAYMENTS,
        method: 'POST',
        path: '/charges',
        agent: false,
        headers: { 'Content-Type': 'application/json', Connection: 'close' },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode === 201));
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify({ orderId, amount }));
  });
}

const server = http.createServer(async (req, res) => {
  const match = /^\/orders\/(\w+)$/.exec(req.url ?? '');
  if (req.method !== 'POST' || !match) {
    res.writeHead(404).end();
    return;
  }
  try {
    if (!(await inStock(match[1]))) {
      res.writeHead(409).end('out of stock');
      return;
    }
    const ok = await charge(match[1], 1999);
    res.writeHead(ok ? 201 : 402).end();
  } catch (err) {
    res.writeHead(502).end(String(err));
  }
});

// Raised for the load balancer, but headersTimeout (60 s by default) is now below it.
server.keepAliveTimeout = 65000;
server.listen(Number(process.env.PORT ?? 8080), '127.0.0.1');
