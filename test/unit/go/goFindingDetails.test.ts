import * as assert from 'node:assert';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';
import { GO_RULES } from '../../../server/src/engine/go/goRuleList';
import { findRule, RULES } from '../../../server/src/engine/rules';
import { listCorpusFiles } from '../../support/fixtureCorpus';

const CORPUS = path.join(__dirname, '..', '..', 'fixtures', 'go');

async function analyze(rel: string, text?: string) {
  const engine = await Engine.create();
  const file = path.join(CORPUS, rel);
  engine.update(file, text ?? fs.readFileSync(file, 'utf8'), 1);
  return engine.analyze(file);
}

describe('Go findings: messages, explanations, suppression', () => {
  it('registers every Go rule with an explanation that says how to silence it', () => {
    for (const rule of GO_RULES) {
      assert.ok(RULES.includes(rule), rule.id);
      assert.match(rule.id, /^go-/);
      assert.ok(rule.explanation.includes(`//socketlens:ignore ${rule.id}`), `${rule.id} explanation lacks the ignore comment`);
    }
  });

  it('messages name what leaks, where, and the action; the arithmetic stays in the explanation', async () => {
    const [perRequest] = await analyze('client/handler-client-transport/main.go');
    assert.strictEqual(perRequest.rule, 'go-per-request-client');
    assert.match(perRequest.message, /^New http\.Client \(own Transport\) for every request .*; create it once and reuse it$/);
    assert.doesNotMatch(perRequest.message, /470/);
    // The prose is the rule's, looked up by id: the finding carries only its own note.
    const prose = findRule(perRequest.rule)!.explanation;
    assert.match(prose, /470 new connections per second/);
    assert.match(prose, /28,232/);
    assert.ok(!('explanation' in perRequest));
    const [body] = await analyze('body/status-check-early-return/fetch.go');
    assert.match(body.message, /^Body of `resp` \(c\.Get\) is not closed when returning on line 17; close it on every path$/);
    assert.match(findRule(body.rule)!.explanation, /TIME_WAIT/);
    assert.ok(body.docUrl.endsWith('/docs/rules/go-unclosed-body.md'));
  });

  it('every message over the Go fixtures is one line of at most 120 characters', async () => {
    const engine = await Engine.create();
    const files = listCorpusFiles(CORPUS, (p) => p.endsWith('.go'));
    for (const f of files) engine.update(f, fs.readFileSync(f, 'utf8'), 1);
    let count = 0;
    for (const f of files) {
      for (const finding of engine.analyze(f)) {
        count++;
        const where = `${path.relative(CORPUS, f)}:${finding.line} ${finding.rule}`;
        assert.ok(finding.message.length <= 120, `${where}: ${finding.message.length} characters: ${finding.message}`);
        assert.doesNotMatch(finding.message, /[\r\n]/, where);
      }
    }
    assert.ok(count >= 40, `only ${count} findings over the fixtures`);
  });

  it('clips names from the code so that a long expression cannot make a message longer than 120 characters', async () => {
    const long = 'theResponseFromTheUpstreamServiceThatWeCalledBecauseTheUserAskedForIt';
    const text = fs.readFileSync(path.join(CORPUS, 'body/status-check-early-return/fetch.go'), 'utf8').replace(/\bresp\b/g, long);
    const [finding] = await analyze('body/status-check-early-return/fetch.go', text);
    assert.strictEqual(finding.rule, 'go-unclosed-body');
    assert.ok(finding.message.length <= 120, finding.message);
    assert.match(finding.message, /…/);
    const fn = 'buildTheClientForTheBackendServiceWithAllTheSettingsTheOperatorConfigured';
    const chain = fs.readFileSync(path.join(CORPUS, 'client/caller-chain/main.go'), 'utf8').replace(/\bfetchStatus\b/g, fn);
    const [perCall] = await analyze('client/caller-chain/main.go', chain);
    assert.strictEqual(perCall?.rule, 'go-per-request-client');
    assert.ok(perCall.message.length <= 120, perCall.message);
    assert.match(perCall.message, /…/);
  });

  it('offers no hoist when the client reads per-request values, and says why on hover', async () => {
    const [finding] = await analyze('client/depends-on-request/main.go');
    assert.strictEqual(finding.rule, 'go-per-request-client');
    assert.deepStrictEqual(finding.fixes, []);
    assert.match(finding.note ?? '', /No quick fix here.*`insecure`/s);
  });

  it('every corpus finding without a quick fix says why on hover', async () => {
    const engine = await Engine.create();
    const files = listCorpusFiles(CORPUS, (p) => p.endsWith('.go'));
    for (const f of files) engine.update(f, fs.readFileSync(f, 'utf8'), 1);
    let withoutFix = 0;
    for (const f of files) {
      for (const finding of engine.analyze(f)) {
        if (finding.fixes.length) continue;
        withoutFix++;
        assert.match(finding.note ?? '', /No quick fix here/, `${path.relative(CORPUS, f)}:${finding.line} ${finding.rule}`);
      }
    }
    assert.ok(withoutFix > 0);
  });

  it('a //socketlens:ignore comment on the line above silences the finding', async () => {
    const rel = 'body/missing-close/fetch.go';
    const text = fs.readFileSync(path.join(CORPUS, rel), 'utf8');
    assert.deepStrictEqual((await analyze(rel, text)).map((f) => f.rule), ['go-unclosed-body']);
    const silenced = text.replace('\tresp, err := http.Get(url)', '\t//socketlens:ignore go-unclosed-body the caller drains it\n\tresp, err := http.Get(url)');
    assert.notStrictEqual(silenced, text);
    assert.deepStrictEqual(await analyze(rel, silenced), []);
  });

  it('finding ranges cover the construct the message talks about', async () => {
    const text = fs.readFileSync(path.join(CORPUS, 'keepalive/req-close-in-handler/main.go'), 'utf8');
    const [finding] = await analyze('keepalive/req-close-in-handler/main.go');
    assert.strictEqual(text.slice(finding.start, finding.end), 'req.Close = true');
    const body = fs.readFileSync(path.join(CORPUS, 'body/client-do-no-close/do.go'), 'utf8');
    const [leak] = await analyze('body/client-do-no-close/do.go');
    assert.strictEqual(body.slice(leak.start, leak.end), 'http.DefaultClient.Do(req)');
  });
});
