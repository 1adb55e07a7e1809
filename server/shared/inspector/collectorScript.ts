/**
 * The collector: a POSIX sh + awk program that runs on the inspected host (over `ssh HOST sh -s`, or
 * locally with /bin/sh). It only reads /proc and runs `ss`; it never changes the host.
 *
 * Output: framed, versioned records between markers, one frame per sample:
 *
 *   ==SOCKETLENS-BEGIN 1 <seq> <tiers>==
 *   m clock 12345.67            (meta: uptime clock, boot id, netns, source, collect time)
 *   k sockstat.TCP.tw 12        (cheap counters: sockstat, snmp Tcp, netstat TcpExt, file-nr, conntrack)
 *   s TIME_WAIT 3000            (per-state counts)
 *   p TIME_WAIT r 127.0.0.1:8080 2999   (top peers: r = remote ip:port, l = local ip:port, h = remote ip)
 *   l 127.0.0.1:9000 5 4        (listener: local, accept queue length, accept queue limit or -1)
 *   y net.ipv4.tcp_tw_reuse 2   (sysctls)
 *   ==SOCKETLENS-END 1 <seq> <record count>==
 *
 * The socket table is read in one pass per sample: `ss -tanH` piped into awk (no separate probe run; the
 * header line costs ss about 7 % more at 20,000 sockets). When `ss` fails there (no netlink: WSL1, some
 * OpenWrt), awk is told so by a marker line carrying ss's exit status, reads /proc/net/tcp{,6} itself for that
 * sample, and later samples use /proc directly. Exit status 255 is ss's usage error (iproute2 before 4.13 has
 * no -H): later samples then try `ss -tan` (its header line is skipped) before giving up on ss.
 *
 * Everything else is read by awk with getline, in the same process: counters every sample, the sysctls only
 * in samples of the y tier. Per sample the host starts sh's pipeline subshell, ss and awk; `readlink` (the
 * netns id) runs once per session.
 *
 * Anything outside the markers (login banners, motd) is ignored by the frame parser. Counting is done on
 * the host by awk, so a frame stays a few KB whatever the socket count.
 *
 * Tiers: k = counters (every tick), t = socket table (every `socketTableEveryTicks` ticks),
 * y = sysctls (first tick, then every `sysctlEveryTicks` ticks).
 *
 * Compatibility: dash, bash, BusyBox ash; mawk, gawk, BusyBox awk. No arrays in sh, no awk extensions
 * (no strtonum, asort, gensub, length(array)).
 */

export const COLLECTOR_VERSION = 1;
export const FRAME_BEGIN_PREFIX = '==SOCKETLENS-BEGIN ';
export const FRAME_END_PREFIX = '==SOCKETLENS-END ';
export const FRAME_MARKER_SUFFIX = '==';

export type SocketTableSource = 'auto' | 'proc';

export interface CollectorOptions {
  /** Emit one frame with every tier, then exit. */
  once: boolean;
  /** Seconds between ticks (counters tier), integer >= 1. */
  counterIntervalSeconds: number;
  /** Seconds between socket-table samples; rounded up to a whole number of ticks. */
  socketTableIntervalSeconds: number;
  /** Seconds between sysctl samples; rounded up to a whole number of ticks. */
  sysctlIntervalSeconds: number;
  /** 'auto' uses `ss` when it works and falls back to /proc/net/tcp{,6}; 'proc' forces the fallback. */
  socketTableSource?: SocketTableSource;
  /** How many top peers per state and grouping to report. */
  topPeers?: number;
  /** How many listeners (fullest first) to report. */
  topListeners?: number;
}

export const SYSCTL_FILES: readonly string[] = [
  'net/ipv4/tcp_tw_reuse',
  'net/ipv4/tcp_tw_recycle',
  'net/ipv4/tcp_max_tw_buckets',
  'net/ipv4/tcp_fin_timeout',
  'net/ipv4/tcp_timestamps',
  'net/ipv4/tcp_max_syn_backlog',
  'net/ipv4/tcp_syncookies',
  'net/ipv4/tcp_synack_retries',
  'net/ipv4/ip_local_port_range',
  'net/ipv4/ip_local_reserved_ports',
  'net/ipv4/tcp_keepalive_time',
  'net/ipv4/tcp_keepalive_intvl',
  'net/ipv4/tcp_keepalive_probes',
  'net/ipv4/tcp_max_orphans',
  'net/ipv4/tcp_orphan_retries',
  'net/ipv4/tcp_mem',
  'net/ipv4/tcp_rmem',
  'net/ipv4/tcp_wmem',
  'net/core/somaxconn',
  'net/core/netdev_max_backlog',
  'net/netfilter/nf_conntrack_max',
  'fs/file-max',
  'fs/nr_open',
  'kernel/hostname',
  'kernel/osrelease',
];

