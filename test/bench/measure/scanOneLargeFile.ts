/**
 * Scans one file with the engine, its size limit raised to the file's size: what the bench profiles for the large
 * TS rows (the CLI refuses files over MAX_ANALYSED_CHARS, so `socket-lens scan` of them would profile nothing).
 * Usage: node --cpu-prof --import tsx test/bench/measure/scanOneLargeFile.ts FILE
 */
import * as fs from 'node:fs';
import { createEngine, timeEngineScan } from './engineScan';

async function main(file: string): Promise<void> {
  const text = fs.readFileSync(file, 'utf8');
  const { engine } = await createEngine({ maxAnalysedChars: text.length });
  const result = timeEngineScan(engine, [{ path: file, text }]);
  if (result.findings === 0) throw new Error(`no findings in ${file}: the profile would not show the analysis`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(2);
});
