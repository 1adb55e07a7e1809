import type { Finding } from '../finding';
import type { AnalysisOptions } from '../frontEnd';
import { checkUnconsumedBodies } from './jsBodyRule';
import { checkPerRequestClients } from './jsClientRule';
import { JsFile } from './jsFile';
import { checkKeepAlive } from './jsKeepAliveRule';

/** All JS/TS checks over one parsed file, findings in source order. */
export function analyzeJsFile(file: JsFile, options: AnalysisOptions): Finding[] {
  const findings = [...checkPerRequestClients(file), ...checkUnconsumedBodies(file), ...checkKeepAlive(file, options)];
  return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

export function analyzeJs(path: string, text: string, options: AnalysisOptions = {}): Finding[] {
  return analyzeJsFile(new JsFile(path, text), options);
}