/** TcpExt counters shipped (of ~120); Tcp (snmp) counters are shipped whole. */
export const TCPEXT_COUNTERS: readonly string[] = [
  'ListenOverflows',
  'ListenDrops',
  'TCPTimeWaitOverflow',
  'SyncookiesSent',
  'SyncookiesRecv',
  'SyncookiesFailed',
  'TCPReqQFullDrop',
  'TCPReqQFullDoCookies',
  'TCPAbortOnTimeout',
  'TCPAbortOnData',
  'TCPAbortOnClose',
  'TCPAbortOnMemory',
  'TCPAbortOnLinger',
  'TCPAbortFailed',
  'TCPMemoryPressures',
  'TCPBacklogDrop',
  'TW',
  'TWRecycled',
  'TWKilled',
  'OutOfWindowIcmps',
  'TCPSynRetrans',
];

function wholeNumber(value: number, name: string, min: number): number {
  if (!Number.isFinite(value) || value < min) {
    throw new Error(`collector option ${name} must be a number >= ${min}, got ${value}`);
  }
  return Math.ceil(value);
}

// The awk program. No single quotes inside (it is wrapped in single quotes in sh).
//
// Cost: with many sockets the sample is `ss` printing one line per socket and awk reading it, so the per-line
// work is kept to a field split and one or two array updates. TIME_WAIT (the bulk when a client churns
// connections) and ESTABLISHED have their own rules; addresses are normalised only when the line holds a
// `%` scope or a `[::ffff:` mapped address; remote hosts are summed at the end, once per distinct remote;
// counters and sysctls are read with getline, so no rule tests FILENAME per line.
const AWK_PROGRAM = String.raw`
function hexval(s,   i, n) {
  n = 0; s = toupper(s)
  for (i = 1; i <= length(s); i++) n = n * 16 + index("0123456789ABCDEF", substr(s, i, 1)) - 1
  return n
}
function ip4(h) {
  return hexval(substr(h, 7, 2)) "." hexval(substr(h, 5, 2)) "." hexval(substr(h, 3, 2)) "." hexval(substr(h, 1, 2))
}
function ip6(h,   w, g, b, grp, i, best, bestlen, run, runstart, out) {
  if (substr(h, 1, 16) == "0000000000000000" && toupper(substr(h, 17, 8)) == "FFFF0000") return ip4(substr(h, 25, 8))
  for (w = 0; w < 4; w++) {
    g = substr(h, w * 8 + 1, 8)
    b = substr(g, 7, 2) substr(g, 5, 2) substr(g, 3, 2) substr(g, 1, 2)
    grp[w * 2] = sprintf("%x", hexval(substr(b, 1, 4)))
    grp[w * 2 + 1] = sprintf("%x", hexval(substr(b, 5, 4)))
  }
  best = -1; bestlen = 1; run = 0
  for (i = 0; i < 8; i++) {
    if (grp[i] == "0") { if (run == 0) runstart = i; run++; if (run > bestlen) { bestlen = run; best = runstart } }
    else run = 0
  }
  out = ""
  for (i = 0; i < 8; i++) {
    if (best >= 0 && i == best) { out = out "::"; i = best + bestlen - 1; continue }
    if (out != "" && substr(out, length(out), 1) != ":") out = out ":"
    out = out grp[i]
  }
  return "[" out "]"
}
function procaddr(a,   c, h) {
  c = index(a, ":"); h = substr(a, 1, c - 1)
  return (length(h) == 8 ? ip4(h) : ip6(h)) ":" hexval(substr(a, c + 1))
}
function ssaddr(a) {
  if (index(a, "%") > 0) sub(/%[A-Za-z0-9_.@-]*/, "", a)
  if (substr(a, 1, 8) == "[::ffff:" && index(a, ".") > 0) { a = substr(a, 9); sub(/\]/, "", a) }
  return a
}
function hostof(a) {
  sub(/:[^:]*$/, "", a)
  return a
}
# One array per state and grouping (awk has no arrays of arrays): remote ip:port and local ip:port.
function tally(st, local, remote) {
  if (st == "TIME_WAIT") { twr[remote]++; twlocal(local) }
  else if (st == "CLOSE_WAIT") { cwr[remote]++; cwl[local]++ }
  else if (st == "SYN_RECV") { srr[remote]++; srl[local]++ }
  else if (st == "FIN_WAIT2") { f2r[remote]++; f2l[local]++ }
  else if (st == "LAST_ACK") { lar[remote]++; lal[local]++ }
}
# TIME_WAIT locals are mostly distinct (ephemeral ports): the end would rank tens of thousands of count-1
# entries, so the locals seen twice (twrep) and the first ntop seen (twf) are kept aside; the top ntop are
# among them, exactly (a count-1 entry ranks like any other count-1 entry).
function twlocal(local,   v) {
  if ((v = twl[local]++) == 1) twrep[local] = 1
  else if (v == 0 && ntwf < ntop) twf[++ntwf] = local
}
function twlocaltop(   k, i) {
  for (k in twrep) twtop[k] = twl[k]
  for (i = 1; i <= ntwf; i++) if (twl[twf[i]] == 1) twtop[twf[i]] = 1
}
# An ss row other than the fast paths below: addresses already normalised when they needed it.
function ssrow(name, local, remote,   st) {
  if (name == "TIME-WAIT") { twr[remote]++; twlocal(local); return }
  ssstates[name]++
  if (name == "LISTEN") { listener(local, $2, $3); return }
  st = (name in ssst) ? ssst[name] : name
  if (st in grouped) tally(st, local, remote)
}
function procrow(   st, qq) {
  if ($1 == "sl") return
  st = ($4 in hexst) ? hexst[$4] : ("0x" $4)
  states[st]++
  if (st == "LISTEN") { split($5, qq, ":"); listener(procaddr($2), hexval(qq[2]), -1); return }
  if (st in grouped) tally(st, procaddr($2), procaddr($3))
}
function readproc(   k, f, files, n, i) {
  for (k in states) delete states[k]
  split("", twr); split("", twl); split("", twrep); split("", twf); ntwf = 0; split("", cwr); split("", cwl); split("", srr); split("", srl)
  split("", f2r); split("", f2l); split("", lar); split("", lal)
  nl = 0; src = "proc"
  n = split("/proc/net/tcp /proc/net/tcp6", files, " ")
  for (i = 1; i <= n; i++) { f = files[i]; while ((getline < f) > 0) procrow(); close(f) }
}
function listener(local, q, lim) { nl++; lq[nl] = q; llim[nl] = lim; lname[nl] = local }
function emit(line) { print line; nrec++ }
function top(st, g, counts,   k, v, n, i, tv, tk) {
  n = 0
  for (k in counts) {
    v = counts[k]
    if (n >= ntop && v <= tv[n]) continue
    i = (n < ntop) ? ++n : n
    while (i > 1 && tv[i - 1] < v) { tv[i] = tv[i - 1]; tk[i] = tk[i - 1]; i-- }
    tv[i] = v; tk[i] = k
  }
  for (i = 1; i <= n; i++) emit("p " st " " g " " tk[i] " " tv[i])
}
function peers(st, remote, local,   k, hosts) {
  top(st, "r", remote)
  top(st, "l", local)
  for (k in remote) hosts[hostof(k)] += remote[k]
  top(st, "h", hosts)
}
function toplisteners(   i, n, best, bestr, r, taken) {
  emit("m listeners " nl + 0)
  for (n = 0; n < nlist && n < nl; n++) {
    best = 0; bestr = -1
    for (i = 1; i <= nl; i++) {
      if (i in taken) continue
      r = llim[i] > 0 ? lq[i] / llim[i] : lq[i]
      if (r > bestr) { bestr = r; best = i }
    }
    if (best == 0) break
    taken[best] = 1
    emit("l " lname[best] " " lq[best] " " llim[best])
  }
}
function sockstat(f, base,   row, i) {
  while ((getline < f) > 0) {
    row = $1; sub(/:$/, "", row)
    if (row != "TCP" && row != "TCP6" && row != "sockets") continue
    for (i = 2; i + 1 <= NF; i += 2) emit("k " base "." row "." $i " " $(i + 1))
  }
  close(f)
}
function snmp(f,   row, hdr, n, names, i) {
  while ((getline < f) > 0) {
    row = $1; sub(/:$/, "", row)
    if (row != "Tcp" && row != "TcpExt") continue
    if (!(row in hdr)) { hdr[row] = $0; continue }
    n = split(hdr[row], names, " ")
    for (i = 2; i <= n && i <= NF; i++) if (row == "Tcp" || (names[i] in wantext)) emit("k " row "." names[i] " " $i)
    delete hdr[row]
  }
  close(f)
}
function sysctl(f,   name) {
  name = substr(f, 11); gsub(/\//, ".", name)
  while ((getline < f) > 0) { $1 = $1; emit("y " name " " $0) }
  close(f)
}
BEGIN {
  nrec = 0; nl = 0
  print "==SOCKETLENS-BEGIN " ver " " seq " " tiers "=="
  hexst["01"] = "ESTABLISHED"; hexst["02"] = "SYN_SENT"; hexst["03"] = "SYN_RECV"; hexst["04"] = "FIN_WAIT1"
  hexst["05"] = "FIN_WAIT2"; hexst["06"] = "TIME_WAIT"; hexst["07"] = "CLOSE"; hexst["08"] = "CLOSE_WAIT"
  hexst["09"] = "LAST_ACK"; hexst["0A"] = "LISTEN"; hexst["0B"] = "CLOSING"
  ssst["ESTAB"] = "ESTABLISHED"; ssst["SYN-SENT"] = "SYN_SENT"; ssst["SYN-RECV"] = "SYN_RECV"
  ssst["FIN-WAIT-1"] = "FIN_WAIT1"; ssst["FIN-WAIT-2"] = "FIN_WAIT2"; ssst["TIME-WAIT"] = "TIME_WAIT"
  ssst["UNCONN"] = "CLOSE"; ssst["CLOSE-WAIT"] = "CLOSE_WAIT"; ssst["LAST-ACK"] = "LAST_ACK"
  ssst["LISTEN"] = "LISTEN"; ssst["CLOSING"] = "CLOSING"
  grouped["TIME_WAIT"] = 1; grouped["CLOSE_WAIT"] = 1; grouped["SYN_RECV"] = 1; grouped["FIN_WAIT2"] = 1; grouped["LAST_ACK"] = 1
  n = split(tcpext, want, " "); for (i = 1; i <= n; i++) wantext[want[i]] = 1
  t0 = ""
  if ((getline line < "/proc/uptime") > 0) { split(line, up, " "); t0 = up[1] }
  close("/proc/uptime")
  emit("m v " ver)
  emit("m clock " t0)
  emit("m boot " boot)
  emit("m netns " netns)
  sockstat("/proc/net/sockstat", "sockstat")
  sockstat("/proc/net/sockstat6", "sockstat6")
  snmp("/proc/net/snmp")
  snmp("/proc/net/netstat")
  if ((getline < "/proc/sys/fs/file-nr") > 0) { emit("k file.allocated " $1); emit("k file.free " $2); emit("k file.max " $3) }
  close("/proc/sys/fs/file-nr")
  if ((getline < "/proc/sys/net/netfilter/nf_conntrack_count") > 0) emit("k conntrack.count " $1)
  close("/proc/sys/net/netfilter/nf_conntrack_count")
  n = split(sysctls, files, " "); for (i = 1; i <= n; i++) sysctl(files[i])
}
/%|\[::ffff:/ { ssrow($1, ssaddr($4), ssaddr($5)); next }
$1 == "TIME-WAIT" {
  twr[$5]++
  if ((v = twl[$4]++) == 1) twrep[$4] = 1
  else if (v == 0 && ntwf < ntop) twf[++ntwf] = $4
  next
}
$1 == "ESTAB" { nestab++; next }
$1 == "SL-SS-FAILED" { ssfailed = ($2 == 255) ? 2 : 1; next }
$1 == "State" || NF < 5 { next }
{ ssrow($1, $4, $5) }
END {
  if (index(tiers, "t") > 0) {
    if (ssfailed || src == "proc") readproc()
    else {
      for (k in ssstates) states[(k in ssst) ? ssst[k] : k] += ssstates[k]
      for (k in twr) ntw += twr[k]
      if (ntw > 0) states["TIME_WAIT"] += ntw
      if (nestab > 0) states["ESTABLISHED"] += nestab
    }
    emit("m source " src)
    for (st in states) emit("s " st " " states[st])
    twlocaltop()
    peers("TIME_WAIT", twr, twtop)
    peers("CLOSE_WAIT", cwr, cwl)
    peers("SYN_RECV", srr, srl)
    peers("FIN_WAIT2", f2r, f2l)
    peers("LAST_ACK", lar, lal)
    toplisteners()
  }
  t1 = ""
  if ((getline line < "/proc/uptime") > 0) { split(line, up, " "); t1 = up[1] }
  if (t1 != "" && t0 != "") emit("m collect_ms " int((t1 - t0) * 1000 + 0.5))
  print "==SOCKETLENS-END " ver " " seq " " nrec "=="
  if (ssfailed) exit 9 + ssfailed
}
`;

