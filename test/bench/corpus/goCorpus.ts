/**
 * Generates a Go corpus of HTTP services: packages of about ten files, each with a pooled
 * package-level client and close helpers in client.go that the other files call (so cross-file
 * package summaries are exercised), and a mix of leaking and clean patterns: per-request clients
 * (direct and through a helper defined in another file), bodies closed / not closed / closed on one
 * branch / left open on a retry `continue`, `defer` before the error check, keep-alive settings,
 * transports copied by value, plus plain business logic.
 */
import { type CorpusOptions, type GeneratedFile, countLines } from './generatedCorpus';
import { SeededRandom } from './seededRandom';
import { DOMAINS, ENTITIES, FILE_TOPICS, HOSTS, NameRegistry, VERBS, lowerFirst, upperFirst } from './vocabulary';

/** Bump when the generated text changes, so cached corpora are regenerated. */
export const GO_GENERATOR_VERSION = 2;

const FULL_FILES = 2100;

interface Block {
  code: string;
  imports: string[];
}

interface PackageContext {
  r: SeededRandom;
  pkg: string;
  names: NameRegistry;
  /** Entities this package deals with. */
  entities: string[];
}

/** Source is written with two-space indentation and converted to gofmt's tabs. */
function go(text: string): string {
  return text.replace(/^((?: {2})+)/gm, (lead) => '\t'.repeat(lead.length / 2));
}

function entityOf(ctx: PackageContext): string {
  return ctx.r.pick(ctx.entities);
}

function urlOf(ctx: PackageContext, entity: string): string {
  return `${ctx.r.pick(HOSTS)}/v${ctx.r.int(1, 3)}/${entity.toLowerCase()}s`;
}

function fnName(ctx: PackageContext, verb: string, entity: string, suffix = ''): string {
  return ctx.names.unique(`${verb}${entity}${suffix}`);
}

// ---------------------------------------------------------------- client.go of every package

function clientFile(ctx: PackageContext): Block {
  const { r } = ctx;
  const idle = r.pick([64, 100, 128, 256]);
  const perHost = r.pick([16, 32, 64]);
  const code = go(`// sharedClient is the one HTTP client of the ${ctx.pkg} package: its Transport pools connections.
var sharedClient = &http.Client{
  Timeout: ${r.int(5, 30)} * time.Second,
  Transport: &http.Transport{
    Proxy: http.ProxyFromEnvironment,
    DialContext: (&net.Dialer{
      Timeout:   ${r.int(2, 10)} * time.Second,
      KeepAlive: 30 * time.Second,
    }).DialContext,
    MaxIdleConns:          ${idle},
    MaxIdleConnsPerHost:   ${perHost},
    IdleConnTimeout:       90 * time.Second,
    TLSHandshakeTimeout:   10 * time.Second,
    ExpectContinueTimeout: 1 * time.Second,
  },
}

// Server holds the dependencies of the ${ctx.pkg} HTTP handlers.
type Server struct {
  client  *http.Client
  baseURL string
  log     *log.Logger
  mu      sync.Mutex
  cache   map[string][]byte
}

// NewServer builds the server once at startup.
func NewServer(baseURL string, logger *log.Logger) *Server {
  return &Server{
    client:  newUpstreamClient(),
    baseURL: baseURL,
    log:     logger,
    cache:   make(map[string][]byte),
  }
}

// newUpstreamClient is called once, from NewServer.
func newUpstreamClient() *http.Client {
  return &http.Client{
    Timeout: 15 * time.Second,
    Transport: &http.Transport{
      MaxIdleConns:        ${idle},
      MaxIdleConnsPerHost: ${perHost},
      IdleConnTimeout:     90 * time.Second,
    },
  }
}

// newScratchClient builds a fresh client with its own connection pool; the handlers that call it
// (in other files of the package) run once per request.
func newScratchClient(timeout time.Duration) *http.Client {
  return &http.Client{
    Timeout:   timeout,
    Transport: &http.Transport{MaxIdleConnsPerHost: 4},
  }
}

// drainAndClose reads what is left of a body so the connection can be reused, then closes it.
func drainAndClose(resp *http.Response) {
  if resp == nil || resp.Body == nil {
    return
  }
  _, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<20))
  resp.Body.Close()
}

// closeQuietly closes anything closable and ignores the error.
func closeQuietly(c io.Closer) {
  if c != nil {
    _ = c.Close()
  }
}

func (s *Server) writeJSON(w http.ResponseWriter, status int, v interface{}) {
  w.Header().Set("Content-Type", "application/json")
  w.WriteHeader(status)
  if err := json.NewEncoder(w).Encode(v); err != nil {
    s.log.Printf("${ctx.pkg}: encode response: %v", err)
  }
}

func (s *Server) cached(key string) ([]byte, bool) {
  s.mu.Lock()
  defer s.mu.Unlock()
  b, ok := s.cache[key]
  return b, ok
}

func (s *Server) remember(key string, b []byte) {
  s.mu.Lock()
  defer s.mu.Unlock()
  s.cache[key] = b
}
`);
  return { code, imports: ['encoding/json', 'io', 'log', 'net', 'net/http', 'sync', 'time'] };
}

