/** The ranked plain-text table of `socket-lens fleet`. Every remote string goes through escapeControl. */
import { escapeControl } from './escapeText';
import type { FleetView } from './fleetReportView';

const SPARK = '▁▂▃▄▅▆▇█';

/** A text sparkline of a series ('' when there are fewer than two points). */
export function sparkline(values: number[]): string {
  if (values.length < 2) return '';
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  return values.map((v) => SPARK[hi === lo ? 0 : Math.round(((v - lo) / (hi - lo)) * (SPARK.length - 1))]).join('');
}

const count = (v: number | undefined | null): string => (v === undefined || v === null ? '?' : String(Math.round(v)));

export function formatFleetText(view: FleetView): string {
  const out: string[] = [];
  out.push(
    `Prometheus ${escapeControl(view.prometheus)}${view.match ? `  ·  {${escapeControl(view.match)}}` : ''}  ·  ${view.evaluatedAt}  ·  ` +
      `${view.hosts.length} hosts  ·  ${view.queries} queries in ${view.elapsedMs} ms`,
  );
  for (const note of view.notes) out.push(`note: ${escapeControl(note)}`);
  out.push('');
  const header = ['#', 'instance', 'job', 'status', 'risk', 'ESTAB', 'TIME_WAIT', 'CLOSE_WAIT', 'SYN_RECV', 'tw trend', 'worst hint'];
  const rows = view.hosts.map((h) => {
    const s = h.states;
    return [
      String(h.rank),
      escapeControl(h.instance),
      escapeControl(h.job),
      h.status,
      h.risk,
      count(s ? s.ESTABLISHED : h.counters['Tcp.CurrEstab']),
      count(s ? s.TIME_WAIT : h.counters['sockstat.TCP.tw']),
      count(s ? s.CLOSE_WAIT : undefined),
      count(s ? s.SYN_RECV : undefined),
      sparkline(h.trendLines.TIME_WAIT ?? []),
      h.hints[0] ? `[${h.hints[0].severity}] ${escapeControl(h.hints[0].title)}` : h.status === 'up' ? 'none' : escapeControl(h.statusDetail),
    ];
  });
  const widths = header.map((title, i) => Math.min(40, Math.max(title.length, ...rows.map((r) => [...r[i]!].length))));
  const numeric = new Set([0, 5, 6, 7, 8]);
  const fit = (c: string, i: number): string => {
    const width = widths[i]!;
    if ([...c].length > width) return `${[...c].slice(0, width - 1).join('')}…`;
    return numeric.has(i) ? c.padStart(width) : c.padEnd(width);
  };
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : fit(c, i))).join('  ');
  out.push(line(header));
  for (const r of rows) out.push(line(r));
  out.push('');
  out.push('? = unknown (not exported by this host). Per-host hints, evidence and unknowns: --json, or open the host over SSH.');
  return `${out.join('\n')}\n`;
}
