/**
 * Pure parts of the flows step and the CLI: dependency order, content comparison, flow typing
 * from `Metadata.type`, and argument parsing.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { parseArgs } from '../../../scripts/deploy/aws-cli';
import {
  canonicalJson,
  deployOrder,
  FlowDeployError,
  loadFlowFiles,
  type FlowFile,
} from '../../../scripts/deploy/flows';

const flow = (key: string, placeholders: string[] = []): FlowFile => ({
  key,
  file: `flows/${key}.json`,
  text: '{}',
  defaultName: key,
  type: 'CONTACT_FLOW',
  placeholders,
});

describe('deployOrder', () => {
  it('puts a flow whose ARN fills another flow’s placeholder first', () => {
    // Prepare
    const inbound = flow('chat-inbound', ['CHAT_DISCONNECT_FLOW_ARN', 'DEFAULT_QUEUE_ARN']);
    const disconnect = flow('chat-disconnect');

    // Act
    const order = deployOrder([inbound, disconnect], { CHAT_DISCONNECT_FLOW_ARN: 'chat-disconnect' });

    // Assess
    expect(order.map((f) => f.key)).toEqual(['chat-disconnect', 'chat-inbound']);
  });

  it('keeps file order when no flow references another', () => {
    // Prepare
    const flows = [flow('a', ['DEFAULT_QUEUE_ARN']), flow('b'), flow('c')];

    // Act
    const order = deployOrder(flows, {});

    // Assess
    expect(order.map((f) => f.key)).toEqual(['a', 'b', 'c']);
  });

  it('refuses a cycle and a reference to a flow not being deployed', () => {
    // Prepare
    const a = flow('a', ['B_ARN']);
    const b = flow('b', ['A_ARN']);

    // Act
    const cycle = (): FlowFile[] => deployOrder([a, b], { A_ARN: 'a', B_ARN: 'b' });
    const missing = (): FlowFile[] => deployOrder([a], { B_ARN: 'b' });

    // Assess
    expect(cycle).toThrow(/cycle: a → b → a/);
    expect(missing).toThrow(/filled by flows\/b\.json, which is not being deployed/);
  });
});

describe('canonicalJson', () => {
  it('ignores key order and whitespace but not values', () => {
    // Prepare
    const a = '{"b": 1, "a": {"y": [1, 2], "x": "s"}}';
    const b = '{"a":{"x":"s","y":[1,2]},"b":1}';

    // Act
    const same = canonicalJson(a) === canonicalJson(b);
    const different = canonicalJson(a) === canonicalJson('{"a":{"x":"s","y":[2,1]},"b":1}');

    // Assess
    expect(same).toBe(true);
    expect(different).toBe(false);
  });
});

describe('loadFlowFiles', () => {
  it('types the project’s flows from Metadata.type and lists their placeholders', () => {
    // Prepare
    const dir = path.resolve(__dirname, '../../../flows');

    // Act
    const flows = loadFlowFiles(dir);

    // Assess
    expect(flows.map((f) => [f.key, f.type, f.placeholders])).toEqual([
      ['agent-transfer', 'AGENT_TRANSFER', ['TELEPHONY_INTEGRATION_LAMBDA_ARN']],
      ['chat-agent-offline-disconnect', 'CONTACT_FLOW', ['DEFAULT_QUEUE_ARN']],
      [
        'inbound-last-agent-routing',
        'CONTACT_FLOW',
        [
          'DEFAULT_QUEUE_ARN',
          'FIND_LAST_AGENT_LAMBDA_ARN',
          'SPEAK_LAST_CALL_REASON',
          'TELEPHONY_INTEGRATION_LAMBDA_ARN',
        ],
      ],
      [
        'inbound-preferred-agent',
        'CONTACT_FLOW',
        [
          'DEFAULT_QUEUE_ARN',
          'FIND_LAST_AGENT_LAMBDA_ARN',
          'PREFERRED_AGENT_SECONDS',
          'SPEAK_LAST_CALL_REASON',
          'TELEPHONY_INTEGRATION_LAMBDA_ARN',
        ],
      ],
    ]);
  });

  it('refuses a file without a known Metadata.type', () => {
    // Prepare
    const dir = mkdtempSync(path.join(tmpdir(), 'flows-'));
    writeFileSync(
      path.join(dir, 'x.json'),
      JSON.stringify({ Version: '2019-10-30', Metadata: { type: 'inbound' } }),
    );

    try {
      // Act
      const load = (): FlowFile[] => loadFlowFiles(dir);

      // Assess
      expect(load).toThrow(FlowDeployError);
      expect(load).toThrow(
        /Metadata\.type "inbound" is not a flow type; use one of contactFlow, agentTransfer/,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('parseArgs', () => {
  it('reads every option, in both --flag value and --flag=value forms', () => {
    // Prepare
    const argv = ['--config=deploy.json', '--dry-run', '--only', 'flows', '--no-build'];

    // Act
    const parsed = parseArgs(argv);

    // Assess
    expect(parsed).toEqual({ args: { config: 'deploy.json', dryRun: true, only: 'flows', build: false } });
  });

  it('reports a missing --config and unknown arguments with the usage line', () => {
    // Prepare
    const argv = ['--dryrun'];

    // Act
    const parsed = parseArgs(argv);

    // Assess
    expect(parsed).toEqual({
      problems: [
        'unknown argument --dryrun',
        '--config <file.json> is required',
        expect.stringMatching(/^usage: npm run deploy:aws -- --config <file\.json>/),
      ],
    });
  });
});
