import * as assert from 'node:assert';
import * as path from 'node:path';
import { Engine } from '../../../server/src/engine/engine';

async function analyze(text: string) {
  const engine = await Engine.create({ fileSystem: { readFile: () => undefined, listDirectory: () => [] } });
  const file = path.join('/virtual', 'conf', 'main.go');
  engine.update(file, text, 1);
  return engine.analyze(file);
}

const header = 'package conf\n\nimport (\n\t"errors"\n\t"io"\n\t"net/http"\n\t"sync"\n)\n\nvar _ = sync.Mutex{}\n\n';

describe('Go finding confidence', () => {
  it('a body left open only after it was read to the end is medium (info); one never read is high (warning)', async () => {
    const drained = await analyze(header + [
      'func get(url string) ([]byte, error) {',
      '\tresp, err := http.Get(url)',
      '\tif err != nil {',
      '\t\treturn nil, err',
      '\t}',
      '\treturn io.ReadAll(resp.Body)',
      '}',
      '',
      'func status(url string) error {',
      '\tresp, err := http.Get(url)',
      '\tif err != nil {',
      '\t\treturn err',
      '\t}',
      '\tif resp.StatusCode != 200 {',
      '\t\treturn errors.New(resp.Status)',
      '\t}',
      '\treturn nil',
      '}',
      '',
    ].join('\n'));
    assert.deepStrictEqual(drained.map((f) => [f.rule, f.line, f.confidence, f.severity]), [
      ['go-unclosed-body', 13, 'medium', 'info'],
      ['go-unclosed-body', 21, 'high', 'warning'],
    ]);
    assert.match(drained[0].note ?? '', /^\*\*Medium confidence:\*\* the body is read to the end/);
    // Read to the end on the success path only: the bad-status exit still pins the connection.
    const otherPath = await analyze(header + [
      'func version(url string) ([]byte, error) {',
      '\tresp, err := http.Get(url)',
      '\tif err == nil && resp.StatusCode == 200 {',
      '\t\treturn io.ReadAll(resp.Body)',
      '\t}',
      '\treturn nil, errors.New("unavailable")',
      '}',
      '',
    ].join('\n'));
    assert.deepStrictEqual(otherPath.map((f) => [f.rule, f.confidence]), [['go-unclosed-body', 'high']]);
  });

  it('MaxIdleConnsPerHost left at 2 is high only with evidence of concurrent requests in the file', async () => {
    const transport = 'var shared = &http.Transport{MaxIdleConns: 50}\n\n';
    const alone = await analyze(`${header + transport}func use() *http.Transport { return shared }\n`);
    assert.deepStrictEqual(alone.map((f) => [f.rule, f.confidence, f.severity]), [['go-max-idle-conns-per-host', 'medium', 'info']]);
    const fanOut = await analyze(header + transport + [
      'func fetchAll(urls []string) {',
      '\tc := &http.Client{Transport: shared}',
      '\tvar wg sync.WaitGroup',
      '\tfor _, u := range urls {',
      '\t\twg.Add(1)',
      '\t\tgo func(u string) {',
      '\t\t\tdefer wg.Done()',
      '\t\t\tif resp, err := c.Get(u); err == nil {',
      '\t\t\t\tresp.Body.Close()',
      '\t\t\t}',
      '\t\t}(u)',
      '\t}',
      '\twg.Wait()',
      '}',
      '',
    ].join('\n'));
    assert.deepStrictEqual(fanOut.map((f) => [f.rule, f.confidence]), [['go-max-idle-conns-per-host', 'high']]);
  });
});
