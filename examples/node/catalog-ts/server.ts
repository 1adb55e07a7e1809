// Catalog service (TypeScript, Node standard library only: global fetch and node:http).
// Open it in VS Code with Socket Lens, or run `socket-lens scan examples/node`.
import * as http from 'node:http';
import * as https from 'node:https';

const PRICING_URL = process.env.PRICING_URL ?? 'http://127.0.0.1:8083';
const MIRRORS = ['https://127.0.0.1:9443', 'https://127.0.0.1:9444'];

interface Product {
  id: string;
  name: string;
  price?: number;
}

/** Fetches a price; only looks at the status on the error path. */
async function priceOf(id: string): Promise<number | undefined> {
  const res = await fetch(`${PRICING_URL}/prices/${id}`);
  if (!res.ok) return undefined;
  const body = (await res.json()) as { cents: number };
  return body.cents / 100;
}

/** Tells the analytics collector a product was viewed; never reads the answer. */
async function recordView(id: string): Promise<void> {
  await fetch(`${PRICING_URL}/views`, { method: 'POST', body: JSON.stringify({ id }) });
}

/** Checks every mirror, creating a fresh TLS agent for each one. */
async function mirrorsUp(): Promise<number> {
  let up = 0;
  for (const mirror of MIRRORS) {
    const agent = new https.Agent({ keepAlive: true, rejectUnauthorized: false });
    const ok = await new Promise<boolean>((resolve) => {
      https.get(mirror, { agent }, (res) => {
        res.resume();
        resolve(res.statusCode === 200);
      }).on('error', () => resolve(false));
    });
    if (ok) up++;
  }
  return up;
}

const products: Product[] = [
  { id: 'p1', name: 'Kettle' },
  { id: 'p2', name: 'Teapot' },
];

const server = http.createServer(async (req, res) => {
  if (req.url === '/health') {
    res.end(JSON.stringify({ mirrors: await mirrorsUp() }));
    return;
  }
  const product = products.find((p) => `/products/${p.id}` === req.url);
  if (!product) {
    res.writeHead(404).end();
    return;
  }
  void recordView(product.id);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ ...product, price: await priceOf(product.id) }));
});

// keepAliveTimeout stays at Node's 5 s default: behind a load balancer with a 60 s idle
// timeout this produces intermittent 502s (set socketLens.loadBalancerIdleTimeoutSeconds).
server.listen(Number(process.env.PORT ?? 8090), '127.0.0.1');
