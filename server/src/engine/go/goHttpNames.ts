import type { GoFileFacts } from './goFileFacts';

/**
 * The names one file declares that the package summary treats as response or client sources: functions and
 * methods returning `*http.Response` or `*http.Client` (GoPackageSummary's responseFunctions, responseMethods,
 * clientFunctions, here without their finer conditions), package variables holding a client (clientVars) and
 * struct fields typed as one (clientFields). A file of the package that spells none of them cannot meet them
 * (anchor 5 of goLexicalTriggers.ts).
 */
export function responseAndClientNames(facts: GoFileFacts): string[] {
  const names = facts.functions.filter((f) => f.returnsResponse || f.returnsClient).map((f) => f.name);
  return [...names, ...facts.clientVars, ...facts.clientFields];
}
