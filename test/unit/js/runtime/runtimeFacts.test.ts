import * as assert from 'node:assert';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  FETCH_UNREAD_BODY_PINS_FROM_BYTES,
  FETCH_UNREAD_BODY_RELEASED_UP_TO_BYTES,
  GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR,
  NODE_DEFAULT_HEADERS_TIMEOUT_MS,
  NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS,
} from '../../../../server/src/engine/js/jsRuntimeFacts';

/**
 * The runtime facts the JS/TS rules rely on, MEASURED on loopback with real sockets: every test starts a
 * fresh server that counts the TCP connections it accepts, makes N sequential requests the way the rule
 * describes, and asserts the count. A Node upgrade that changes a fact fails here loudly.
 */

const N = 20;
/**
 * A connection count where reuse is expected: a loaded machine can start the next request a moment before the
 * previous connection is back in its pool, which only ever ADDS connections. Up to 3 runs, the fewest counts.
 * (Pinned connections cannot be reused, so counts of N need no retry.)
 */
async function fewest(measure: () => Promise<number>): Promise<number> {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3 && best > 1; i++) best = Math.min(best, await measure());
  return best;
}

/** Real code does some work between two requests; a few ms let a released connection return to its pool first. */
const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 5));

interface CountingServer {
  url: string;
  connections(): number;
  close(): Promise<void>;
}

