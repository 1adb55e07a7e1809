/**
 * What the Node.js client libraries do with sockets, from their documentation (and, where Node's own
 * behaviour is involved, measured: see jsRuntimeFacts.ts). ONE table: to teach the rules a new library,
 * add a row here.
 *
 * Entities are the canonical strings of EntityResolver (`http.Agent`, `undici.Pool`, `axios.create`, ...).
 */

/** Who owns the sockets of an instance. */
export type SocketOwnership =
  /** The instance has its own connection pool (or connection): one per instance. */
  | 'own'
  /**
   * The instance is a bag of defaults over a shared pool (Node's global agent, fetch's global dispatcher)
   * unless one of `agentOptions` gives it an agent of its own. Measured for the node:http case: 20 instances
   * without an agent share 1 connection; with a new agent each, 20.
   */
  | 'shared-unless-agent';

export interface ClientModel {
  library: string;
  /** Canonical entity of the constructor or factory. */
  entity: RegExp;
  /** Called with `new` (constructor) or as a function (factory). */
  isNew: boolean;
  sockets: SocketOwnership;
  /** For 'shared-unless-agent': the options (and nested paths) that give the instance its own agent. */
  agentOptions?: readonly string[];
  /** Pooled by default: the instance reuses its connections (so hoisting it is the whole fix). */
  pooled: boolean;
  /** Methods that release the instance's sockets. */
  closeMethods: readonly string[];
  /** node:http(s) agents: keep-alive is an option (false by default). */
  httpAgent?: 'http' | 'https';
}

/** How a response body must be handled. */
export type BodyDuty =
  /** The socket stays pinned until the body is read or destroyed, whatever its size (node:http, undici request). */
  | 'always'
  /** Small unread bodies are buffered and the connection released (measured); large ones pin it (fetch). */
  | 'when-large'
  /** The library reads the body itself (axios, got, superagent without stream options). */
  | 'never';

export interface ResponseModel {
  library: string;
  /** Canonical entity of the request function. */
  entity: RegExp;
  duty: BodyDuty;
  /**
   * How the response is handed over and released: `node` an http.IncomingMessage in a callback, `fetch` /
   * `node-fetch` a Response, `undici` a request() result whose `body` must be read or dumped. None: not tracked.
   */
  api?: 'node' | 'fetch' | 'node-fetch' | 'undici';
  /** An option that turns a body-reading library into one that hands back an unread stream. */
  streamOption?: { name: string; value: string };
}

const CLOSE = ['close', 'destroy'] as const;

