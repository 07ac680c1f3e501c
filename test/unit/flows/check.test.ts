import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  checkFlowDocument,
  checkFlowText,
  exitCodeFor,
  formatProblem,
  type FlowProblem,
} from '../../../scripts/flows/check';
import { runCheck } from '../../../scripts/flows/check-cli';

const ROOT = join(__dirname, '../../..');
const FIXTURES = join(ROOT, 'test/fixtures/flows');
const read = (path: string) => readFileSync(path, 'utf8');
const errors = (problems: FlowProblem[]) => problems.filter((p) => p.severity === 'error');
const warnings = (problems: FlowProblem[]) => problems.filter((p) => p.severity === 'warning');

describe('the flows in flows/', () => {
  const files = readdirSync(join(ROOT, 'flows')).filter((f) => f.endsWith('.json'));

  it('are the flows the mission needs (two inbound modes, transfer, chat disconnect)', () => {
    // Prepare / Act / Assess
    expect(files.sort()).toEqual([
      'agent-transfer.json',
      'chat-agent-offline-disconnect.json',
      'inbound-last-agent-routing.json',
      'inbound-preferred-agent.json',
    ]);
  });

  it.each(files)('%s passes with no problem at all', (file) => {
    // Prepare
    const text = read(join(ROOT, 'flows', file));

    // Act
    const problems = checkFlowText(`flows/${file}`, text);

    // Assess
    expect(problems).toEqual([]);
  });

  it.each(files)('%s carries editor Metadata for every action', (file) => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows', file)));

    // Act
    const positioned = Object.keys(flow.Metadata.ActionMetadata);

    // Assess
    expect(flow.Metadata.entryPointPosition).toEqual({ x: expect.any(Number), y: expect.any(Number) });
    expect(positioned.sort()).toEqual(flow.Actions.map((a: { Identifier: string }) => a.Identifier).sort());
  });
});

