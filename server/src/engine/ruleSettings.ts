import { isSeverity, type Finding, type Severity } from './finding';

/** Per-rule override from the `socketLens.rules` setting: a severity, or `off`. */
export type RuleSetting = Severity | 'off';
export type RuleSettings = Readonly<Record<string, RuleSetting>>;

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

/** Drops findings of rules turned off and applies severity overrides. */
export function applyRuleSettings(findings: readonly Finding[], settings: RuleSettings): Finding[] {
  const out: Finding[] = [];
  for (const f of findings) {
    const setting = settings[f.rule];
    if (setting === 'off') continue;
    out.push(setting && setting !== f.severity ? { ...f, severity: setting } : f);
  }
  return out;
}
