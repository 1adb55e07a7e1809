/**
 * The PromQL a fleet refresh sends. Each expression covers every instance at once, so a refresh is
 * the same handful of HTTP requests at 3 hosts or at 1,000.
 */
import { GAUGE_COUNTERS, GAUGE_SYSCTLS, RATE_COUNTERS, SYSCTL_BY_METRIC, TCPSTAT_METRIC } from './nodeExporterSeries';

/** Label that carries the counter name through rate() (which drops __name__). */
export const RATE_LABEL = 'socket_lens_counter';

/** States whose history is drawn as trend lines and fed to the growth rules. */
export const TREND_STATES = ['established', 'time_wait', 'close_wait', 'syn_recv'] as const;
/** Fallback trend series for hosts without tcpstat. */
export const TREND_FALLBACK_METRICS = ['node_sockstat_TCP_tw', 'node_netstat_Tcp_CurrEstab'] as const;

/**
 * `--match` takes a series selector's label matchers, with or without braces: `{job="node"}` or
 * `job="node",env=~"prod.*"`. Returns the inner matchers ('' for none). Prometheus checks the syntax;
 * this only refuses what cannot be a matcher list (a metric name, braces inside, control characters).
 */
export function parseMatch(raw: string | undefined): string {
  if (raw === undefined) return '';
  let text = raw.trim();
  if (text === '') return '';
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new Error('--match contains a control character');
  if (text.startsWith('{')) {
    if (!text.endsWith('}')) throw new Error(`--match ${JSON.stringify(raw)}: missing closing brace`);
    text = text.slice(1, -1).trim();
  }
  if (/[{}]/.test(text)) throw new Error(`--match ${JSON.stringify(raw)}: give label matchers only, like {job="node"}`);
  if (text !== '' && !/^[a-zA-Z_][a-zA-Z0-9_]*\s*(=~|!~|!=|=)/.test(text)) {
    throw new Error(`--match ${JSON.stringify(raw)}: expected label matchers such as job="node"`);
  }
  return text.replace(/,\s*$/, '');
}

function selector(matchers: string[], match: string): string {
  return `{${[...matchers, ...(match ? [match] : [])].join(', ')}}`;
}

const nameRegex = (names: readonly string[]): string => `__name__=~"${names.join('|')}"`;

export interface FleetQuerySet {
  up: string;
  upTimestamp: string;
  gauges: string;
  rates: string;
  trends: string;
}

export function buildFleetQueries(match: string, rateWindow: string): FleetQuerySet {
  const gaugeNames = [...Object.keys(GAUGE_COUNTERS), ...Object.keys(GAUGE_SYSCTLS), ...Object.keys(SYSCTL_BY_METRIC), TCPSTAT_METRIC];
  const rates = Object.keys(RATE_COUNTERS).map(
    (name) => `label_replace(rate(${name}${selector([], match)}[${rateWindow}]), "${RATE_LABEL}", "${name}", "", "")`,
  );
  return {
    up: `up${selector([], match)}`,
    upTimestamp: `timestamp(up${selector([], match)})`,
    gauges: selector([nameRegex(gaugeNames)], match),
    rates: rates.join(' or '),
    trends: selector([nameRegex([TCPSTAT_METRIC, ...TREND_FALLBACK_METRICS]), `state=~"|${TREND_STATES.join('|')}"`], match),
  };
}
