import type { GoFileContext } from '../../goFileContext';
import { code } from '../../goMessageText';
import { resultStored } from '../../goResultStorage';
import { walk, type GoNode } from '../../goTree';
import { functionName, topLevelDeclaration } from '../../goTypes';
import { HANDSHAKE_COST_SENTENCE, PORT_CEILING_SENTENCE, PORT_CEILING_SHORT } from '../../../leakFacts';
import { defineRule } from '../../../ruleInfo';
import { goReport, type GoReport, type GoRule } from '../../goRule';
import { builtAndDroppedPerCall } from './perCall';
import { hoistFix } from './fix';
import { assignedToOuterVariable, constructionAt, flowsIntoStorage, storedLongLived, underNilGuard, type Construction } from './model';

export const goPerRequestClient: GoRule<'go-per-request-client'> = {
  info: defineRule({
    id: 'go-per-request-client',
    language: 'go',
    category: 'per-request-client',
    defaultSeverity: 'warning',
    title: 'Client or connection pool created per request',
    fix: 'Create the client once (a package-level variable, or a field set up in `main`) and reuse it for every request.',
    why:
      'Each new transport or pool dials its own connections, so nothing is reused and every request pays a handshake. ' +
      `Dropped pools leave idle sockets open and one TIME_WAIT socket per request. ${PORT_CEILING_SHORT}`,
    what:
      'An `http.Transport` (or an `http.Client` that carries its own transport), a `*sql.DB`, a Redis or gRPC client owns a pool of ' +
      'connections. Socket Lens reports one built in an HTTP handler, in a loop, or in a function only called from those, and (at medium ' +
      'confidence) one built inside a function, used for a request there and dropped: that is per call whoever calls it. Well-known ' +
      'constructors (go-cleanhttp, retryablehttp, resty, oauth2, grpc, go-redis, database/sql, sqlx, gorm, pgxpool, mongo) are modelled ' +
      'from their documentation, and helpers of other packages of the same Go module are followed through per-package summaries.',
    background:
      `Every request dials a new TCP (and TLS) connection. ${HANDSHAKE_COST_SENTENCE} When the pool is dropped, its idle keep-alive ` +
      `connections stay open until the garbage collector or the server closes them. ${PORT_CEILING_SENTENCE} ` +
      'File descriptors run out under load.',
    fixDetails:
      'Create the client once (a package-level variable, or a field set up in `main` or a constructor) and reuse it: transports and ' +
      'pools are safe for concurrent use. The quick fix hoists an `http.Client`/`http.Transport` literal to a package-level pooled client ' +
      'with tuned idle-connection limits and timeouts, keeping the original settings; a per-request ' +
      '`http.DefaultTransport.(*http.Transport).Clone()` and the settings made right after it move into a package-level variable. ' +
      'No fix is offered when the construction reads per-request values, when the code changes the object later on, or for ' +
      'database/Redis/gRPC clients, whose creation returns errors and needs configuration: the hover says which.',
    notReported:
      'An `&http.Client{Timeout: ...}` without its own `Transport` (it shares `http.DefaultTransport`); clients built in `main`, `init`, ' +
      'a `sync.Once`, a lazily initialised (memoized) field or package variable, or a cache checked first; clients built once per ' +
      'configured item and kept (in a field, map or slice); transports that dial a Unix socket; code outside the module that Socket Lens ' +
      'cannot see; test files (unless tests are included).',
    example: {
      fileName: 'weather.go',
      leaks: `package main

import (
	"io"
	"net/http"
	"time"
)

func weather(w http.ResponseWriter, r *http.Request) {
	client := &http.Client{Transport: &http.Transport{MaxIdleConns: 10}, Timeout: 5 * time.Second}
	resp, err := client.Get("http://127.0.0.1:9000/weather")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func main() {
	http.HandleFunc("/weather", weather)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
`,
      fixed: `package main

import (
	"io"
	"net/http"
	"time"
)

var client = &http.Client{Transport: &http.Transport{MaxIdleConns: 10, MaxIdleConnsPerHost: 10}, Timeout: 5 * time.Second}

func weather(w http.ResponseWriter, r *http.Request) {
	resp, err := client.Get("http://127.0.0.1:9000/weather")
	if err != nil {
		http.Error(w, err.Error(), http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	io.Copy(w, resp.Body)
}

func main() {
	http.HandleFunc("/weather", weather)
	http.ListenAndServe("127.0.0.1:8080", nil)
}
`,
    },
  }),
  check: (ctx, report) => checkPerRequestClients(ctx, goReport(report)),
};

