import { editsAreDisjoint } from '../applyEdits';
import type { Finding } from '../finding';
import type { AnalysisOptions } from '../frontEnd';
import { runRules } from '../runRules';
import { JsFile } from './jsFile';
import { JS_RULE_LIST } from './jsRuleList';

/** All JS/TS rules over one parsed file, findings in source order. */
export function analyzeJsFile(file: JsFile, options: AnalysisOptions): Finding[] {
  file.reservedNames.clear();
  const findings = runRules(JS_RULE_LIST, { file, options }, file.lines, file.path);
  // On broken code a fix could compute an odd range: never hand out edits that cannot be applied.
  const length = file.text.length;
  for (const f of findings) f.fixes = f.fixes.filter((fix) => fix.edits.every((e) => e.start >= 0 && e.start <= e.end && e.end <= length) && editsAreDisjoint(fix.edits));
  return findings.sort((a, b) => a.start - b.start || a.rule.localeCompare(b.rule));
}

export function analyzeJs(path: string, text: string, options: AnalysisOptions = {}): Finding[] {
  return analyzeJsFile(new JsFile(path, text), options);
}