/** Each rule, shown failing on a broken copy of one of our flows. */
const BROKEN: [file: string, action: string | undefined, problem: RegExp][] = [
  ['bad-version', undefined, /Version must be "2019-10-30"/],
  ['no-actions', undefined, /Actions must be an array/],
  ['duplicate-identifier', 'disconnect', /duplicate Identifier/],
  ['identifier-forbidden-char', 'disconnect:now', /character Connect forbids/],
  ['identifier-too-long', 'x'.repeat(51), /51 characters; the limit is 50/],
  ['start-action-dangling', undefined, /StartAction "set-loging" is not an action/],
  ['next-action-dangling', 'set-logging', /NextAction goes to "find-last-agnet"/],
  ['dead-end', 'tell-last-queue', /dead end/],
  ['missing-error-branch', 'find-last-agent', /missing error branch NoMatchingError/],
  ['lambda-time-limit', 'find-last-agent', /InvocationTimeLimitSeconds is 9; Connect allows 1 to 8/],
  ['lambda-json-response', 'find-last-agent', /must be STRING_MAP/],
  ['prompt-text-and-ssml', 'offer-last-agent', /exactly one of Text\/SSML\/PromptId .*found Text, SSML/],
  ['prompt-missing', 'tell-last-queue', /exactly one of Text\/SSML\/PromptId .*found none/],
  ['loop-conditions', 'try-create-transfer-vc', /ContinueLooping and Equals DoneLooping/],
  ['loop-count', 'try-create-transfer-vc', /LoopCount must be a whole number from 0 to 100/],
  ['unknown-operator', 'check-last-queue', /unknown condition operator "StartsWith"/],
  ['dtmf-operand', 'offer-last-agent', /DTMF conditions must be Equals one key/],
  ['target-queue-both', 'set-agent-queue', /exactly one of QueueId\/AgentId/],
  ['unknown-placeholder', 'set-default-queue', /unknown placeholder \$\{DEFAULT_QUEUE\}/],
  ['malformed-placeholder', 'set-default-queue', /malformed placeholder "\$\{default_queue_arn\}"/],
  ['external-unknown-key', 'keep-lookup-result', /find-last-agent returns no key "lastAgentName"/],
  [
    'external-unknown-key-in-prompt',
    'offer-last-agent',
    /Parameters\.Text: find-last-agent returns no key "agentFirstName"/,
  ],
  ['outcome-operand', 'check-lookup-outcome', /lookupOutcome is never "AGENT_AVAIL"/],
  ['availability-operand', 'check-agent-available', /lastAgentAvailable is never "yes"/],
  ['compare-not-jsonpath', 'check-lookup-outcome', /ComparisonValue must be a single JSONPath/],
  ['jsonpath-wrong-case', 'set-agent-queue', /JSONPath is case-sensitive/],
  ['attribute-key', 'mark-routed-default', /attribute key "sfdc Routed To Last Agent"/],
  ['wait-conditions', 'wait-for-customer', /Wait needs a condition Equals WaitCompleted/],
  // The rules below come from the "Errors" and "Restrictions" sections of the AWS flow-language
  // reference, one page per action type.
  [
    'terminal-with-transitions',
    'transfer-to-agent',
    /TransferContactToAgent ends the flow .*Transitions must be \{\}/,
  ],
  ['errorless-action-errors', 'try-create-transfer-vc', /Loop has no error branches/],
  ['input-no-matching-error', 'offer-last-agent', /missing error branch NoMatchingError/],
  [
    'input-stored-with-conditions',
    'offer-last-agent',
    /conditions are not supported when StoreInput is "True"/,
  ],
  [
    'input-stored-no-matching-condition',
    'offer-last-agent',
    /NoMatchingCondition is defined only when StoreInput is "False"/,
  ],
  [
    'input-stored-without-validation',
    'offer-last-agent',
    /InputValidation is required when StoreInput is "True"/,
  ],
  [
    'input-validation-without-store',
    'offer-last-agent',
    /InputValidation is allowed only when StoreInput is "True"/,
  ],
  [
    'flow-type-transfer-to-agent',
    'transfer-to-agent',
    /TransferContactToAgent cannot be used in a contactFlow flow/,
  ],
  [
    'flow-type-customer-queue',
    'set-default-queue',
    /UpdateContactTargetQueue cannot be used in a customerQueue flow/,
  ],
  [
    'flow-type-whisper',
    'transfer-to-queue',
    /TransferContactToQueue cannot be used in a CUSTOMER_WHISPER flow/,
  ],
  ['event-hooks-two-entries', 'set-disconnect-flow', /EventHooks holds 2 entries .*exactly one/],
];

describe('each rule fails on a broken copy', () => {
  it('has a fixture for every case and a case for every fixture', () => {
    // Prepare
    const onDisk = readdirSync(join(FIXTURES, 'broken')).map((f) => f.replace(/\.json$/, ''));

    // Act
    const covered = [...BROKEN.map(([f]) => f), 'unreachable-action', 'hardcoded-arn'];

    // Assess
    expect(onDisk.sort()).toEqual(covered.sort());
  });

  it.each(BROKEN)('%s', (file, action, problem) => {
    // Prepare
    const name = `broken/${file}.json`;

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(errors(problems)).toContainEqual({
      file: name,
      action,
      problem: expect.stringMatching(problem),
      severity: 'error',
    });
    expect(exitCodeFor(problems)).toBe(1);
  });

  it('an unreachable action is only a warning (published flows contain them)', () => {
    // Prepare
    const name = 'broken/unreachable-action.json';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(problems).toEqual([
      { file: name, action: 'old-greeting', problem: 'unreachable from StartAction', severity: 'warning' },
    ]);
    expect(exitCodeFor(problems)).toBe(0);
  });

  it('a hard-coded ARN where a placeholder belongs is a warning', () => {
    // Prepare
    const name = 'broken/hardcoded-arn.json';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(problems).toEqual([
      {
        file: name,
        action: 'set-default-queue',
        problem: expect.stringMatching(/hard-coded ARN/),
        severity: 'warning',
      },
    ]);
  });
});

