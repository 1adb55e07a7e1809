/**
 * What well-known constructors outside the standard library do with connections, from their documentation.
 * One row per package and group of functions; a newcomer adds a row (and a fixture under
 * test/fixtures/go/thirdparty/). Code that is neither in the module being analysed nor in this table is
 * unknown, and the rules stay silent about it.
 *
 *  - `pool`: every call builds its own connection pool (a transport, a database or Redis pool, a gRPC
 *    connection). Built per request or per loop iteration, it is reported by go-per-request-client.
 *  - `shares`: the result reuses an existing pool (listed so that nobody "fixes" the table by guessing).
 *  - `keepAlives: 'disabled'`: the pool closes every connection after one request; kept in a package variable
 *    or a field it is reported by go-disable-keepalives.
 */
export interface LibraryConstructor {
  /** Import paths of the package (versions included). */
  path: RegExp;
  names: readonly string[];
  /** How messages name what is built. */
  label: string;
  builds: 'pool' | 'shares';
  keepAlives?: 'disabled';
  /** Where the behaviour is documented. */
  source: string;
}

export const LIBRARY_CONSTRUCTORS: readonly LibraryConstructor[] = [
  { path: /^database\/sql$/, names: ['Open', 'OpenDB'], label: 'database pool (*sql.DB)', builds: 'pool', source: 'database/sql: "The returned DB is safe for concurrent use … Open should be called just once"' },
  { path: /^github\.com\/jmoiron\/sqlx$/, names: ['Open', 'Connect', 'MustOpen', 'MustConnect'], label: 'database pool (*sqlx.DB)', builds: 'pool', source: 'sqlx wraps sql.Open' },
  { path: /^gorm\.io\/gorm$/, names: ['Open'], label: 'database pool (*gorm.DB)', builds: 'pool', source: 'gorm.Open opens a *sql.DB' },
  { path: /^github\.com\/jackc\/pgx\/v\d+\/pgxpool$/, names: ['New', 'NewWithConfig', 'Connect', 'ConnectConfig'], label: 'database pool (*pgxpool.Pool)', builds: 'pool', source: 'pgxpool: a pool of connections, safe for concurrent use' },
  { path: /^github\.com\/(redis\/go-redis|go-redis\/redis)(\/v\d+)?$/, names: ['NewClient', 'NewClusterClient', 'NewFailoverClient', 'NewUniversalClient', 'NewRing'], label: 'Redis client', builds: 'pool', source: 'go-redis: "Client is a Redis client representing a pool of zero or more underlying connections"' },
  { path: /^google\.golang\.org\/grpc$/, names: ['Dial', 'DialContext', 'NewClient'], label: 'gRPC client connection', builds: 'pool', source: 'grpc.ClientConn: "A ClientConn … can be shared"; each call dials its own connections' },
  { path: /^go\.mongodb\.org\/mongo-driver(\/v\d+)?\/mongo$/, names: ['Connect', 'NewClient'], label: 'MongoDB client', builds: 'pool', source: 'mongo.Client: "a handle representing a pool of connections … safe for concurrent use"' },
  { path: /^github\.com\/hashicorp\/go-cleanhttp$/, names: ['DefaultClient', 'DefaultTransport'], label: 'go-cleanhttp client (keep-alives off)', builds: 'pool', keepAlives: 'disabled', source: 'go-cleanhttp: DefaultTransport "has keep-alives disabled"; both return a new transport per call' },
  { path: /^github\.com\/hashicorp\/go-cleanhttp$/, names: ['DefaultPooledClient', 'DefaultPooledTransport'], label: 'go-cleanhttp pooled client', builds: 'pool', source: 'go-cleanhttp: a new pooled transport per call, meant to be reused' },
  { path: /^github\.com\/hashicorp\/go-retryablehttp$/, names: ['NewClient'], label: 'retryablehttp client', builds: 'pool', source: 'retryablehttp.NewClient uses cleanhttp.DefaultPooledClient (a new transport)' },
  { path: /^(github\.com\/go-resty\/resty(\/v\d+)?|resty\.dev\/v\d+)$/, names: ['New'], label: 'resty client', builds: 'pool', source: 'resty.New creates its own http.Transport' },
  { path: /^golang\.org\/x\/oauth2$/, names: ['NewClient'], label: 'oauth2 client', builds: 'shares', source: 'oauth2.NewClient wraps the context\'s client (http.DefaultClient): no new pool' },
];

/** The table row for `pkg.name`, if any. */
export function libraryConstructor(importPath: string, name: string): LibraryConstructor | undefined {
  return LIBRARY_CONSTRUCTORS.find((c) => c.path.test(importPath) && c.names.includes(name));
}