// ---------------------------------------------------------------- blocks for the other files

function structBlock(ctx: PackageContext): Block {
  const e = ctx.names.unique(`${entityOf(ctx)}${ctx.r.pick(['', 'Record', 'View', 'Summary', 'Event'])}`);
  const fields: Array<[string, string, string]> = [['ID', 'string', 'id'], ['CreatedAt', 'time.Time', 'created_at'], ['Amount', 'int64', 'amount']];
  const extra: Array<[string, string, string]> = [['Currency', 'string', 'currency'], ['Status', 'string', 'status'],
    ['Tags', '[]string', 'tags,omitempty'], ['Owner', 'string', 'owner'], ['Quantity', 'int', 'quantity'], ['Region', 'string', 'region'],
    ['Notes', 'string', 'notes,omitempty']];
  const n = ctx.r.int(2, extra.length);
  const chosen = [...fields, ...extra.slice(0, n)];
  const nameWidth = Math.max(...chosen.map(([f]) => f.length));
  const typeWidth = Math.max(...chosen.map(([, t]) => t.length));
  const all = chosen.map(([f, t, tag]) => `${f.padEnd(nameWidth)} ${t.padEnd(typeWidth)} \`json:"${tag}"\``);
  const code = go(`// ${e} is the wire form used by the ${ctx.pkg} API.
type ${e} struct {
${all.map((f) => `  ${f}`).join('\n')}
}

func (v *${e}) Validate() error {
  if v.ID == "" {
    return errors.New("${ctx.pkg}: missing id")
  }
  if v.Amount < 0 {
    return fmt.Errorf("${ctx.pkg}: negative amount %d for %s", v.Amount, v.ID)
  }
  return nil
}
`);
  return { code, imports: ['errors', 'fmt', 'time'] };
}

function businessLogicBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, ctx.r.pick(['summarize', 'groupBy', 'total', 'rank']), e, 's');
  const code = go(`// ${name} aggregates amounts per key and returns the keys sorted by total.
func ${name}(items map[string][]int64, limit int) []string {
  totals := make(map[string]int64, len(items))
  for key, values := range items {
    var sum int64
    for _, v := range values {
      if v < 0 {
        continue
      }
      sum += v
    }
    totals[key] = sum
  }
  keys := make([]string, 0, len(totals))
  for k := range totals {
    keys = append(keys, k)
  }
  sort.Slice(keys, func(i, j int) bool {
    if totals[keys[i]] == totals[keys[j]] {
      return keys[i] < keys[j]
    }
    return totals[keys[i]] > totals[keys[j]]
  })
  if limit > 0 && len(keys) > limit {
    keys = keys[:limit]
  }
  return keys
}
`);
  return { code, imports: ['sort'] };
}

function workerPoolBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'process', e, 'Batch');
  const code = go(`// ${name} fans work out to a fixed number of goroutines.
func ${name}(ctx context.Context, ids []string, workers int, fn func(context.Context, string) error) error {
  jobs := make(chan string)
  errs := make(chan error, len(ids))
  var wg sync.WaitGroup
  for i := 0; i < workers; i++ {
    wg.Add(1)
    go func() {
      defer wg.Done()
      for id := range jobs {
        if err := fn(ctx, id); err != nil {
          errs <- fmt.Errorf("%s: %w", id, err)
        }
      }
    }()
  }
  for _, id := range ids {
    select {
    case jobs <- id:
    case <-ctx.Done():
      close(jobs)
      wg.Wait()
      return ctx.Err()
    }
  }
  close(jobs)
  wg.Wait()
  close(errs)
  for err := range errs {
    return err
  }
  return nil
}
`);
  return { code, imports: ['context', 'fmt', 'sync'] };
}

/** Clean: shared client, defer close right after the error check. */
function cleanHandlerBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'handle', e, 'Get');
  const code = go(`func (s *Server) ${name}(w http.ResponseWriter, r *http.Request) {
  id := r.URL.Query().Get("id")
  if id == "" {
    http.Error(w, "missing id", http.StatusBadRequest)
    return
  }
  req, err := http.NewRequestWithContext(r.Context(), http.MethodGet, s.baseURL+"/${e.toLowerCase()}s/"+id, nil)
  if err != nil {
    http.Error(w, err.Error(), http.StatusInternalServerError)
    return
  }
  resp, err := s.client.Do(req)
  if err != nil {
    http.Error(w, err.Error(), http.StatusBadGateway)
    return
  }
  defer resp.Body.Close()
  if resp.StatusCode != http.StatusOK {
    http.Error(w, resp.Status, http.StatusBadGateway)
    return
  }
  var out map[string]interface{}
  if err := json.NewDecoder(resp.Body).Decode(&out); err != nil {
    http.Error(w, err.Error(), http.StatusBadGateway)
    return
  }
  s.writeJSON(w, http.StatusOK, out)
}
`);
  return { code, imports: ['encoding/json', 'net/http'] };
}

/** Leak: a client literal per request inside a handler. */
function perRequestClientBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'handle', e, 'Proxy');
  const timeout = ctx.r.int(2, 20);
  // Half of them with their own Transport (a new pool per request); a bare Client shares DefaultTransport.
  const literal = ctx.r.chance(0.5)
    ? `&http.Client{Timeout: ${timeout} * time.Second}`
    : `&http.Client{Timeout: ${timeout} * time.Second, Transport: &http.Transport{MaxIdleConns: 10}}`;
  const code = go(`func (s *Server) ${name}(w http.ResponseWriter, r *http.Request) {
  client := ${literal}
  resp, err := client.Get("${urlOf(ctx, e)}?" + r.URL.RawQuery)
  if err != nil {
    http.Error(w, err.Error(), http.StatusBadGateway)
    return
  }
  defer resp.Body.Close()
  w.Header().Set("Content-Type", resp.Header.Get("Content-Type"))
  w.WriteHeader(resp.StatusCode)
  if _, err := io.Copy(w, resp.Body); err != nil {
    s.log.Printf("proxy ${e.toLowerCase()}: %v", err)
  }
}
`);
  return { code, imports: ['io', 'net/http', 'time'] };
}

/** Leak through another file: the handler calls newScratchClient (defined in client.go). */
function perRequestViaHelperBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'handle', e, 'Lookup');
  const code = go(`func (s *Server) ${name}(w http.ResponseWriter, r *http.Request) {
  c := newScratchClient(${ctx.r.int(3, 12)} * time.Second)
  resp, err := c.Get(s.baseURL + "/${e.toLowerCase()}/lookup?q=" + r.URL.Query().Get("q"))
  if err != nil {
    http.Error(w, err.Error(), http.StatusBadGateway)
    return
  }
  defer drainAndClose(resp)
  body, err := io.ReadAll(resp.Body)
  if err != nil {
    http.Error(w, err.Error(), http.StatusBadGateway)
    return
  }
  w.Write(body)
}
`);
  return { code, imports: ['io', 'net/http', 'time'] };
}