if (AWK_PROGRAM.includes("'")) throw new Error('collector awk program must not contain single quotes');

/** Builds the collector script. Only numbers and fixed words chosen here are interpolated. */
export function buildCollectorScript(options: CollectorOptions): string {
  const tick = wholeNumber(options.counterIntervalSeconds, 'counterIntervalSeconds', 1);
  const tableEvery = Math.max(1, Math.ceil(wholeNumber(options.socketTableIntervalSeconds, 'socketTableIntervalSeconds', 1) / tick));
  const sysctlEvery = Math.max(1, Math.ceil(wholeNumber(options.sysctlIntervalSeconds, 'sysctlIntervalSeconds', 1) / tick));
  const source = options.socketTableSource === 'proc' ? 'proc' : 'auto';
  const topPeers = wholeNumber(options.topPeers ?? 5, 'topPeers', 1);
  const topListeners = wholeNumber(options.topListeners ?? 10, 'topListeners', 1);
  const sysctlPaths = SYSCTL_FILES.map((f) => `/proc/sys/${f}`).join(' ');
  const awkVars =
    `-v ver=${COLLECTOR_VERSION} -v seq="$1" -v tiers="$2" -v boot="$sl_boot" -v netns="$sl_netns" -v src="$sl_src" ` +
    `-v ntop=${topPeers} -v nlist=${topListeners} -v tcpext="${TCPEXT_COUNTERS.join(' ')}" -v sysctls="$sl_sysctls"`;
  return `# socket-lens collector v${COLLECTOR_VERSION} (read-only)
SL_ONCE=${options.once ? 1 : 0}
SL_TICK=${tick}
SL_TABLE_EVERY=${tableEvery}
SL_SYSCTL_EVERY=${sysctlEvery}
SL_SOURCE=${source}
LC_ALL=C
export LC_ALL
PATH="\${PATH:-/usr/bin:/bin}:/usr/sbin:/sbin"
sl_boot=unknown
[ -r /proc/sys/kernel/random/boot_id ] && read -r sl_boot < /proc/sys/kernel/random/boot_id
sl_netns=$(readlink /proc/self/ns/net 2>/dev/null)
case "$sl_netns" in
  net:\\[*\\]) sl_netns=\${sl_netns#*\\[}; sl_netns=\${sl_netns%\\]} ;;
  *) sl_netns=unknown ;;
esac
case "$sl_netns" in *[!0-9]*|'') sl_netns=unknown ;; esac
sl_ss=0
if [ "$SL_SOURCE" = auto ] && command -v ss >/dev/null 2>&1; then sl_ss=1; fi
sl_ssflags=-tanH
sl_awk='${AWK_PROGRAM}'
sl_sample() {
  sl_sysctls=
  case "$2" in *y*) sl_sysctls='${sysctlPaths}' ;; esac
  sl_src=none
  case "$2" in *t*) if [ "$sl_ss" = 1 ]; then sl_src=ss; else sl_src=proc; fi ;; esac
  if [ "$sl_src" = ss ]; then
    { ss $sl_ssflags 2>/dev/null || echo "SL-SS-FAILED $?"; } | awk ${awkVars} "$sl_awk"
    sl_rc=$?
    if [ "$sl_rc" -eq 11 ] && [ "$sl_ssflags" = -tanH ]; then sl_ssflags=-tan; return 0; fi
    if [ "$sl_rc" -eq 10 ] || [ "$sl_rc" -eq 11 ]; then sl_ss=0; return 0; fi
    return "$sl_rc"
  fi
  awk ${awkVars} "$sl_awk" </dev/null
}
sl_n=0
while :; do
  sl_tiers=k
  if [ "$SL_ONCE" = 1 ] || [ $((sl_n % SL_TABLE_EVERY)) -eq 0 ]; then sl_tiers="\${sl_tiers}t"; fi
  if [ "$SL_ONCE" = 1 ] || [ $((sl_n % SL_SYSCTL_EVERY)) -eq 0 ]; then sl_tiers="\${sl_tiers}y"; fi
  sl_sample "$sl_n" "$sl_tiers" || exit 3
  [ "$SL_ONCE" = 1 ] && exit 0
  sl_n=$((sl_n + 1))
  sleep "$SL_TICK" || exit 4
done
`;
}
