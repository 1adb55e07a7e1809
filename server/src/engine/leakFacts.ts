/**
 * The facts behind every "why it matters" in the rule documentation, written once.
 * Explanations, rule pages and the README quote these constants and sentences; nothing else types the figures.
 */

/** Linux's default `net.ipv4.ip_local_port_range`. */
export const EPHEMERAL_PORT_FIRST = 32768;
export const EPHEMERAL_PORT_LAST = 60999;
/** Ports a client can use towards one destination ip:port: 28,232 by default. */
export const EPHEMERAL_PORTS = EPHEMERAL_PORT_LAST - EPHEMERAL_PORT_FIRST + 1;
/** How long a closed connection stays in TIME_WAIT on Linux (fixed; `tcp_fin_timeout` does not change it). */
export const TIME_WAIT_SECONDS = 60;
/** New connections per second to one destination before the ports run out: 28,232 / 60 ≈ 470. */
export const NEW_CONNECTIONS_PER_SECOND_CEILING = Math.floor(EPHEMERAL_PORTS / TIME_WAIT_SECONDS);

/**
 * Whole numbers as the documentation prints them (`28,232`). Not `toLocaleString`: its first call loads ICU's locale
 * data, about 20 ms of every process's start, since the sentences below are built as the module loads.
 */
export function formatCount(n: number): string {
  return String(Math.round(n)).replace(/\B(?=(\d{3})+$)/g, ',');
}

/** One sentence: the port arithmetic, for every rule whose cost is a connection per request. */
export const PORT_CEILING_SENTENCE =
  `Linux keeps each closed connection in TIME_WAIT for ${TIME_WAIT_SECONDS} s and has ${formatCount(EPHEMERAL_PORTS)} ` +
  `ephemeral ports by default (${EPHEMERAL_PORT_FIRST}–${EPHEMERAL_PORT_LAST}), so one host can open only about ` +
  `${NEW_CONNECTIONS_PER_SECOND_CEILING} new connections per second to the same backend before \`connect\` fails with ` +
  '`EADDRNOTAVAIL` (cannot assign requested address).';

/** One sentence: what a connection per request costs even before the ports run out. */
export const HANDSHAKE_COST_SENTENCE =
  'Every request pays a TCP (and often TLS) handshake and leaves one socket in TIME_WAIT behind.';

/** The short form, for a hover's "Why it matters". */
export const PORT_CEILING_SHORT =
  `With ${formatCount(EPHEMERAL_PORTS)} ephemeral ports and ${TIME_WAIT_SECONDS} s of TIME_WAIT, about ` +
  `${NEW_CONNECTIONS_PER_SECOND_CEILING} new connections per second to one backend exhaust the ports.`;
