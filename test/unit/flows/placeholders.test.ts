import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  fillPlaceholders,
  fillPlaceholdersInJson,
  listPlaceholders,
  malformedPlaceholders,
  templateExpressions,
  MissingPlaceholderError,
  PLACEHOLDERS,
} from '../../../scripts/flows/placeholders';

const ROOT = join(__dirname, '../../..');
const flowFiles = readdirSync(join(ROOT, 'flows')).filter((f) => f.endsWith('.json'));
const allUsed = () =>
  [
    ...new Set(
      flowFiles.flatMap((f) => listPlaceholders(JSON.parse(readFileSync(join(ROOT, 'flows', f), 'utf8')))),
    ),
  ].sort();

describe('placeholders', () => {
  it('lists the placeholders of a value, sorted and unique', () => {
    // Prepare
    const value = { a: '${B_ARN}', b: ['x ${A_ARN} y ${B_ARN}'], c: 3 };

    // Act
    const names = listPlaceholders(value);

    // Assess
    expect(names).toEqual(['A_ARN', 'B_ARN']);
  });

  it('fills every string in a JSON value and leaves the input untouched', () => {
    // Prepare
    const value = { QueueId: '${DEFAULT_QUEUE_ARN}', n: 8, list: ['${DEFAULT_QUEUE_ARN}'] };

    // Act
    const filled = fillPlaceholders(value, { DEFAULT_QUEUE_ARN: 'arn:q' });

    // Assess
    expect(filled).toEqual({ QueueId: 'arn:q', n: 8, list: ['arn:q'] });
    expect(value.QueueId).toBe('${DEFAULT_QUEUE_ARN}');
  });

  it('refuses to fill partly, naming every missing value', () => {
    // Prepare
    const value = ['${A}', '${B}', '${C}'];

    // Act
    const fill = () => fillPlaceholders(value, { B: 'b' });

    // Assess
    expect(fill).toThrow(MissingPlaceholderError);
    expect(fill).toThrow('no value for placeholder(s): A, C');
  });

  it('fills flow file text and keeps it valid JSON whatever the value holds', () => {
    // Prepare
    const text = '{"Text": "${GREETING}"}';

    // Act
    const filled = fillPlaceholdersInJson(text, { GREETING: 'say "hi"\\now' });

    // Assess
    expect(JSON.parse(filled)).toEqual({ Text: 'say "hi"\\now' });
  });

  it('finds text that looks like a placeholder of ours but is not one', () => {
    // Prepare / Act
    const bad = malformedPlaceholders('${default_queue_arn} ${FINE} ${} ${UNCLOSED');

    // Assess
    expect(bad).toEqual(['${default_queue_arn}', '${}', '${UNCLOSED']);
  });

  it("tells other tools' template expressions from ours", () => {
    // Prepare / Act
    const kinds = templateExpressions('${var.queues["basic"]} ${AWS::Region} ${lambda_arn} ${FINE} ${a{b}c}');

    // Assess
    expect(kinds).toEqual([
      { text: '${var.queues["basic"]}', kind: 'foreign' },
      { text: '${AWS::Region}', kind: 'foreign' },
      { text: '${lambda_arn}', kind: 'foreign' },
      { text: '${FINE}', kind: 'ours' },
      { text: '${a{b}c}', kind: 'foreign' },
    ]);
  });

  it('is not confused by flow-language JSONPath', () => {
    // Prepare / Act / Assess
    expect(listPlaceholders('$.External.lastAgentArn')).toEqual([]);
    expect(malformedPlaceholders('Hi $.External.lastAgentFirstName')).toEqual([]);
  });

  it('the flows use exactly the documented placeholders', () => {
    // Prepare / Act
    const used = allUsed();

    // Assess
    expect(used).toEqual(Object.keys(PLACEHOLDERS).sort());
  });

  it('flows/README.md lists every placeholder', () => {
    // Prepare
    const readme = readFileSync(join(ROOT, 'flows/README.md'), 'utf8');

    // Act
    const missing = Object.keys(PLACEHOLDERS).filter((name) => !readme.includes(`\${${name}}`));

    // Assess
    expect(missing).toEqual([]);
  });
});
