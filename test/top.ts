import * as fs from 'node:fs';
const { topSelfTime } = require('/work/wt-goperf/test/bench/measure/cpuProfileSummary');
const p = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const r = topSelfTime(p, 25);
console.log(r.totalMs);
for (const t of r.top) console.log((t.share * 100).toFixed(1), t.selfMs.toFixed(0), t.function);
