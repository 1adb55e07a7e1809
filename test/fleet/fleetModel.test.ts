/** The fleet model without a Prometheus: selector parsing, mapping, unknowns, ranking, escaping. */
import * as assert from 'node:assert/strict';
import { computeHints } from '$shared/inspector/hints';
import { escapeControl } from '$shared/inspector/fleet/escapeText';
import { buildFleetQueries, parseMatch } from '$shared/inspector/fleet/fleetQueries';
import { buildHostSnapshot, emptyHostSeries, type HostSeries } from '$shared/inspector/fleet/fleetHostSnapshot';
import { rankFleet, type FleetHost } from '$shared/inspector/fleet/fleetRanking';
import { formatFleetText, sparkline } from '$shared/inspector/fleet/fleetText';
import { toFleetView } from '$shared/inspector/fleet/fleetReportView';
import { parseBaseUrl, PrometheusError } from '$shared/inspector/fleet/prometheusClient';
import { sshHostFor } from '$shared/inspector/fleet/sshHostTemplate';
import { matches, parseFilter } from '../../client/webview/fleetFilter';

function series(gauges: Record<string, number>, tcpstat?: Record<string, number>): HostSeries {
  const s = emptyHostSeries();
  for (const [k, v] of Object.entries(gauges)) s.gauges.set(k, v);
  if (tcpstat) s.tcpstat = new Map(Object.entries(tcpstat));
  return s;
}

function host(instance: string, s: HostSeries, status: FleetHost['status'] = 'up'): FleetHost {
  const { snapshot, unknown } = buildHostSnapshot(instance, s, 1_700_000_000_000);
  const hasData = s.gauges.size > 0 || s.tcpstat !== undefined;
  const hints = hasData ? computeHints(snapshot) : [];
  return { instance, job: 'node', labels: { instance, job: 'node' }, status, statusDetail: status, hasData, snapshot, hints, unknown, trendLines: {} };
}

describe('fleet model', () => {
  it('parseMatch takes label matchers with or without braces and refuses metric names and control characters', () => {
    assert.equal(parseMatch('{job="node"}'), 'job="node"');
    assert.equal(parseMatch(' job="node", env=~"prod.*" '), 'job="node", env=~"prod.*"');
    assert.equal(parseMatch(''), '');
    assert.equal(parseMatch(undefined), '');
    assert.throws(() => parseMatch('up{job="x"}'), /label matchers/);
    assert.throws(() => parseMatch('{job="x"'), /closing brace/);
    assert.throws(() => parseMatch('job="a\nb"'), /control character/);
  });

  it('every query covers all instances: no per-host query, the selector lands in each one', () => {
    const q = buildFleetQueries('job="node"', '5m');
    assert.equal(Object.keys(q).length, 5);
    for (const expr of Object.values(q)) assert.match(expr, /job="node"/);
    assert.doesNotMatch(Object.values(q).join(' '), /instance=/);
  });

  it('parseBaseUrl refuses non-http schemes and credentials in the URL', () => {
    assert.throws(() => parseBaseUrl('file:///etc/passwd'), (e: unknown) => e instanceof PrometheusError && e.kind === 'bad-url');
    assert.throws(() => parseBaseUrl('http://user:pw@127.0.0.1:9090'), /bearer token/);
    assert.equal(parseBaseUrl('http://127.0.0.1:9090/prom').toString(), 'http://127.0.0.1:9090/prom/');
  });

  it('unknown stays unknown: no tcpstat → no states; missing gauges → absent counters; peers named as unknown', () => {
    const { snapshot, unknown } = buildHostSnapshot('h', series({ node_sockstat_TCP_tw: 12 }), 0);
    assert.equal(snapshot.states, undefined);
    assert.equal(snapshot.counters['sockstat.TCP.tw'], 12);
    assert.equal(snapshot.counters['file.allocated'], undefined);
    assert.ok(unknown.some((u) => u.startsWith('per-state counts')));
    assert.ok(unknown.some((u) => u.includes('node_filefd_allocated')));
    assert.ok(unknown.some((u) => u.startsWith('accept queue per listener')));
  });

  it('the per-destination TIME_WAIT budget is decided when the total is below its threshold, unknown above', () => {
    const range = (s: HostSeries) => {
      s.indexedSysctls.set('node_sysctl_net_ipv4_ip_local_port_range', new Map([[0, 32768], [1, 60999]]));
      return s;
    };
    const low = buildHostSnapshot('h', range(series({}, { time_wait: 900 })), 0);
    assert.ok(!low.unknown.some((u) => u.startsWith('TIME_WAIT per destination')), '900 < 5 % of 28,232 ports: no destination can reach it');
    const high = buildHostSnapshot('h', range(series({}, { time_wait: 5000 })), 0);
    const expected = 'TIME_WAIT per destination (port budget): 5000 TIME_WAIT sockets are 17.7 %';
    assert.ok(high.unknown.some((u) => u.startsWith(expected)), high.unknown.join('\n'));
  });

  it('a CLOSE_WAIT count rising over the range query becomes the growing close-wait hint', () => {
    const s = series({}, { close_wait: 140 });
    s.trends.set('CLOSE_WAIT', [0, 1, 2, 3, 4].map((i) => ({ t: 1000 + i * 30, v: 100 + i * 10 })));
    const { snapshot } = buildHostSnapshot('h', s, 0);
    const hint = computeHints(snapshot).find((h) => h.id === 'close-wait');
    assert.equal(hint?.severity, 'critical');
    assert.match(hint!.title, /growing/);
  });

  it('ranks critical, warning, then unreadable hosts, then info-only, then quiet ones', () => {
    const warn = host('warn', series({ node_sockstat_TCP_tw: 950, node_sysctl_net_ipv4_tcp_max_tw_buckets: 1000 }));
    const info = host('info', series({ node_netstat_Tcp_CurrEstab: 3, node_sysctl_net_ipv4_tcp_keepalive_time: 7200 }));
    const quiet = host('quiet', series({ node_sockstat_TCP_tw: 0 }));
    const down = host('down', emptyHostSeries(), 'down');
    const crit = host('crit', series({ node_filefd_allocated: 95, node_filefd_maximum: 100 }));
    assert.deepEqual(rankFleet([quiet, info, down, warn, crit]).map((h) => h.instance), ['crit', 'warn', 'down', 'info', 'quiet']);
  });

  it('the text table escapes control characters in remote text; JSON keeps them escaped too', () => {
    assert.equal(escapeControl('a\u001b[2Jb\nc\u202e'), 'a\\x1b[2Jb\\x0ac\\u202e');
    const evil = host('evil\u001b]0;pwned\u0007:9100', series({ node_sockstat_TCP_tw: 1 }));
    const report = { prometheus: 'http://127.0.0.1:9090/', match: '', evaluatedAt: 'now', queries: 5, elapsedMs: 1, hosts: [evil], notes: [] };
    const view = toFleetView(report);
    const text = formatFleetText(view);
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f]/);
    assert.match(text, /evil\\x1b\]0;pwned\\x07:9100/);
    assert.doesNotMatch(JSON.stringify(view), /\u001b/);
  });

  it('sparkline scales a series to eight levels', () => {
    assert.equal(sparkline([0, 7, 14]), '▁▅█');
    assert.equal(sparkline([5]), '');
  });
});