/** A server answering every request with `bytes` bytes (no body for HEAD), counting accepted connections. */
async function countingServer(bytes: number): Promise<CountingServer> {
  let connections = 0;
  const payload = Buffer.alloc(bytes, 0x61);
  const server = http.createServer((req, res) => {
    res.setHeader('content-type', 'application/octet-stream');
    res.setHeader('content-length', String(bytes));
    res.end(req.method === 'HEAD' ? undefined : payload);
  });
  server.keepAliveTimeout = 30_000;
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    connections: () => connections,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function withServer(bytes: number, run: (s: CountingServer) => Promise<void>): Promise<number> {
  const s = await countingServer(bytes);
  try {
    await run(s);
    return s.connections();
  } finally {
    await s.close();
  }
}

/** N sequential global `fetch`es whose bodies are never read (the responses stay referenced, as in real code). */
async function unreadFetches(bytes: number): Promise<number> {
  const kept: Response[] = [];
  return withServer(bytes, async (s) => {
    for (let i = 0; i < N; i++) {
      kept.push(await fetch(s.url));
      await pause();
    }
    for (const r of kept) await r.body?.cancel();
  });
}

/** N sequential node:http requests through `agent`, each response handled by `onResponse`. */
async function nodeRequests(s: CountingServer, agent: http.Agent | false | undefined, method: string, onResponse: (res: http.IncomingMessage) => void): Promise<void> {
  const kept: http.IncomingMessage[] = [];
  for (let i = 0; i < N; i++) {
    await new Promise<void>((resolve, reject) => {
      const req = http.request(s.url, { method, ...(agent === undefined ? {} : { agent }) }, (res) => {
        kept.push(res);
        onResponse(res);
        // Let a released socket go back to the agent before the next request starts.
        setImmediate(resolve);
      });
      req.on('error', reject);
      req.end();
    });
  }
  for (const r of kept) r.destroy();
}

describe('runtime facts (measured on loopback)', function () {
  this.timeout(20_000);

  describe('fetch: an unread body releases its connection only when it is small', () => {
    it(`0 and ${FETCH_UNREAD_BODY_RELEASED_UP_TO_BYTES} bytes: ${N} unread responses use 1 connection`, async () => {
      assert.strictEqual(await fewest(() => unreadFetches(0)), 1);
      assert.strictEqual(await fewest(() => unreadFetches(FETCH_UNREAD_BODY_RELEASED_UP_TO_BYTES)), 1);
    });

    it(`${FETCH_UNREAD_BODY_PINS_FROM_BYTES} bytes and more: ${N} unread responses use ${N} connections`, async () => {
      assert.strictEqual(await unreadFetches(FETCH_UNREAD_BODY_PINS_FROM_BYTES), N);
      assert.strictEqual(await unreadFetches(1_000_000), N);
    });

    it('the threshold, measured by bisection, lies between the two documented sizes', async () => {
      let released = FETCH_UNREAD_BODY_RELEASED_UP_TO_BYTES;
      let pinned = FETCH_UNREAD_BODY_PINS_FROM_BYTES;
      while (pinned - released > 256) {
        const mid = Math.floor((released + pinned) / 2);
        if ((await fewest(() => unreadFetches(mid))) === 1) released = mid;
        else pinned = mid;
      }
      console.log(`      fetch unread-body threshold on Node ${process.versions.node} (undici ${process.versions.undici}): released ≤ ${released} B, pinned ≥ ${pinned} B`);
      assert.ok(released >= FETCH_UNREAD_BODY_RELEASED_UP_TO_BYTES && pinned <= FETCH_UNREAD_BODY_PINS_FROM_BYTES);
    });

    it('a read body releases the connection at any size (1 MB: 1 connection)', async () => {
      const read = await fewest(() =>
        withServer(1_000_000, async (s) => {
          for (let i = 0; i < N; i++) {
            await (await fetch(s.url)).arrayBuffer();
            await pause();
          }
        }),
      );
      assert.strictEqual(read, 1);
    });

    it(`body.cancel(): a small body's connection is reused; a large one's is closed (not pinned), so each request opens a new one`, async () => {
      const cancelled = async (bytes: number) =>
        withServer(bytes, async (s) => {
          for (let i = 0; i < N; i++) {
            await (await fetch(s.url)).body?.cancel();
            await pause();
          }
        });
      const small = await fewest(() => cancelled(100));
      const large = await cancelled(1_000_000);
      console.log(`      body.cancel(): ${N} requests, 100 B → ${small} connection(s), 1 MB → ${large} connections`);
      assert.strictEqual(small, 1);
      assert.ok(large >= N, `1 MB cancelled: ${large} connections`);
    });

    it('clone(): reading the original drains the source, so the connection is released while the unread clone keeps the data', async () => {
      const clones: Response[] = [];
      const connections = await withServer(1_000_000, async (s) => {
        for (let i = 0; i < N; i++) {
          const r = await fetch(s.url);
          clones.push(r.clone());
          await r.arrayBuffer();
          await pause();
        }
      });
      assert.strictEqual(connections, 1);
      // The clone still holds the whole body in memory: it can be read after the server is gone.
      assert.strictEqual((await clones[0].arrayBuffer()).byteLength, 1_000_000);
      for (const c of clones.slice(1)) await c.body?.cancel();
    });
  });

  describe('node:http: a response that is never read pins its socket', () => {
    const keepAlive = () => new http.Agent({ keepAlive: true });

    for (const [method, bytes] of [['GET', 0], ['GET', 100], ['HEAD', 0]] as const) {
      it(`${method}, ${bytes} bytes: ${N} unread responses use ${N} connections on one keep-alive agent`, async () => {
        const agent = keepAlive();
        const count = await withServer(bytes, (s) => nodeRequests(s, agent, method, () => undefined));
        agent.destroy();
        assert.strictEqual(count, N);
      });
    }

    it(`GET, 100 bytes, res.resume(): ${N} requests share 1 connection`, async () => {
      const agent = keepAlive();
      const count = await fewest(() => withServer(100, (s) => nodeRequests(s, agent, 'GET', (res) => res.resume())));
      agent.destroy();
      assert.strictEqual(count, 1);
    });
  });

  describe('agents: who owns the sockets', () => {
    const consume = (res: http.IncomingMessage) => res.resume();

    it(`http.globalAgent keeps connections alive on Node ≥ ${GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR}: ${N} requests without an agent option use 1 connection`, async () => {
      assert.ok(Number(process.versions.node.split('.')[0]) >= GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR);
      const count = await fewest(() => withServer(10, (s) => nodeRequests(s, undefined, 'GET', consume)));
      assert.strictEqual(count, 1);
    });

    it(`a client instance without its own agent (axios.create() / got.extend() / ky.create() model) shares the global agent: ${N} "instances" use 1 connection`, async () => {
      // axios's Node adapter passes `httpAgent`/`httpsAgent` as the request's `agent` and leaves it undefined
      // otherwise, so node:http picks http.globalAgent: each instance is only a bag of defaults.
      const count = await fewest(() =>
        withServer(10, async (s) => {
          for (let i = 0; i < N; i++) {
            const instance = { defaults: { baseURL: s.url, httpAgent: undefined as http.Agent | undefined } };
            const agent = instance.defaults.httpAgent;
            await new Promise<void>((resolve) => http.get(instance.defaults.baseURL, { agent }, (res) => res.resume().on('end', resolve)));
            await pause();
          }
        }),
      );
      assert.strictEqual(count, 1);
    });

    it(`a new keep-alive agent per request or per instance: ${N} requests use ${N} connections`, async () => {
      const agents: http.Agent[] = [];
      const count = await withServer(10, async (s) => {
        for (let i = 0; i < N; i++) {
          const agent = new http.Agent({ keepAlive: true });
          agents.push(agent);
          await new Promise<void>((resolve) => http.get(s.url, { agent }, (res) => res.resume().on('end', resolve)));
        }
      });
      for (const a of agents) a.destroy();
      assert.strictEqual(count, N);
    });

    it(`new http.Agent() without keepAlive, shared: ${N} sequential requests use ${N} connections`, async () => {
      const agent = new http.Agent();
      const count = await withServer(10, (s) => nodeRequests(s, agent, 'GET', consume));
      agent.destroy();
      assert.strictEqual(count, N);
    });

    it(`agent: false: ${N} sequential requests use ${N} connections`, async () => {
      const count = await withServer(10, (s) => nodeRequests(s, false, 'GET', consume));
      assert.strictEqual(count, N);
    });
  });

  describe('undici request(): the body must be consumed (undici from node_modules, when present)', () => {
    type UndiciModule = {
      Agent: new (o?: object) => { close(): Promise<void> };
      request(url: string, o: object): Promise<{ statusCode: number; body: { dump(): Promise<void>; text(): Promise<string> } }>;
    };
    let undici: UndiciModule | undefined;
    before(function () {
      try {
        // Not a dependency of the project: present through the dev tooling's lockfile. Skipped (visibly) otherwise.
        undici = require('undici') as UndiciModule;
      } catch {
        this.skip();
      }
    });

    const run = async (bytes: number, release: 'none' | 'dump') => {
      const u = undici!;
      const dispatcher = new u.Agent({ connections: null });
      const kept: unknown[] = [];
      const count = await withServer(bytes, async (s) => {
        for (let i = 0; i < N; i++) {
          const r = await u.request(s.url, { dispatcher });
          kept.push(r);
          if (release === 'dump') await r.body.dump();
          await pause();
        }
      });
      await dispatcher.close().catch(() => undefined);
      return count;
    };

    it(`unread 100 kB bodies: ${N} requests use ${N} connections; dump(): 1`, async () => {
      assert.strictEqual(await run(100_000, 'none'), N);
      assert.strictEqual(await fewest(() => run(100_000, 'dump')), 1);
    });
  });

  describe('server timeout defaults the keep-alive rules assume', () => {
    it(`keepAliveTimeout ${NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS} ms, headersTimeout ${NODE_DEFAULT_HEADERS_TIMEOUT_MS} ms`, () => {
      const server = http.createServer();
      assert.deepStrictEqual(
        { keepAliveTimeout: server.keepAliveTimeout, headersTimeout: server.headersTimeout },
        { keepAliveTimeout: NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS, headersTimeout: NODE_DEFAULT_HEADERS_TIMEOUT_MS },
      );
    });
  });
});
