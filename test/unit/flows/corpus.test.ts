/**
 * `npm run flows:corpus`: the manifest rows and totals of a folder of collected flows.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { corpusReport, corpusRows } from '../../../scripts/flows/corpus-cli';

const end = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };

describe('flows:corpus', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'corpus-'));
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  it('gives one row per document with its source, commit, type and result, and totals by rule', () => {
    // Prepare: one valid wrapped whisper, one legacy document, from two repositories
    mkdirSync(join(root, 'acme__flows/contact_flows'), { recursive: true });
    mkdirSync(join(root, 'other__legacy'), { recursive: true });
    const whisper = {
      Version: '2019-10-30',
      StartAction: 'end',
      Actions: [{ ...end, Type: 'EndFlowExecution' }],
    };
    writeFileSync(
      join(root, 'acme__flows/contact_flows/whisper.json'),
      JSON.stringify({ Name: 'w', Type: 'AGENT_WHISPER', Content: JSON.stringify(whisper) }),
    );
    writeFileSync(join(root, 'other__legacy/old.json'), JSON.stringify({ modules: [], version: '1' }));
    writeFileSync(join(root, 'commits.tsv'), 'acme__flows/contact_flows/whisper.json\t0123456789abcdef\n');

    // Act
    const rows = corpusRows(root);
    const report = corpusReport(rows);

    // Assess
    expect(report).toContain(
      '| acme/flows | contact_flows/whisper.json | 0123456 | AGENT_WHISPER | 0 | none |',
    );
    expect(report).toContain('| other/legacy | old.json | - | - | 1 | legacy-format ×1 |');
    expect(report).toContain('2 document(s) from 2 repositories (2 owners): 1 exit 0, 1 exit 1');
    expect(report).toContain('errors by rule: legacy-format ×1');
  });
});
