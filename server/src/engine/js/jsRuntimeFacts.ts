/**
 * Facts about the Node.js runtime that the JS/TS rules rely on. Each one is measured on loopback, with
 * connections counted on the server side, by test/unit/js/runtime/runtimeFacts.test.ts: a Node upgrade that
 * changes one of them fails that test, and the rule that relies on it must be revisited.
 */

/**
 * `fetch` (Node's bundled undici): a response whose body is never read releases its connection when the
 * body fits the stream's buffer. Measured on Node 20.20 (undici 6.24): 20 sequential unread responses of
 * 0–16,000 bytes used 1 connection; from 16,500 bytes on they used 20 (bisection: released ≤ 16,250 B). Bodies up to this size are
 * therefore "small": not reading them costs memory until garbage collection, not a socket.
 */
export const FETCH_UNREAD_BODY_RELEASED_UP_TO_BYTES = 16_000;
/** Bodies at least this large keep their connection busy when unread (measured: 20 requests → 20 connections). */
export const FETCH_UNREAD_BODY_PINS_FROM_BYTES = 20_000;
/**
 * `await res.body.cancel()` frees the connection at once. A small body's connection goes back to the pool; a
 * large body's connection is closed (measured, 1 MB: 20 requests → 20+ connections), so reading small bodies is
 * cheaper than cancelling them, and cancelling large ones is still far better than pinning.
 */
export const FETCH_CANCEL_CLOSES_LARGE_BODY_CONNECTION = true;

/**
 * node:http(s): a `'response'` handler that never reads the response keeps the socket assigned to that
 * response, whatever the body size (0 bytes included) and for `HEAD` too. The agent never gets it back.
 */
export const NODE_HTTP_UNREAD_RESPONSE_PINS_SOCKET = true;

/** `http.globalAgent` keeps connections alive from Node 19 on; an agent you construct defaults to keepAlive false. */
export const GLOBAL_AGENT_KEEP_ALIVE_SINCE_NODE_MAJOR = 19;

/** Node's `server.keepAliveTimeout` and `server.headersTimeout` defaults (ms). */
export const NODE_DEFAULT_KEEP_ALIVE_TIMEOUT_MS = 5_000;
export const NODE_DEFAULT_HEADERS_TIMEOUT_MS = 60_000;
