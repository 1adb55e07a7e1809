import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv from 'ajv';
import { configSchema } from '../../../server/src/config/configSchema';
import { ConfigFinder } from '../../../server/src/config/findConfigFile';
import { checkProjectConfig, ConfigError, parseProjectConfig } from '../../../server/src/config/projectConfig';
import { ProjectPolicy } from '../../../server/src/config/projectPolicy';
import type { Finding } from '../../../server/src/engine/finding';
import { RULES } from '../../../server/src/engine/rules';
import { applyMinConfidence } from '../../../server/src/engine/ruleSettings';

const SCHEMA_FILE = path.join(__dirname, '..', '..', '..', 'server', 'schemas', 'socket-lens.schema.json');

describe('socket-lens.json', () => {
  it('the shipped schema is the one built from the rule table (regenerate: SOCKET_LENS_WRITE_SCHEMA=1 on this test)', () => {
    const built = `${JSON.stringify(configSchema(), null, 2)}\n`;
    if (process.env.SOCKET_LENS_WRITE_SCHEMA === '1') fs.writeFileSync(SCHEMA_FILE, built);
    assert.strictEqual(fs.readFileSync(SCHEMA_FILE, 'utf8'), built);
    const ruleKeys = Object.keys((configSchema() as { properties: { rules: { properties: object } } }).properties.rules.properties);
    for (const rule of RULES) assert.ok(ruleKeys.includes(rule.id), rule.id);
  });

  it('the schema and the checker agree on good and bad files', () => {
    const validate = new Ajv({ strict: false }).compile(JSON.parse(fs.readFileSync(SCHEMA_FILE, 'utf8')));
    const good = [
      {},
      { rules: { 'go-unclosed-body': 'error', 'keep-alive': 'off', 'unused-suppression': 'info' }, exclude: ['gen/**'], tests: true },
      { loadBalancerIdleTimeout: 60, handled: ['drain', 'api.Fetch'], minConfidence: 'high', $schema: './x.json' },
    ];
    const bad = [
      { rules: { 'go-unclosed-bodies': 'off' } },
      { rules: { 'go-unclosed-body': 'loud' } },
      { exclude: 'gen' },
      { tests: 1 },
      { loadBalancerIdleTimeout: 0 },
      { handled: ['not a name'] },
      { minConfidence: 'low' },
      { excludes: [] },
      [],
    ];
    for (const value of good) {
      assert.ok(validate(value), JSON.stringify(value));
      assert.doesNotThrow(() => checkProjectConfig(value, 'x.json'));
    }
    for (const value of bad) {
      assert.ok(!validate(value), `schema accepts ${JSON.stringify(value)}`);
      assert.throws(() => checkProjectConfig(value, 'x.json'), ConfigError, JSON.stringify(value));
    }
  });

  it('refuses configs big enough to exhaust the machine', () => {
    assert.throws(() => parseProjectConfig(' '.repeat(1_000_001), 'x.json'), /larger than 1000000 bytes/);
    assert.throws(() => checkProjectConfig({ exclude: Array.from({ length: 1001 }, (_, i) => `g${i}`) }, 'x'), /more than 1000 entries/);
    assert.throws(() => checkProjectConfig({ handled: ['a'.repeat(1001)] }, 'x'), /longer than 1000 characters/);
  });

  it('is found walking up from a file, the nearest one wins, and the walk stops at a workspace folder', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-find-'));
    try {
      fs.mkdirSync(path.join(dir, 'a', 'b', 'c'), { recursive: true });
      fs.writeFileSync(path.join(dir, 'socket-lens.json'), '{"tests": true}');
      fs.writeFileSync(path.join(dir, 'a', 'b', 'socket-lens.json'), '{"tests": false}');
      const finder = new ConfigFinder();
      assert.strictEqual(finder.configFor(path.join(dir, 'a', 'b', 'c', 'x.go'))?.file, path.join(dir, 'a', 'b', 'socket-lens.json'));
      assert.strictEqual(finder.configFor(path.join(dir, 'a', 'x.go'))?.config.tests, true);
      assert.strictEqual(new ConfigFinder(path.join(dir, 'a')).configFor(path.join(dir, 'a', 'x.go')), undefined);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('a policy merges config and overrides rule by rule; a rule entry beats its category', () => {
    const loaded = { file: '/p/socket-lens.json', root: '/p', config: checkProjectConfig({ rules: { 'unclosed-body': 'error', 'go-unclosed-body': 'info' }, exclude: ['gen'] }, 'x') };
    const policy = new ProjectPolicy(loaded, '/elsewhere', { rules: { 'js-unconsumed-body': 'off' }, loadBalancerIdleTimeoutSeconds: 30 });
    assert.strictEqual(policy.filePolicy.settings['go-unclosed-body'], 'info');
    assert.strictEqual(policy.filePolicy.settings['go-defer-close-before-check'], 'error');
    assert.strictEqual(policy.filePolicy.settings['js-unconsumed-body'], 'off');
    assert.strictEqual(policy.filePolicy.options.loadBalancerIdleTimeoutSeconds, 30);
    assert.ok(policy.isExcluded('/p/sub/gen/x.go'));
    assert.ok(!policy.isExcluded('/p/sub/x.go'));
    assert.ok(policy.isSkippedTest('/p/test/x.js'));
    assert.ok(!new ProjectPolicy(loaded, '/p', { tests: true }).isSkippedTest('/p/test/x.js'));
    // No config: test files are relative to the fallback root, so a project inside a folder named "test" is not all tests.
    assert.ok(!new ProjectPolicy(undefined, '/home/u/test/proj').isSkippedTest('/home/u/test/proj/src/a.js'));
  });
});

describe('minConfidence', () => {
  it('`high` keeps only proven findings; the policy passes it to the engine', () => {
    const f = (confidence: 'high' | 'medium') => ({ confidence }) as Finding;
    assert.deepStrictEqual(applyMinConfidence([f('high'), f('medium')], 'high').map((x) => x.confidence), ['high']);
    assert.deepStrictEqual(applyMinConfidence([f('high'), f('medium')], 'medium').length, 2);
    const loaded = { file: '/p/socket-lens.json', root: '/p', config: checkProjectConfig({ minConfidence: 'high' }, 'x') };
    assert.strictEqual(new ProjectPolicy(loaded, '/p').filePolicy.reporting.minConfidence, 'high');
    assert.strictEqual(new ProjectPolicy(loaded, '/p', { minConfidence: 'medium' }).filePolicy.reporting.minConfidence, 'medium');
  });
});
