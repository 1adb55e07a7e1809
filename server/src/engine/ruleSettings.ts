import { CONFIDENCES, isSeverity, type Category, type Confidence, type Finding, type Severity } from './finding';
import { RULES } from './rules';
import { SUPPRESSION_RULES } from './suppressionRules';

/** Per-rule override from the `socketLens.rules` setting or socket-lens.json: a severity, or `off`. */
export type RuleSetting = Severity | 'off';
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

export const CATEGORIES: readonly Category[] = ['per-request-client', 'unclosed-body', 'keep-alive', 'other'];

/** Every id a rule setting may name: analysis rules, the suppression checks, and categories. */
export function ruleSettingKeys(): string[] {
  return [...RULES.map((r) => r.id), ...SUPPRESSION_RULES.map((r) => r.id), ...CATEGORIES];
}

export function isRuleSettingKey(key: string): boolean {
  return ruleSettingKeys().includes(key);
}

/** Keeps only well-formed entries of an untrusted settings object. */
export function sanitizeRuleSettings(value: unknown): RuleSettings {
  const out: Record<string, RuleSetting> = {};
  if (value && typeof value === 'object' && !Array.isArray(value)) {
    for (const [rule, setting] of Object.entries(value as Record<string, unknown>)) {
      if (setting === 'off' || isSeverity(setting)) out[rule] = setting;
    }
  }
  return out;
}

/**
 * Turns settings keyed by rule id or category into settings keyed by rule id only. A rule's own entry wins over
 * its category's, whatever the order they were written in.
 */
export function expandRuleSettings(settings: RuleSettings): RuleSettings {
  const out: Record<string, RuleSetting> = {};
  for (const rule of [...RULES, ...SUPPRESSION_RULES]) {
    const setting = settings[rule.id] ?? settings[rule.category];
    if (setting) out[rule.id] = setting;
  }
  for (const [key, setting] of Object.entries(settings)) {
    if (!(key in out) && !(CATEGORIES as readonly string[]).includes(key)) out[key] = setting;
  }
  return out;
}

/** Later layers override earlier ones rule by rule (after expanding categories in each layer). */
export function mergeRuleSettings(...layers: RuleSettings[]): RuleSettings {
  return Object.assign({}, ...layers.map(expandRuleSettings)) as RuleSettings;
}

/** Drops findings of rules turned off and applies severity overrides. Settings are keyed by rule id or category. */
export function applyRuleSettings(findings: readonly Finding[], settings: RuleSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = settings[f.rule] ?? settings[f.category];
    if (setting === 'off') continue;
    out.push(setting && setting !== f.severity ? { ...f, severity: setting } : f);
  }
  return out;
}

export function isConfidence(value: unknown): value is Confidence {
  return typeof value === 'string' && (CONFIDENCES as readonly string[]).includes(value);
}

/** Keeps findings at least as sure as `minimum` (`high` drops the medium-confidence ones). */
export function applyMinConfidence(findings: Finding[], minimum: Confidence | undefined): Finding[] {
  return minimum === 'high' ? findings.filter((f) => f.confidence === 'high') : findings;
}