function whereText(ctx: GoFileContext, node: GoNode, reason: 'handler' | 'loop' | 'caller'): string {
  if (reason === 'handler') return 'for every request (in an HTTP handler)';
  if (reason === 'loop') return 'on every loop iteration';
  const top = topLevelDeclaration(node);
  const name = top ? functionName(ctx.tree, top) : undefined;
  return `each time ${code(name ?? 'this function', 20)} runs (per request or loop)`;
}


function checkPerRequestClients(ctx: GoFileContext, report: GoReport): void {
  if (ctx.isTestFile) return;
  walk(ctx.tree.root, (n) => {
    const c = constructionAt(ctx, n);
    if (!c) return;
    const where = ctx.perRequest(c.node);
    if (!where) {
      // Built, used for a request and dropped inside one function: per call, whoever the callers are.
      const fnName = builtAndDroppedPerCall(ctx, c, underNilGuard(ctx, c.node));
      if (fnName) reportPerCall(ctx, c, fnName, report);
      return;
    }
    if (storedLongLived(ctx, c.node) && (where.reason === 'loop' || underNilGuard(ctx, c.node))) return;
    // `db, err = sql.Open(...)` in a retry loop: the variable outlives the loop, only the last one is kept.
    if (where.reason === 'loop' && assignedToOuterVariable(ctx, c.node)) return;
    // One long-lived client per item (`clients[region] = &http.Client{Transport: tr}`), even through locals.
    if (where.reason === 'loop' && flowsIntoStorage(ctx, c.node, 0)) return;
    // A helper that keeps what it builds (`m.clients = append(m.clients, &server{client: c})`): one per configured item.
    if (where.reason === 'caller' && resultStored(ctx.tree, c.node)) return;
    const hoist = c.kind === 'pool' ? { reason: 'No automatic fix for database, Redis, gRPC pools and library clients (their creation needs configuration and may fail): create it once in main or a constructor and pass it in.' } : hoistFix(ctx, c);
    const fixes = 'fix' in hoist ? [hoist.fix] : [];
    const explanation = 'reason' in hoist ? `${ruleExplanationNote(hoist.reason)}` : undefined;
    report(
      c.node,
      `New ${c.label} ${whereText(ctx, c.node, where.reason)}; create it once and reuse it`,
      fixes,
      explanation,
    );
    return false;
  });
}


const PER_CALL_NOTE =
  '**Medium confidence:** this function builds the client, uses it and drops it, so every call dials anew and leaves idle connections ' +
  'behind; how often it runs depends on its callers, which are not all in view.\n\n';


function reportPerCall(ctx: GoFileContext, c: Construction, fnName: string, report: GoReport): void {
  const hoist = hoistFix(ctx, c);
  const fixes = 'fix' in hoist ? [{ ...hoist.fix, preferred: false }] : [];
  const note = 'reason' in hoist ? `${PER_CALL_NOTE}${ruleExplanationNote(hoist.reason)}` : PER_CALL_NOTE;
  report(c.node, `New ${c.label} on every call of ${code(fnName, 24)}, used once and dropped; create it once and reuse it`, fixes, note, 'medium');
}


function ruleExplanationNote(reason: string): string {
  return `**No quick fix here:** ${reason}\n\n`;
}

// ---- Hoist fix -------------------------------------------------------------------------------

