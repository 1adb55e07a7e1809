/** Issue 9: a rule id is a typed constant. The metadata and the id lists agree, and a misspelt id does not compile. */
import * as assert from 'node:assert';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { GO_RULES } from '../../server/src/engine/go/goRuleList';
import { JS_RULE_LIST } from '../../server/src/engine/js/jsRuleList';
import { JS_RULES } from '../../server/src/engine/js/jsRuleMetadata';
import { GO_RULE_IDS, JS_RULE_IDS } from '../../server/src/engine/ruleIds';

const REPO_ROOT = path.resolve(__dirname, '..', '..');

/** Type-checks one snippet against the engine's sources with the project's compiler options; returns tsc's output. */
function typeCheck(source: string): { status: number | null; output: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'socket-lens-ids-'));
  try {
    const file = path.join(dir, 'probe.ts');
    fs.writeFileSync(file, source.replaceAll('@engine', path.join(REPO_ROOT, 'server', 'src', 'engine')));
    fs.writeFileSync(
      path.join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: { target: 'ES2022', module: 'commonjs', strict: true, noEmit: true, skipLibCheck: true, types: ['node'], typeRoots: [path.join(REPO_ROOT, 'node_modules', '@types')] },
        files: [file],
      }),
    );
    const tsc = path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const result = spawnSync(process.execPath, [tsc, '-p', dir], { encoding: 'utf8' });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('rule ids are typed constants', () => {
  it('each language list of ids is exactly the ids its rule metadata defines, in order', () => {
    assert.deepStrictEqual(GO_RULES.map((r) => r.id), [...GO_RULE_IDS]);
    assert.deepStrictEqual(JS_RULES.map((r) => r.id), [...JS_RULE_IDS]);
  });

  it('the JS/TS metadata list (read without TypeScript) holds exactly the metadata of the JS/TS rule list, in order', () => {
    assert.deepStrictEqual(JS_RULE_LIST.map((r) => r.info), [...JS_RULES]);
    for (const [i, rule] of JS_RULE_LIST.entries()) assert.strictEqual(rule.info, JS_RULES[i], rule.info.id);
  });

  it('a check that reports a misspelt id does not compile; the right id does', function () {
    this.timeout(120000);
    const probe = (goId: string, jsId: string) => `
import type { GoRule } from '@engine/go/goRule';
import type { JsRule } from '@engine/js/jsRule';
import { defineRule, type RuleSpec } from '@engine/ruleInfo';
declare const spec: RuleSpec;
export const rule: GoRule = { info: defineRule({ ...spec, id: '${goId}' }), check: () => undefined };
export const jsRule: JsRule = { info: defineRule({ ...spec, id: '${jsId}' }), check: () => undefined };
`;
    const good = typeCheck(probe('go-unclosed-body', 'js-unconsumed-body'));
    assert.strictEqual(good.status, 0, good.output);
    const bad = typeCheck(probe('go-unclosed-bdy', 'js-unconsumed-bdy'));
    assert.notStrictEqual(bad.status, 0);
    assert.match(bad.output, /probe\.ts\(6,\d+\): error TS2\d+: Type '"go-unclosed-bdy"' is not assignable/);
    assert.match(bad.output, /probe\.ts\(7,\d+\): error TS2\d+: Type '"js-unconsumed-bdy"' is not assignable/);
    // A rule of the other language does not fit a language's list either.
    const crossed = typeCheck(probe('js-unconsumed-body', 'go-unclosed-body'));
    assert.match(crossed.output, /probe\.ts\(6,\d+\): error TS2322:[\s\S]*Type '"js-unconsumed-body"' is not assignable to type '"go-per-request-client" |/);
    assert.match(crossed.output, /probe\.ts\(7,\d+\): error TS2322:[\s\S]*Type '"go-unclosed-body"' is not assignable to type '"js-per-request-client" |/);
  });
});