describe('real-world input', () => {
  it('accepts a console export: unmodeled types and unreachable actions warn, numbers as strings pass', () => {
    // Prepare
    const name = 'exported-console-flow.json';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(errors(problems)).toEqual([]);
    const messages = warnings(problems).map((p) => p.problem);
    expect(messages).toEqual(
      expect.arrayContaining([
        'action type UpdateContactTextToSpeechVoice is not modeled by the checker; its parameters were not checked',
        'action type CheckHoursOfOperation is not modeled by the checker; its parameters were not checked',
        'unreachable from StartAction',
      ]),
    );
    // Reads of another Lambda's result are not held to find-last-agent's keys.
    expect(messages.join('\n')).not.toMatch(/returns no key/);
  });

  it('accepts the DescribeContactFlow wrapper and checks its Content', () => {
    // Prepare
    const name = 'describe-contact-flow-wrapper.json';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(problems).toEqual([]);
  });

  it('reports a problem inside a wrapped Content', () => {
    // Prepare
    const inner = JSON.parse(read(join(FIXTURES, 'broken/lambda-time-limit.json')));
    const wrapped = JSON.stringify({ ContactFlow: { Content: JSON.stringify(inner) } });

    // Act
    const problems = checkFlowText('wrapped.json', wrapped);

    // Assess
    expect(errors(problems).map((p) => p.problem)).toEqual([
      'InvocationTimeLimitSeconds is 9; Connect allows 1 to 8',
    ]);
  });

  it('refuses the legacy modules format with a clear error', () => {
    // Prepare
    const name = 'legacy-modules-flow.json';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(problems).toEqual([
      {
        file: name,
        problem: expect.stringMatching(/^legacy flow format \(top-level "modules"\)/),
        severity: 'error',
      },
    ]);
  });

  it('reports malformed JSON as one error on one line', () => {
    // Prepare
    const name = 'malformed-flow.txt';

    // Act
    const problems = checkFlowText(name, read(join(FIXTURES, name)));

    // Assess
    expect(problems).toHaveLength(1);
    expect(problems[0]?.problem).toMatch(/^malformed JSON: /);
    expect(formatProblem(problems[0] as FlowProblem)).not.toContain('\n');
  });

  it('reports a wrapper whose Content is not a string', () => {
    // Prepare / Act
    const problems = checkFlowText(
      'w.json',
      JSON.stringify({ ContactFlow: { Content: { Version: '2019-10-30' } } }),
    );

    // Assess
    expect(problems[0]?.problem).toMatch(/DescribeContactFlow wrapper without a string ContactFlow.Content/);
  });

  it('accepts a time limit written as a number and rejects one that is not a number', () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/inbound-last-agent-routing.json')));
    const lambda = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'find-last-agent');

    // Act
    lambda.Parameters.InvocationTimeLimitSeconds = 8;
    const asNumber = checkFlowDocument('n.json', flow);
    lambda.Parameters.InvocationTimeLimitSeconds = 'eight';
    const asWord = checkFlowDocument('n.json', flow);

    // Assess
    expect(asNumber).toEqual([]);
    expect(errors(asWord).map((p) => p.problem)).toEqual([expect.stringMatching(/whole number of seconds/)]);
  });

  it('warns about a $.External read before any Lambda has run', () => {
    // Prepare
    const flow = {
      Version: '2019-10-30',
      StartAction: 'say',
      Actions: [
        {
          Identifier: 'say',
          Type: 'MessageParticipant',
          Parameters: { Text: 'Hi $.External.name' },
          Transitions: { NextAction: 'end' },
        },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    };

    // Act
    const problems = checkFlowDocument('x.json', flow);

    // Assess
    expect(problems).toEqual([
      {
        file: 'x.json',
        action: 'say',
        problem: 'Parameters.Text: reads $.External.name before any Lambda has run',
        severity: 'warning',
      },
    ]);
  });

  it("holds reads after SCV's telephony Lambda to its keys: find-last-agent's result is gone by then", () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/inbound-last-agent-routing.json')));
    const keep = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'keep-lookup-result');
    flow.Actions.push({
      Identifier: 'other-lambda',
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: '${TELEPHONY_INTEGRATION_LAMBDA_ARN}',
        InvocationTimeLimitSeconds: '3',
      },
      Transitions: {
        NextAction: 'keep-lookup-result',
        Errors: [{ NextAction: 'keep-lookup-result', ErrorType: 'NoMatchingError' }],
      },
    });
    flow.Actions.find(
      (a: { Identifier: string }) => a.Identifier === 'find-last-agent',
    ).Transitions.NextAction = 'other-lambda';
    keep.Parameters.Attributes.voiceCallId = '$.External.voiceCallId';

    // Act
    const problems = checkFlowDocument('x.json', flow);

    // Assess: voiceCallId is the telephony Lambda's own key; lastAgentArn (and the rest) were replaced
    expect(problems.filter((p) => /voiceCallId/.test(p.problem))).toEqual([]);
    expect(problems).toContainEqual({
      file: 'x.json',
      action: 'keep-lookup-result',
      problem: expect.stringContaining(
        "$.External.lastAgentArn is gone: SCV's telephony Lambda ran after find-last-agent and replaced $.External",
      ),
      severity: 'error',
    });
  });

  it('reports a key the telephony Lambda does not return, such as a misspelt voiceCallID', () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/inbound-last-agent-routing.json')));
    const setId = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'set-voice-call-id');
    setId.Parameters.Attributes.voiceCallId = '$.External.voiceCallID';

    // Act
    const problems = checkFlowDocument('x.json', flow);

    // Assess
    expect(problems).toContainEqual({
      file: 'x.json',
      action: 'set-voice-call-id',
      problem: expect.stringContaining(`SCV's telephony Lambda returns no key "voiceCallID"`),
      severity: 'error',
    });
  });

  it('lets a Lambda it knows nothing about return anything', () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/inbound-last-agent-routing.json')));
    const create = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'create-voice-call');
    create.Parameters.LambdaFunctionARN = 'arn:aws:lambda:us-east-1:123456789012:function:custom';
    const setId = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'set-voice-call-id');
    setId.Parameters.Attributes.voiceCallId = '$.External.anything';

    // Act
    const problems = checkFlowDocument('x.json', flow).filter((p) => p.severity === 'error');

    // Assess
    expect(problems.filter((p) => /anything/.test(p.problem))).toEqual([]);
  });

  it('a DTMF menu without an InputTimeLimitExceeded branch passes: a timeout takes NoMatchingError', () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/inbound-last-agent-routing.json')));
    const offer = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'offer-last-agent');
    offer.Transitions.Errors = offer.Transitions.Errors.filter(
      (e: { ErrorType: string }) => e.ErrorType !== 'InputTimeLimitExceeded',
    );

    // Act
    const problems = checkFlowDocument('menu.json', flow);

    // Assess
    expect(problems).toEqual([]);
  });

  it('accepts the empty Errors and Conditions arrays console exports write on error-less actions', () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/agent-transfer.json')));
    for (const a of flow.Actions) {
      if (
        a.Type === 'Loop' ||
        a.Type === 'UpdateFlowLoggingBehavior' ||
        a.Type === 'UpdateContactRecordingBehavior'
      ) {
        a.Transitions.Errors = [];
        a.Transitions.Conditions ??= [];
      }
    }

    // Act
    const problems = checkFlowDocument('export.json', flow);

    // Assess
    expect(problems).toEqual([]);
  });

  it('checks flow-type restrictions only when Metadata names the type, in either spelling', () => {
    // Prepare
    const flow = JSON.parse(read(join(ROOT, 'flows/agent-transfer.json')));
    const withType = (type: string | undefined) => ({ ...flow, Metadata: { ...flow.Metadata, type } });

    // Act
    const untyped = checkFlowDocument('a.json', withType(undefined));
    const apiSpelling = checkFlowDocument('a.json', withType('QUEUE_TRANSFER'));
    const inbound = checkFlowDocument('a.json', withType('CONTACT_FLOW'));

    // Assess
    expect(untyped).toEqual([]);
    expect(apiSpelling).toEqual([]);
    expect(errors(inbound).map((p) => p.action)).toEqual(['transfer-to-agent']);
  });

  it('a DisconnectParticipant with transitions is an error, and its targets are unreachable', () => {
    // Prepare
    const flow = {
      Version: '2019-10-30',
      StartAction: 'end',
      Actions: [
        {
          Identifier: 'end',
          Type: 'DisconnectParticipant',
          Parameters: {},
          Transitions: { NextAction: 'bye' },
        },
        {
          Identifier: 'bye',
          Type: 'MessageParticipant',
          Parameters: { Text: 'Bye' },
          Transitions: { NextAction: 'end' },
        },
      ],
    };

    // Act
    const problems = checkFlowDocument('d.json', flow);

    // Assess
    expect(problems).toEqual([
      {
        file: 'd.json',
        action: 'end',
        problem: expect.stringMatching(/DisconnectParticipant ends the flow/),
        severity: 'error',
      },
      { file: 'd.json', action: 'bye', problem: 'unreachable from StartAction', severity: 'warning' },
    ]);
  });

  it('a document that is not an object is one error', () => {
    // Prepare / Act
    const problems = checkFlowText('a.json', '[1, 2]');

    // Assess
    expect(problems).toEqual([
      { file: 'a.json', problem: expect.stringMatching(/must be a JSON object/), severity: 'error' },
    ]);
  });
});