/** Leak: the status-check early return skips the close. */
function statusEarlyReturnBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, ctx.r.pick(VERBS), e);
  const payload = ctx.names.unique(`${lowerFirst(e)}Payload`);
  const code = go(`type ${payload} struct {
  ID     string          \`json:"id"\`
  Fields json.RawMessage \`json:"fields"\`
}

func ${name}(ctx context.Context, id string) (*${payload}, error) {
  req, err := http.NewRequestWithContext(ctx, http.MethodGet, "${urlOf(ctx, e)}/"+id, nil)
  if err != nil {
    return nil, err
  }
  resp, err := sharedClient.Do(req)
  if err != nil {
    return nil, err
  }
  if resp.StatusCode != http.StatusOK {
    return nil, fmt.Errorf("${name}: unexpected status %d", resp.StatusCode)
  }
  defer resp.Body.Close()
  var p ${payload}
  if err := json.NewDecoder(resp.Body).Decode(&p); err != nil {
    return nil, err
  }
  return &p, nil
}
`);
  return { code, imports: ['context', 'encoding/json', 'fmt', 'net/http'] };
}

/** Leak: the retry loop continues without closing the failed response. */
function retryLoopLeakBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'poll', e, 'WithRetry');
  const code = go(`func ${name}(url string, attempts int) ([]byte, error) {
  var lastErr error
  for attempt := 0; attempt < attempts; attempt++ {
    resp, err := sharedClient.Get(url)
    if err != nil {
      lastErr = err
      time.Sleep(time.Duration(attempt+1) * 200 * time.Millisecond)
      continue
    }
    if resp.StatusCode >= 500 {
      lastErr = fmt.Errorf("server error %d", resp.StatusCode)
      continue
    }
    body, err := io.ReadAll(resp.Body)
    resp.Body.Close()
    return body, err
  }
  return nil, lastErr
}
`);
  return { code, imports: ['fmt', 'io', 'time'] };
}

/** Clean: the retry loop drains and closes before retrying (helper from client.go). */
function retryLoopCleanBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'fetch', e, 'Retrying');
  const code = go(`func ${name}(ctx context.Context, url string) ([]byte, error) {
  backoff := 100 * time.Millisecond
  for attempt := 0; attempt < ${ctx.r.int(3, 6)}; attempt++ {
    req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
    if err != nil {
      return nil, err
    }
    resp, err := sharedClient.Do(req)
    if err != nil {
      time.Sleep(backoff)
      backoff *= 2
      continue
    }
    if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 {
      drainAndClose(resp)
      time.Sleep(backoff)
      backoff *= 2
      continue
    }
    body, err := io.ReadAll(resp.Body)
    drainAndClose(resp)
    return body, err
  }
  return nil, fmt.Errorf("${name}: gave up on %s", url)
}
`);
  return { code, imports: ['context', 'fmt', 'io', 'net/http', 'time'] };
}

/** Leak: defer placed before the error check (panics on error). */
function deferBeforeCheckBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'download', e, 'Export');
  const code = go(`func ${name}(url string, w io.Writer) error {
  resp, err := http.Get(url)
  defer resp.Body.Close()
  if err != nil {
    return fmt.Errorf("${name}: %w", err)
  }
  _, err = io.Copy(w, resp.Body)
  return err
}
`);
  return { code, imports: ['fmt', 'io', 'net/http'] };
}

/** Clean: responsibility handed to the caller, who closes through io.Closer. */
function handOffBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const open = fnName(ctx, 'open', e, 'Stream');
  const use = fnName(ctx, 'copy', e, 'Stream');
  const code = go(`// ${open} returns the response; the caller owns its body.
func ${open}(ctx context.Context, url string) (*http.Response, error) {
  req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
  if err != nil {
    return nil, err
  }
  req.Header.Set("Accept", "application/x-ndjson")
  return sharedClient.Do(req)
}

func ${use}(ctx context.Context, url string, dst io.Writer) (int64, error) {
  resp, err := ${open}(ctx, url)
  if err != nil {
    return 0, err
  }
  defer closeQuietly(resp.Body)
  return io.Copy(dst, resp.Body)
}
`);
  return { code, imports: ['context', 'io', 'net/http'] };
}

