import type { Severity } from '../../engine/finding';
import { REPOSITORY_URL, RULES, ruleDocUrl } from '../../engine/rules';
import { FINGERPRINT_KEY } from '../findingFingerprint';
import type { FileFinding } from './reportTypes';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, as GitHub code scanning accepts it. Columns are UTF-16 code units. */
export function sarifReport(findings: readonly FileFinding[], toolVersion: string): string {
  const ruleIndex = new Map<string, number>(RULES.map((r, i) => [r.id, i]));
  return JSON.stringify(
    {
      $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
      version: '2.1.0',
      runs: [
        {
          tool: {
            driver: {
              name: 'Socket Lens',
              informationUri: REPOSITORY_URL,
              version: toolVersion,
              rules: RULES.map((r) => ({
                id: r.id,
                name: r.id,
                shortDescription: { text: r.title },
                fullDescription: { text: r.why },
                help: { text: `${r.fix} ${r.why}`, markdown: r.explanation },
                helpUri: ruleDocUrl(r.id),
                defaultConfiguration: { level: LEVEL[r.defaultSeverity] },
                properties: { category: r.category, tags: [r.category, r.language] },
              })),
            },
          },
          columnKind: 'utf16CodeUnits',
          results: findings.map(({ file, finding: f, fingerprint }) => ({
            ruleId: f.rule,
            ...(ruleIndex.has(f.rule) ? { ruleIndex: ruleIndex.get(f.rule) } : {}),
            level: LEVEL[f.severity],
            message: { text: f.message },
            properties: { confidence: f.confidence, category: f.category },
            partialFingerprints: { [FINGERPRINT_KEY]: fingerprint },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: encodeURI(file), uriBaseId: '%SRCROOT%' },
                  region: { startLine: f.line, startColumn: f.column, endLine: f.endLine, endColumn: f.endColumn },
                },
              },
            ],
          })),
        },
      ],
    },
    null,
    2,
  );
}
