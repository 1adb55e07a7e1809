// Run as a separate Node process by the tests: starts one inspector session over ssh, reports
// "started <pid>" once its collector runs and "live" on the first frame, then waits to be killed
// (standing in for an editor or CLI that dies abruptly).
import { validateHost } from '$shared/inspector/hostValidation';
import { InspectorSession } from '$shared/inspector/inspectorSession';

const [alias, config] = process.argv.slice(2) as [string, string];
const check = validateHost(alias);
if (!check.ok) throw new Error(check.reason);
const session = new InspectorSession({
  hostLabel: alias,
  transport: { kind: 'ssh', target: check.target, sshPath: 'ssh', extraArgs: ['-F', config] },
  intervals: { counterIntervalSeconds: 1, socketTableIntervalSeconds: 5, sysctlIntervalSeconds: 60 },
  firstFrameTimeoutMs: 600000,
  onStatus: (s) => {
    if (s.state === 'live') process.stdout.write('live\n');
  },
});
session.start();
process.stdout.write(`started ${session.collectorPid}\n`);
setInterval(() => undefined, 1000);