/** Leak: the body is closed on one branch only. */
function oneBranchCloseBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'notify', e, 'Hook');
  const code = go(`func ${name}(url string, payload []byte) (bool, error) {
  resp, err := sharedClient.Post(url, "application/json", bytes.NewReader(payload))
  if err != nil {
    return false, err
  }
  if resp.StatusCode == http.StatusAccepted {
    resp.Body.Close()
    return true, nil
  }
  return false, nil
}
`);
  return { code, imports: ['bytes', 'net/http'] };
}

/** Leak: a goroutine per request builds its own transport. */
function goroutineTransportBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'handle', e, 'Async');
  const code = go(`func (s *Server) ${name}(w http.ResponseWriter, r *http.Request) {
  target := r.URL.Query().Get("callback")
  go func() {
    tr := &http.Transport{TLSHandshakeTimeout: 5 * time.Second}
    c := &http.Client{Transport: tr, Timeout: 10 * time.Second}
    resp, err := c.Post(target, "application/json", strings.NewReader(\`{"status":"queued"}\`))
    if err != nil {
      s.log.Printf("callback: %v", err)
      return
    }
    drainAndClose(resp)
  }()
  w.WriteHeader(http.StatusAccepted)
}
`);
  return { code, imports: ['net/http', 'strings', 'time'] };
}

/** Leak: sql.Open per request. Clean variant: opened once in init. */
function databaseBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  if (ctx.r.chance(0.5)) {
    const name = fnName(ctx, 'handle', e, 'Count');
    const code = go(`func (s *Server) ${name}(w http.ResponseWriter, r *http.Request) {
  db, err := sql.Open("postgres", os.Getenv("DATABASE_URL"))
  if err != nil {
    http.Error(w, err.Error(), http.StatusInternalServerError)
    return
  }
  defer db.Close()
  var n int
  if err := db.QueryRowContext(r.Context(), "SELECT count(*) FROM ${e.toLowerCase()}s").Scan(&n); err != nil {
    http.Error(w, err.Error(), http.StatusInternalServerError)
    return
  }
  s.writeJSON(w, http.StatusOK, map[string]int{"count": n})
}
`);
    return { code, imports: ['database/sql', 'net/http', 'os'] };
  }
  const v = ctx.names.unique(`${lowerFirst(e)}DB`);
  const code = go(`var ${v} *sql.DB

func init() {
  var err error
  ${v}, err = sql.Open("postgres", os.Getenv("DATABASE_URL"))
  if err != nil {
    log.Fatalf("open database: %v", err)
  }
  ${v}.SetMaxOpenConns(${ctx.r.int(8, 32)})
  ${v}.SetConnMaxIdleTime(5 * time.Minute)
}
`);
  return { code, imports: ['database/sql', 'log', 'os', 'time'] };
}

/** Keep-alive settings: long-lived transports with and without problems. */
function keepAliveBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const kind = ctx.r.int(0, 3);
  const v = ctx.names.unique(`${lowerFirst(e)}Transport`);
  if (kind === 0) {
    return {
      code: go(`// ${v} serves every call to the ${e.toLowerCase()} backend.
var ${v} = &http.Transport{
  DisableKeepAlives: true,
  MaxIdleConns:      10,
}
`),
      imports: ['net/http'],
    };
  }
  if (kind === 1) {
    return {
      code: go(`var ${v} = &http.Transport{
  MaxIdleConns:    ${ctx.r.pick([100, 200, 500])},
  IdleConnTimeout: 90 * time.Second,
}
`),
      imports: ['net/http', 'time'],
    };
  }
  if (kind === 2) {
    const name = fnName(ctx, 'new', e, 'Transport');
    return {
      code: go(`func ${name}() *http.Transport {
  t := *http.DefaultTransport.(*http.Transport)
  t.MaxIdleConnsPerHost = 32
  return &t
}
`),
      imports: ['net/http'],
    };
  }
  const name = fnName(ctx, 'new', e, 'Transport');
  return {
    code: go(`func ${name}() *http.Transport {
  t := http.DefaultTransport.(*http.Transport).Clone()
  t.MaxIdleConns = 128
  t.MaxIdleConnsPerHost = 32
  return t
}
`),
    imports: ['net/http'],
  };
}