describe('fleet SSH host template', () => {
  it('maps instance and labels to an ssh host, and refuses what validateHost refuses', () => {
    assert.deepEqual(sshHostFor('{instanceHost}', { instance: '10.0.0.5:9100' }), { ok: true, host: '10.0.0.5' });
    assert.deepEqual(sshHostFor('{instanceHost}', { instance: '[fd00::5]:9100' }), { ok: true, host: 'fd00::5' });
    assert.deepEqual(sshHostFor('admin@{label:node}.internal', { instance: 'x:1', node: 'db1' }), { ok: true, host: 'admin@db1.internal' });
    assert.equal(sshHostFor('{label:node}', { instance: 'x:1' }).ok, false);
    assert.equal(sshHostFor('', { instance: 'x:1' }).ok, false);
    assert.equal(sshHostFor('{instanceHost}', { instance: '-oProxyCommand=sh:9100' }).ok, false);
    assert.equal(sshHostFor('{label:node}', { instance: 'x:1', node: 'a;rm -rf /' }).ok, false);
    assert.equal(sshHostFor('{bogus}', { instance: 'x:1' }).ok, false);
  });
});

describe('fleet panel label filter (client/webview/fleetFilter.ts, bundled into media/fleet.js)', () => {
  const web = { instance: 'web-1.prod:9100', job: 'node', env: 'prod' };
  const db = { instance: 'db-1.prod:9100', job: 'node', env: 'prod' };
  const staging = { instance: 'web-9.staging:9100', job: 'node-staging', env: 'staging' };
  const pick = (text: string) => [web, db, staging].filter((l) => matches(l, parseFilter(text))).map((l) => l.instance);

  it('label=value is exact, label=~part a substring, a bare word any label; all terms must match', () => {
    assert.deepEqual(pick(''), [web.instance, db.instance, staging.instance]);
    assert.deepEqual(pick('job=node'), [web.instance, db.instance]);
    assert.deepEqual(pick('instance=~web'), [web.instance, staging.instance]);
    assert.deepEqual(pick('instance=~web env=prod'), [web.instance]);
    assert.deepEqual(pick('STAGING'), [staging.instance]);
    assert.deepEqual(pick('nolabel=x'), []);
  });
});