describe('npm run flows:check', () => {
  it('exits 0 on flows/ and prints a summary', () => {
    // Prepare
    const lines: string[] = [];
    const files = readdirSync(join(ROOT, 'flows'))
      .filter((f) => f.endsWith('.json'))
      .map((f) => join(ROOT, 'flows', f));

    // Act
    const code = runCheck(files, (l) => lines.push(l));

    // Assess
    expect(code).toBe(0);
    expect(lines).toEqual(['4 flow file(s) checked: 0 error(s), 0 warning(s)']);
  });

  it('exits 1 with one line per problem as `file: action <Identifier>: problem`', () => {
    // Prepare
    const lines: string[] = [];
    const file = join(FIXTURES, 'broken/lambda-time-limit.json');

    // Act
    const code = runCheck([file], (l) => lines.push(l));

    // Assess
    expect(code).toBe(1);
    expect(lines[0]).toMatch(
      /^test\/fixtures\/flows\/broken\/lambda-time-limit\.json: action find-last-agent: InvocationTimeLimitSeconds is 9; Connect allows 1 to 8$/,
    );
    expect(lines.at(-1)).toBe('1 flow file(s) checked: 1 error(s), 0 warning(s)');
  });

  it('exits 0 when there are only warnings', () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const code = runCheck([join(FIXTURES, 'exported-console-flow.json')], (l) => lines.push(l));

    // Assess
    expect(code).toBe(0);
    expect(lines.filter((l) => l.includes(': warning: '))).toHaveLength(6);
  });

  it('reports a file it cannot read', () => {
    // Prepare
    const lines: string[] = [];

    // Act
    const code = runCheck([join(FIXTURES, 'no-such-flow.json')], (l) => lines.push(l));

    // Assess
    expect(code).toBe(1);
    expect(lines[0]).toMatch(/no-such-flow\.json: cannot read: /);
  });
});