export const CLIENT_MODELS: readonly ClientModel[] = [
  { library: 'node:http', entity: /^http\.Agent$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['destroy'], httpAgent: 'http' },
  { library: 'node:https', entity: /^https\.Agent$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['destroy'], httpAgent: 'https' },
  {
    library: 'undici',
    entity: /^undici\.(Agent|Pool|Client|BalancedPool|RetryAgent|ProxyAgent|EnvHttpProxyAgent)$/,
    isNew: true,
    sockets: 'own',
    pooled: true,
    closeMethods: CLOSE,
  },
  { library: 'agentkeepalive', entity: /^agentkeepalive(\.HttpsAgent)?$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['destroy'] },
  // axios: the Node adapter passes `httpAgent`/`httpsAgent` to http.request; without them it uses http.globalAgent.
  { library: 'axios', entity: /^axios\.create$/, isNew: false, sockets: 'shared-unless-agent', agentOptions: ['httpAgent', 'httpsAgent'], pooled: true, closeMethods: [] },
  // got: `agent: { http, https, http2 }`; without it, Node's global agents.
  { library: 'got', entity: /^got\.extend$/, isNew: false, sockets: 'shared-unless-agent', agentOptions: ['agent'], pooled: true, closeMethods: [] },
  // ky: a fetch wrapper; instances share fetch's global dispatcher unless given their own `fetch`/`dispatcher`.
  { library: 'ky', entity: /^ky\.(create|extend)$/, isNew: false, sockets: 'shared-unless-agent', agentOptions: ['dispatcher', 'fetch'], pooled: true, closeMethods: [] },
  // superagent.agent(): a cookie/defaults holder over Node's global agent unless `.agent(x)` is set.
  { library: 'superagent', entity: /^superagent\.agent$/, isNew: false, sockets: 'shared-unless-agent', agentOptions: [], pooled: true, closeMethods: [] },
  { library: 'pg', entity: /^pg\.(Pool|Client|native\.Pool|native\.Client)$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['end'] },
  { library: 'pg-pool', entity: /^pg-pool$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['end'] },
  { library: 'mysql2', entity: /^(mysql|mysql2)\.(createPool|createConnection|createPoolCluster)$/, isNew: false, sockets: 'own', pooled: true, closeMethods: ['end', 'destroy'] },
  { library: 'ioredis', entity: /^ioredis(\.(Redis|Cluster))?$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['quit', 'disconnect'] },
  { library: 'redis', entity: /^redis\.(createClient|createCluster)$/, isNew: false, sockets: 'own', pooled: true, closeMethods: ['quit', 'disconnect', 'close', 'destroy'] },
  { library: 'mongodb', entity: /^mongodb\.MongoClient$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['close'] },
  { library: 'mongodb', entity: /^mongodb\.MongoClient\.connect$/, isNew: false, sockets: 'own', pooled: true, closeMethods: ['close'] },
  // AWS SDK v3: each client builds a NodeHttpHandler with its own https.Agent (keep-alive) unless one is passed.
  { library: '@aws-sdk', entity: /^@aws-sdk\/client-[\w-]+\.\w+Client$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['destroy'] },
  { library: 'aws-sdk (v2)', entity: /^aws-sdk\.(?!Credentials$|Config$|Endpoint$)[A-Z]\w*$/, isNew: true, sockets: 'own', pooled: true, closeMethods: [] },
  { library: '@elastic/elasticsearch', entity: /^@elastic\/elasticsearch\.Client$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['close'] },
  { library: 'knex', entity: /^knex$/, isNew: false, sockets: 'own', pooled: true, closeMethods: ['destroy'] },
  { library: 'sequelize', entity: /^sequelize(\.Sequelize)?$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['close'] },
  { library: 'mongoose', entity: /^mongoose\.createConnection$/, isNew: false, sockets: 'own', pooled: true, closeMethods: ['close', 'destroy'] },
  { library: 'amqplib', entity: /^amqplib(\/callback_api)?\.connect$/, isNew: false, sockets: 'own', pooled: false, closeMethods: ['close'] },
  { library: 'cassandra-driver', entity: /^cassandra-driver\.Client$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['shutdown'] },
  { library: '@opensearch-project/opensearch', entity: /^@opensearch-project\/opensearch\.Client$/, isNew: true, sockets: 'own', pooled: true, closeMethods: ['close'] },
];

export const RESPONSE_MODELS: readonly ResponseModel[] = [
  { library: 'node:http', entity: /^(http|https)\.(get|request)$/, duty: 'always', api: 'node' },
  { library: 'fetch', entity: /^(global|undici)\.fetch$/, duty: 'when-large', api: 'fetch' },
  // node-fetch pipes the socket into a 16 kB PassThrough: like fetch, small unread bodies are drained.
  { library: 'node-fetch', entity: /^(node-fetch|cross-fetch)(\.fetch)?$/, duty: 'when-large', api: 'node-fetch' },
  { library: 'undici', entity: /^undici\.request$|^new undici\.(Pool|Client|Agent|BalancedPool)\.request$/, duty: 'always', api: 'undici' },
  // axios reads the body itself, unless `responseType: 'stream'`: then `res.data` is the socket's stream (docs).
  {
    library: 'axios',
    entity: /^axios(\.create\(\))?(\.(get|post|put|patch|delete|head|options|request))?$/,
    duty: 'never',
    streamOption: { name: 'responseType', value: 'stream' },
  },
  { library: 'got', entity: /^got(\.(get|post|put|patch|delete|head))?$/, duty: 'never' },
  { library: 'superagent', entity: /^superagent(\.\w+)?$/, duty: 'never' },
];

export function clientModelOf(entity: string | undefined, isNew: boolean): ClientModel | undefined {
  if (!entity) return undefined;
  return CLIENT_MODELS.find((m) => m.isNew === isNew && m.entity.test(entity));
}

export function responseModelOf(entity: string | undefined): ResponseModel | undefined {
  if (!entity) return undefined;
  return RESPONSE_MODELS.find((m) => m.entity.test(entity));
}

/** `node`: an http.IncomingMessage; `fetch`/`node-fetch`: a Response; `undici`: a request() result; `undici-body`: its body. */
export type ResponseApi = 'node' | 'fetch' | 'node-fetch' | 'undici' | 'undici-body' | 'axios-stream';
