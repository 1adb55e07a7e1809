import { RULES } from '../engine/rules';
import { CATEGORIES } from '../engine/ruleSettings';
import { SUPPRESSION_RULES } from '../engine/suppressionRules';

const SETTING = { type: 'string', enum: ['off', 'error', 'warning', 'info', 'hint'] };

/**
 * The JSON Schema (draft-07) of socket-lens.json, built from the rule table so it always names every rule.
 * Shipped as server/schemas/socket-lens.schema.json and contributed through `jsonValidation`; a unit test keeps
 * the file equal to this.
 */
export function configSchema(): object {
  const ruleProperties: Record<string, object> = {};
  for (const rule of RULES) {
    ruleProperties[rule.id] = { ...SETTING, description: `${rule.title} (${rule.language}, ${rule.category}; default ${rule.defaultSeverity}).` };
  }
  for (const rule of SUPPRESSION_RULES) ruleProperties[rule.id] = { ...SETTING, description: `${rule.title} (default ${rule.defaultSeverity}).` };
  for (const category of CATEGORIES) {
    ruleProperties[category] = { ...SETTING, description: `Every rule of the ${category} category (a rule's own entry wins).` };
  }
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://github.com/socket-lens/socket-lens/blob/main/server/schemas/socket-lens.schema.json',
    title: 'Socket Lens project configuration (socket-lens.json)',
    description: 'Shared by the socket-lens CLI and the VS Code extension. See docs/configuration.md.',
    type: 'object',
    additionalProperties: false,
    properties: {
      $schema: { type: 'string' },
      rules: {
        type: 'object',
        description: 'Turn rules off or change their severity, by rule id or category.',
        additionalProperties: false,
        properties: ruleProperties,
      },
      exclude: {
        type: 'array',
        description:
          'Globs of files and folders not to scan, relative to this file (`**`, `*`, `?`, `{a,b}`; a name without `/` matches at any depth).',
        items: { type: 'string', minLength: 1 },
      },
      tests: {
        type: 'boolean',
        default: false,
        description: 'Scan test files too (Go `_test.go`; JS/TS `*.test.*`, `*.spec.*`, and files under `__tests__/`, `test/`, `tests/`).',
      },
      loadBalancerIdleTimeout: {
        type: 'number',
        exclusiveMinimum: 0,
        description:
          'Idle timeout of the load balancer in front of your Node.js servers, in seconds (AWS ALB: 60). Enables js-lb-keepalive-timeout.',
      },
      handled: {
        type: 'array',
        description: 'Functions that take responsibility for a response or its body: calls to them are not reported as unclosed bodies.',
        items: { type: 'string', pattern: '^[A-Za-z_$][\\w$]*(\\.[A-Za-z_$][\\w$]*)*$' },
      },
      minConfidence: {
        type: 'string',
        enum: ['high', 'medium'],
        default: 'medium',
        description: '`high` reports only the leaks proven from the code in view.',
      },
    },
  };
}
