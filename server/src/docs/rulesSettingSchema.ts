import { RULES, ruleDocUrl, type RuleInfo } from '../engine/rules';
import { CATEGORIES } from '../engine/ruleSettings';
import { SUPPRESSION_RULES } from '../engine/suppressionRules';

/** The values `socketLens.rules` accepts for a rule. */
const RULE_SETTING_VALUES = ['off', 'error', 'warning', 'info', 'hint'];

/**
 * The `properties` of the `socketLens.rules` setting in package.json: one entry per rule id, so settings.json
 * completes the ids and flags a misspelt one. Generated from the rule metadata by `npm run docs:rules`.
 */
export function rulesSettingProperties(rules: readonly RuleInfo[] = RULES): Record<string, unknown> {
  const setting = (markdownDescription: string) => ({ type: 'string', enum: RULE_SETTING_VALUES, markdownDescription });
  return Object.fromEntries([
    ...rules.map((r) => [r.id, setting(`${r.title} (default: \`${r.defaultSeverity}\`). [Rule page](${ruleDocUrl(r.id)})`)]),
    // Also keyed by category (a rule's own entry wins), and the checks of suppression comments: as in socket-lens.json.
    ...CATEGORIES.map((c) => [c, setting(`Every rule of the \`${c}\` category (a rule's own entry wins).`)]),
    ...SUPPRESSION_RULES.map((r) => [r.id, setting(`${r.title} (default: \`${r.defaultSeverity}\`).`)]),
  ]);
}

/** package.json's text with the `socketLens.rules` schema listing every rule id. */
export function withRulesSettingSchema(packageJson: string, rules: readonly RuleInfo[] = RULES): string {
  const manifest = JSON.parse(packageJson) as {
    contributes: { configuration: { properties: Record<string, Record<string, unknown>> } };
  };
  const setting = manifest.contributes.configuration.properties['socketLens.rules'];
  if (!setting) throw new Error('package.json contributes no socketLens.rules setting');
  setting.properties = rulesSettingProperties(rules);
  // Only rule ids mean something here: settings.json underlines any other key (a misspelt id would do nothing).
  setting.additionalProperties = false;
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
