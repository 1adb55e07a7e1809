import * as http from 'node:http';
import * as https from 'node:https';

/**
 * A small read-only client for the Prometheus HTTP API (`/api/v1/query`, `/api/v1/query_range`).
 * Every failure becomes a PrometheusError with a kind the views can explain; nothing here throws
 * anything else. The client counts its HTTP requests so a refresh can report how many it made.
 */

export type PrometheusErrorKind =
  | 'bad-url'
  | 'unreachable'
  | 'timeout'
  | 'unauthorized'
  | 'not-prometheus'
  | 'query-rejected'
  | 'server-error';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
  ) {
    super(message);
  }
}

export interface PrometheusClientOptions {
  /** Base URL, e.g. http://127.0.0.1:9090 (a path prefix such as /prometheus is kept). */
  baseUrl: string;
  /** Sent as `Authorization: Bearer …` when set. */
  bearerToken?: string;
  /** Per request, ms (default 15 000). */
  timeoutMs?: number;
  /** Largest response body accepted, bytes (default 64 MB). */
  maxResponseBytes?: number;
}

/** One series of an instant query: its labels and value (NaN stays NaN). */
export interface InstantSeries {
  labels: Record<string, string>;
  value: number;
  /** The evaluation time Prometheus reports (its own clock), unix seconds. */
  t: number;
}

/** One series of a range query. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: Array<{ t: number; v: number }>;
}

const DEFAULT_TIMEOUT_MS = 15_000;
const DEFAULT_MAX_BYTES = 64 * 1024 * 1024;

/** Checks and normalises a base URL: http(s) only, no credentials, no query or fragment. */
export function parseBaseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new PrometheusError('bad-url', `not a URL: ${JSON.stringify(raw)}`);
  }
  if (!['http:', 'https:'].includes(url.protocol)) {
    throw new PrometheusError('bad-url', `only http and https URLs are supported, not ${url.protocol}`);
  }
  if (url.username || url.password) {
    throw new PrometheusError('bad-url', 'put credentials in the bearer token, not in the URL');
  }
  if (url.search || url.hash) throw new PrometheusError('bad-url', 'the base URL may not carry a query or fragment');
  if (!url.pathname.endsWith('/')) url.pathname += '/';
  return url;
}

export class PrometheusClient {
  private readonly base: URL;
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  /** HTTP requests made so far. */
  requests = 0;

  constructor(private readonly options: PrometheusClientOptions) {
    this.base = parseBaseUrl(options.baseUrl);
    this.timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxBytes = options.maxResponseBytes ?? DEFAULT_MAX_BYTES;
  }

  get baseUrl(): string {
    return this.base.toString();
  }

  /** Instant query at `time` (unix seconds; default: Prometheus's now). */
  async query(expr: string, time?: number): Promise<InstantSeries[]> {
    const params: Record<string, string> = { query: expr };
    if (time !== undefined) params.time = String(time);
    const data = await this.call('api/v1/query', params);
    if (data.resultType !== 'vector' || !Array.isArray(data.result)) {
      throw new PrometheusError('not-prometheus', `expected a vector result for ${expr}, got ${String(data.resultType)}`);
    }
    return data.result.map((item) => {
      const entry = item as { metric?: Record<string, string>; value?: [number, string] };
      return { labels: entry.metric ?? {}, value: Number(entry.value?.[1]), t: Number(entry.value?.[0]) };
    });
  }

  /** Range query over [start, end] (unix seconds) every `step` seconds. */
  async queryRange(expr: string, start: number, end: number, step: number): Promise<RangeSeries[]> {
    const data = await this.call('api/v1/query_range', { query: expr, start: String(start), end: String(end), step: String(step) });
    if (data.resultType !== 'matrix' || !Array.isArray(data.result)) {
      throw new PrometheusError('not-prometheus', `expected a matrix result for ${expr}, got ${String(data.resultType)}`);
    }
    return data.result.map((item) => {
      const entry = item as { metric?: Record<string, string>; values?: Array<[number, string]> };
      return { labels: entry.metric ?? {}, points: (entry.values ?? []).map(([t, v]) => ({ t: Number(t), v: Number(v) })) };
    });
  }

  private async call(path: string, params: Record<string, string>): Promise<{ resultType?: unknown; result?: unknown[] }> {
    const url = new URL(path, this.base);
    const body = new URLSearchParams(params).toString();
    const headers: Record<string, string> = {
      Accept: 'application/json',
      'content-type': 'application/x-www-form-urlencoded',
      'Content-Length': String(Buffer.byteLength(body)),
    };
    if (this.options.bearerToken) headers.Authorization = `Bearer ${this.options.bearerToken}`;
    this.requests++;
    // POST keeps long selectors out of the URL (Prometheus accepts both).
    const response = await this.post(url, headers, body);
    if (response.status === 401 || response.status === 403) {
      throw new PrometheusError(
        'unauthorized',
        `${response.status} ${response.statusText}: ` +
          (this.options.bearerToken ? 'the bearer token was refused' : 'this Prometheus needs a bearer token'),
      );
    }
    let parsed: { status?: string; data?: unknown; error?: string; errorType?: string } | undefined;
    try {
      parsed = JSON.parse(response.text);
    } catch {
      parsed = undefined;
    }
    if (!parsed || typeof parsed !== 'object' || (parsed.status !== 'success' && parsed.status !== 'error')) {
      throw new PrometheusError(
        'not-prometheus',
        `${url.origin}${url.pathname} answered ${response.status} ${response.statusText} without Prometheus API JSON; ` +
          'is the URL the Prometheus base URL?',
      );
    }
    if (parsed.status === 'error') {
      const kind: PrometheusErrorKind = response.status >= 500 && parsed.errorType !== 'bad_data' ? 'server-error' : 'query-rejected';
      throw new PrometheusError(kind, `Prometheus ${parsed.errorType ?? 'error'}: ${parsed.error ?? 'no message'}`);
    }
    return (parsed.data ?? {}) as { resultType?: unknown; result?: unknown[] };
  }

  /** One POST with node:http(s) (no proxy variables, no redirects), the body bounded and timed out. */
  private post(url: URL, headers: Record<string, string>, body: string): Promise<{ status: number; statusText: string; text: string }> {
    const request = url.protocol === 'https:' ? https.request : http.request;
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (err: PrometheusError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        req.destroy();
        reject(err);
      };
      const req = request(url, { method: 'POST', headers, agent: false }, (res) => {
        const chunks: Buffer[] = [];
        let total = 0;
        res.on('data', (chunk: Buffer) => {
          total += chunk.length;
          if (total > this.maxBytes) fail(new PrometheusError('server-error', `response larger than the ${this.maxBytes} byte limit`));
          else chunks.push(chunk);
        });
        res.on('end', () => {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          resolve({ status: res.statusCode ?? 0, statusText: res.statusMessage ?? '', text: Buffer.concat(chunks).toString('utf8') });
        });
        res.on('error', (err) => fail(networkError(err, this.base)));
      });
      const timer = setTimeout(
        () => fail(new PrometheusError('timeout', `no answer from ${this.base.origin} within ${this.timeoutMs} ms`)),
        this.timeoutMs,
      );
      req.on('error', (err) => fail(networkError(err, this.base)));
      req.end(body);
    });
  }
}

function networkError(err: unknown, base: URL): PrometheusError {
  const e = err as NodeJS.ErrnoException;
  const reason = e?.code ?? e?.message ?? String(err);
  const advice = e?.code === 'ECONNREFUSED' ? ' (is Prometheus running?)' : '';
  return new PrometheusError('unreachable', `cannot reach ${base.origin}: ${reason}${advice}`);
}
