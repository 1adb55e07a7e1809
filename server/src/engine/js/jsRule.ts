import type { AnalysisOptions } from '../frontEnd';
import type { Rule } from '../rule';
import type { JsRuleId } from '../ruleIds';
import type { JsFile } from './jsFile';

/** What a JS/TS rule's check is given: the parsed file (scopes, entities, contexts) and the analysis options. */
export interface JsRuleContext {
  file: JsFile;
  options: AnalysisOptions;
}

/** A JS/TS rule: the shared contract (`engine/rule.ts`) over a parsed file. */
export type JsRule<Id extends JsRuleId = JsRuleId> = Rule<JsRuleContext, Id>;
