export const USAGE = `socket-lens — find socket leaks in Go and Node.js code; inspect a host's TCP state

Usage:
  socket-lens scan [PATH...] [options]     analyse files and folders (default: .); see 'socket-lens scan --help'
  socket-lens inspect [HOST] [options]     TCP state of HOST over ssh, or of this machine; see 'socket-lens inspect --help'
  socket-lens fleet --prometheus URL       every node_exporter host in Prometheus, ranked by risk; see 'socket-lens fleet --help'
  socket-lens --help | --version

Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 a usage or config error, or a file that could not be read
or whose analysis failed.
`;

export const SCAN_USAGE = `Usage: socket-lens scan [PATH...] [options]

Analyses Go and JavaScript/TypeScript files and folders (default: .) for socket leaks. Settings come from the
nearest socket-lens.json above each file (see docs/configuration.md); the options below override it.

Selecting:
      --config FILE                 use this socket-lens.json instead of looking for one
      --exclude GLOB                do not scan files or folders matching GLOB, relative to the current folder (repeatable)
      --tests                       scan test files too (_test.go, *.test.*, *.spec.*, __tests__/, test/, tests/)
      --rule RULE[,RULE...]         only these rules; a RULE may be a rule id or a category (repeatable)
Reporting:
      --format text|json|sarif      report format (default: text)
  -o, --output FILE                 write the report to FILE instead of standard output
      --quiet                       report only errors and warnings (nothing at or below info)
      --verbose                     text format: confidence, fixes and documentation link under each finding
      --report-unused-suppressions  report socketlens:ignore comments that silence nothing
Failing:
      --fail-on error|warning|info|hint   exit 1 when a finding is at least this severe (default: warning)
      --max-warnings N              tolerate up to N warnings before exiting 1
Legacy code:
      --write-baseline FILE         record today's findings in FILE, report nothing, exit 0
      --baseline FILE               report (and count in the exit status) only findings not in FILE
Fixing:
      --fix                         apply the preferred fixes in place (written atomically), then report what is left
Speed:
  -j, --jobs N                      analyse on N worker threads; 1 runs in-process. Default: one per idle core (at
                                    most 8) when 512 KB or more lie outside the largest package, else in-process.
                                    --fix runs in-process. The report is the same whatever N
  -h, --help                        this text

Colour: on when standard output is a terminal; NO_COLOR turns it off, FORCE_COLOR on.
Exit codes: 0 nothing at or above --fail-on, 1 findings, 2 a usage or config error, or a file that could not be read
or whose analysis failed.
`;
