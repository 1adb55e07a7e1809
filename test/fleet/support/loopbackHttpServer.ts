/**
 * A loopback reverse proxy in front of Prometheus that demands `Authorization: Bearer TOKEN` (401
 * otherwise), like the auth proxies teams put before Prometheus. Also serves as "a wrong URL" when
 * started without a target: it answers every path with an HTML page.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';

export class LoopbackHttpServer {
  requests = 0;

  private constructor(private readonly server: http.Server) {}

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  static async bearerProxy(target: string, token: string): Promise<LoopbackHttpServer> {
    let self: LoopbackHttpServer | undefined;
    const server = http.createServer((req, res) => {
      self!.requests++;
      if (req.headers.authorization !== `Bearer ${token}`) {
        res.writeHead(401, { 'Content-Type': 'text/plain', 'WWW-Authenticate': 'Bearer' });
        res.end('unauthorized\n');
        return;
      }
      const headers = { ...req.headers, host: new URL(target).host };
      const upstream = http.request(new URL(req.url ?? '/', target), { method: req.method, headers }, (up) => {
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      upstream.on('error', () => {
        res.writeHead(502);
        res.end();
      });
      req.pipe(upstream);
    });
    self = new LoopbackHttpServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  /** Not Prometheus: a web server answering every path with an HTML 404 page. */
  static async htmlSite(): Promise<LoopbackHttpServer> {
    let self: LoopbackHttpServer | undefined;
    const server = http.createServer((req, res) => {
      self!.requests++;
      req.resume();
      res.writeHead(404, { 'Content-Type': 'text/html' });
      res.end('<html><body>Not found</body></html>\n');
    });
    self = new LoopbackHttpServer(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return self;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