/** Leak (keep-alive): Connection: close on requests in a loop. */
function closeHeaderLoopBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'ping', e, 'Backends');
  const code = go(`func ${name}(urls []string) map[string]int {
  status := make(map[string]int, len(urls))
  for _, u := range urls {
    req, err := http.NewRequest(http.MethodHead, u, nil)
    if err != nil {
      continue
    }
    req.Close = true
    resp, err := sharedClient.Do(req)
    if err != nil {
      status[u] = 0
      continue
    }
    status[u] = resp.StatusCode
    resp.Body.Close()
  }
  return status
}
`);
  return { code, imports: ['net/http'] };
}

/** Clean: closure that closes the body, and a body closed through io.ReadCloser. */
function closureCloseBlock(ctx: PackageContext): Block {
  const e = entityOf(ctx);
  const name = fnName(ctx, 'read', e, 'Feed');
  const code = go(`func ${name}(ctx context.Context, url string) ([]string, error) {
  req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
  if err != nil {
    return nil, err
  }
  resp, err := sharedClient.Do(req)
  if err != nil {
    return nil, err
  }
  defer func() {
    if cerr := resp.Body.Close(); cerr != nil {
      log.Printf("${name}: close: %v", cerr)
    }
  }()
  var rc io.ReadCloser = resp.Body
  scanner := bufio.NewScanner(rc)
  var lines []string
  for scanner.Scan() {
    line := strings.TrimSpace(scanner.Text())
    if line == "" || strings.HasPrefix(line, "#") {
      continue
    }
    lines = append(lines, line)
  }
  return lines, scanner.Err()
}
`);
  return { code, imports: ['bufio', 'context', 'io', 'log', 'net/http', 'strings'] };
}

/** Routes registered once at startup (clean), with a handler func literal that leaks a client. */
function routesBlock(ctx: PackageContext): Block {
  const name = ctx.names.unique('Routes');
  const e = entityOf(ctx);
  const code = go(`// ${name} wires the handlers; it runs once.
func (s *Server) ${name}(mux *http.ServeMux) {
  mux.HandleFunc("/healthz", func(w http.ResponseWriter, r *http.Request) {
    w.WriteHeader(http.StatusNoContent)
  })
  mux.HandleFunc("/${e.toLowerCase()}s/refresh", func(w http.ResponseWriter, r *http.Request) {
    tr := &http.Transport{MaxIdleConns: 10}
    client := &http.Client{Transport: tr}
    resp, err := client.Post(s.baseURL+"/refresh", "text/plain", nil)
    if err != nil {
      http.Error(w, err.Error(), http.StatusBadGateway)
      return
    }
    defer resp.Body.Close()
    w.WriteHeader(resp.StatusCode)
  })
}
`);
  return { code, imports: ['net/http'] };
}

const GO_BLOCKS: ReadonlyArray<readonly [(ctx: PackageContext) => Block, number]> = [
  [structBlock, 10],
  [businessLogicBlock, 8],
  [workerPoolBlock, 5],
  [cleanHandlerBlock, 12],
  [perRequestClientBlock, 5],
  [perRequestViaHelperBlock, 4],
  [statusEarlyReturnBlock, 5],
  [retryLoopLeakBlock, 4],
  [retryLoopCleanBlock, 6],
  [deferBeforeCheckBlock, 3],
  [handOffBlock, 6],
  [oneBranchCloseBlock, 3],
  [goroutineTransportBlock, 3],
  [databaseBlock, 4],
  [keepAliveBlock, 4],
  [closeHeaderLoopBlock, 3],
  [closureCloseBlock, 6],
  [routesBlock, 2],
];

