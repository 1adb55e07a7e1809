export const USAGE = `socket-lens — find socket leaks in Go and Node.js code; inspect a host's TCP state

Usage:
  socket-lens scan [PATH...] [options]     analyse files and folders (default: .)
      --format text|json|sarif             report format (default: text)
      --fix                                apply the preferred fixes in place, then report what is left
      --rule RULE[,RULE...]                only these rules (repeatable)
      --fail-on error|warning|info|hint    exit 1 when a finding is at least this severe (default: warning)
  socket-lens inspect [HOST] [options]     TCP state of HOST over ssh, or of this machine
      --json                               one snapshot as JSON
      --watch SECONDS                      refresh a live table every SECONDS
      --ssh PATH, --ssh-config FILE, --ssh-arg ARG, --proc   see 'socket-lens inspect --help'
  socket-lens fleet --prometheus URL       every node_exporter host in Prometheus, ranked by risk
      --match SELECTOR, --json             see 'socket-lens fleet --help'
  socket-lens --help | --version

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 usage error, or a file that could not be read or whose analysis failed.
`;