function renderFile(pkg: string, blocks: Block[], header: string): string {
  const imports = [...new Set(blocks.flatMap((b) => b.imports))].sort();
  const importBlock = imports.length === 1 ? `import "${imports[0]}"\n` : `import (\n${imports.map((i) => `\t"${i}"`).join('\n')}\n)\n`;
  return [`// ${header}\npackage ${pkg}\n`, importBlock, ...blocks.map((b) => b.code)].join('\n');
}

/** One file of a package, other than client.go, filled with blocks up to `targetLines`. */
function serviceFile(ctx: PackageContext, targetLines: number): string {
  const blocks: Block[] = [];
  let lines = 12;
  while (lines < targetLines) {
    const block = ctx.r.weighted(GO_BLOCKS)(ctx);
    blocks.push(block);
    lines += countLines(block.code) + 1;
  }
  return renderFile(ctx.pkg, blocks, `Code generated for the Socket Lens benchmark. Service code of package ${ctx.pkg}.`);
}

export function generateGoCorpus(options: CorpusOptions): GeneratedFile[] {
  const r = new SeededRandom(`go:${options.seed}`);
  const targetFiles = Math.max(2, Math.round(FULL_FILES * options.scale));
  const files: GeneratedFile[] = [];
  for (let p = 0; files.length < targetFiles; p++) {
    const domain = DOMAINS[p % DOMAINS.length];
    const pkg = p < DOMAINS.length ? domain : `${domain}${Math.floor(p / DOMAINS.length) + 1}`;
    const entities = [...new Set([r.pick(ENTITIES), r.pick(ENTITIES), r.pick(ENTITIES)])];
    const ctx: PackageContext = { r, pkg, names: new NameRegistry(), entities };
    const dir = `services/${pkg}`;
    const client = clientFile(ctx);
    files.push({ path: `${dir}/client.go`, text: renderFile(pkg, [client], `Package ${pkg} talks to the ${upperFirst(domain)} backends.`) });
    const count = Math.min(r.int(8, 11), targetFiles - files.length);
    const topics = new NameRegistry();
    for (let i = 0; i < count; i++) {
      const topic = topics.unique(r.pick(FILE_TOPICS));
      files.push({ path: `${dir}/${topic}.go`, text: serviceFile(ctx, r.int(105, 215)) });
    }
  }
  return files;
}

/** A single Go file of about `lines` lines (plus its package's client.go) for latency runs. */
export function generateLargeGoFile(seed: string, lines: number): GeneratedFile[] {
  const r = new SeededRandom(`go-large:${seed}`);
  const ctx: PackageContext = { r, pkg: 'latency', names: new NameRegistry(), entities: ['Order', 'Invoice', 'Customer', 'Payment'] };
  const client = renderFile('latency', [clientFile(ctx)], 'Package latency is the edit-latency benchmark package.');
  return [
    { path: 'client.go', text: client },
    { path: 'large.go', text: serviceFile(ctx, lines) },
  ];
}

/**
 * One package of `files` files (client.go plus service files) in a single directory: more than the 64 trees
 * the Go front-end once kept (it now keeps trees by a character budget), so a scan of it shows whether files
 * are parsed twice.
 */
export function generateLargeGoPackage(seed: string, files: number): GeneratedFile[] {
  const r = new SeededRandom(`go-package:${seed}`);
  const ctx: PackageContext = { r, pkg: 'widepkg', names: new NameRegistry(), entities: ['Order', 'Invoice', 'Customer', 'Payment', 'Shipment'] };
  const out: GeneratedFile[] = [{ path: 'widepkg/client.go', text: renderFile('widepkg', [clientFile(ctx)], 'Package widepkg has more files than the tree cache.') }];
  for (let i = 1; i < files; i++) out.push({ path: `widepkg/part${String(i).padStart(3, '0')}.go`, text: serviceFile(ctx, r.int(105, 215)) });
  return out;
}
