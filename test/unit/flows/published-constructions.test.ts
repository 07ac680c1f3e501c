/**
 * What real, working published flows do, encoded with synthetic values: the corpus itself stays
 * out of the repository (test/fixtures/flows/corpus/README.md lists each document's source), so
 * each finding the corpus taught the checker is pinned here, citing where it was seen.
 */
import { checkFlowText, exitCodeFor, type FlowProblem } from '../../../scripts/flows/check';

type Action = Record<string, unknown>;
const flow = (actions: Action[], extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    Version: '2019-10-30',
    StartAction: actions[0]?.Identifier,
    Metadata: {},
    Actions: actions,
    ...extra,
  });
const end = { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} };
const say = (id: string, next: string) => ({
  Identifier: id,
  Type: 'MessageParticipant',
  Parameters: { Text: 'Hello' },
  Transitions: { NextAction: next, Errors: [], Conditions: [] },
});
const errorsOf = (p: FlowProblem[]) => p.filter((x) => x.severity === 'error');
const rulesOf = (p: FlowProblem[]) => p.map((x) => `${x.severity} ${x.rule}`);

describe('constructions of published flows the checker accepts', () => {
  it('a customer queue flow that is one looping prompt (GoodMeasuresLLC/connect default_customer_queue.json)', () => {
    // Prepare
    const text = flow(
      [
        {
          Identifier: 'loop',
          Type: 'MessageParticipantIteratively',
          Parameters: { Messages: [{ Text: 'Thank you for calling.' }, { PromptId: '${PROMPT}' }] },
          Transitions: { Errors: [], Conditions: [] },
        },
      ],
      { Metadata: { type: 'customerQueue' } },
    );

    // Act
    const problems = checkFlowText('queue.json', text);

    // Assess: ${PROMPT} is an unknown placeholder of ours, the only finding
    expect(rulesOf(problems)).toEqual(['error placeholder-unknown']);
  });

  it('a looping prompt interrupted every 40 s (GoodMeasuresLLC/connect _0x_receptionist_queue_flow.json)', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'loop',
        Type: 'MessageParticipantIteratively',
        Parameters: { InterruptFrequencySeconds: '40', Messages: [{ Text: 'Please hold' }] },
        Transitions: {
          Errors: [],
          Conditions: [
            { NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['MessagesInterrupted'] } },
          ],
        },
      },
      end,
    ]);

    // Act
    const problems = checkFlowText('queue.json', text);

    // Assess
    expect(problems).toEqual([]);
  });

  it('Terraform\'s ${var.map["key"]} in a Lambda ARN is one not-checked warning (GoodMeasuresLLC/connect)', () => {
    // Prepare
    const lambda = (id: string, next: string) => ({
      Identifier: id,
      Type: 'InvokeLambdaFunction',
      Parameters: {
        LambdaFunctionARN: `\${var.lambda_functions_map["${id}"]}`,
        InvocationTimeLimitSeconds: '3',
      },
      Transitions: {
        NextAction: next,
        Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }],
        Conditions: [],
      },
    });
    const text = flow([lambda('first', 'second'), lambda('second', 'end'), end]);

    // Act
    const problems = checkFlowText('tf.json', text);

    // Assess
    expect(rulesOf(problems)).toEqual(['warning template-foreign']);
    expect(exitCodeFor(problems)).toBe(0);
  });

  it('%%NAME%% tokens of a sample build script are one not-checked warning (amazon-connect/amazon-connect-salesforce-scv)', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'create-vc',
        Type: 'InvokeLambdaFunction',
        Parameters: {
          LambdaFunctionARN: '%%INVOKE_TELEPHONY_FUNCTION_ARN%%',
          InvocationTimeLimitSeconds: '8',
          LambdaInvocationAttributes: { methodName: 'createTransferVC' },
        },
        Transitions: {
          NextAction: 'end',
          Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }],
          Conditions: [],
        },
      },
      end,
    ]);

    // Act
    const problems = checkFlowText('scv.json', text);

    // Assess
    expect(rulesOf(problems)).toEqual(['warning template-foreign']);
  });

  it('a DescribeContactFlow wrapper of an agent whisper ending in EndFlowExecution, checked as its Type (AWSSCVAgentWhisper.json)', () => {
    // Prepare
    const content = flow([
      {
        Identifier: 'say-queue',
        Type: 'MessageParticipant',
        Parameters: { Text: '$.Queue.Name' },
        Transitions: { NextAction: 'resume', Errors: [], Conditions: [] },
      },
      { Identifier: 'resume', Type: 'EndFlowExecution', Parameters: {}, Transitions: {} },
    ]);
    const wrap = (Type: string) =>
      JSON.stringify({ ContactFlow: { Name: 'w', Type, Content: content, Tags: {} } });

    // Act
    const asWhisper = checkFlowText('w.json', wrap('AGENT_WHISPER'));
    const asInbound = checkFlowText('w.json', wrap('CONTACT_FLOW'));

    // Assess
    expect(asWhisper).toEqual([]);
    expect(rulesOf(asInbound)).toEqual(['error flow-type']);
  });

  it('block types the registry does not model only warn (DequeueContactAndTransferToQueue, UpdateFlowAttributes, CreateCallbackContact, ShowView)', () => {
    // Prepare
    const unmodeled = (id: string, type: string, next: string) => ({
      Identifier: id,
      Type: type,
      Parameters: {},
      Transitions: {
        NextAction: next,
        Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }],
        Conditions: [],
      },
    });
    const text = flow([
      unmodeled('a', 'UpdateFlowAttributes', 'b'),
      unmodeled('b', 'CreateCallbackContact', 'c'),
      unmodeled('c', 'DequeueContactAndTransferToQueue', 'd'),
      unmodeled('d', 'ShowView', 'end'),
      end,
    ]);

    // Act
    const problems = checkFlowText('u.json', text);

    // Assess
    expect(errorsOf(problems)).toEqual([]);
    expect(problems.map((p) => p.rule)).toEqual(Array(4).fill('action-unmodeled'));
  });

  it('friendly-name Identifiers with spaces and TransferContactToQueue without Parameters (AWS after-contact-work sample; GoodMeasuresLLC/connect)', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'Save collected data to the current contact',
        Type: 'UpdateContactAttributes',
        Parameters: {
          Attributes: { Category: '$.Views.ViewResultData.Category.0' },
          TargetContact: 'Current',
        },
        Transitions: {
          NextAction: 'to queue',
          Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }],
        },
      },
      {
        Identifier: 'to queue',
        Type: 'TransferContactToQueue',
        Transitions: {
          NextAction: 'end',
          Errors: [
            { NextAction: 'end', ErrorType: 'NoMatchingError' },
            { NextAction: 'end', ErrorType: 'QueueAtCapacity' },
          ],
          Conditions: [],
        },
      },
      end,
    ]);

    // Act
    const problems = checkFlowText('f.json', text);

    // Assess
    expect(problems).toEqual([]);
  });

  it('a flow module with top-level Settings (a Terraform-deployed module)', () => {
    // Prepare
    const text = flow(
      [{ Identifier: 'return', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} }],
      {
        Settings: { InputParameters: [], OutputParameters: [], Transitions: [] },
      },
    );

    // Act
    const problems = checkFlowText('m.json', text);

    // Assess
    expect(problems).toEqual([]);
  });

  it('a staffing check and Compare on an sfdc- attribute, as the SCV queue transfer samples write them', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'staffed',
        Type: 'CheckMetricData',
        Parameters: { MetricType: 'NumberOfAgentsStaffed' },
        Transitions: {
          NextAction: 'rtt',
          Errors: [
            { NextAction: 'rtt', ErrorType: 'NoMatchingError' },
            { NextAction: 'end', ErrorType: 'NoMatchingCondition' },
          ],
          Conditions: [{ NextAction: 'rtt', Condition: { Operator: 'NumberGreaterThan', Operands: ['0'] } }],
        },
      },
      {
        Identifier: 'rtt',
        Type: 'Compare',
        Parameters: { ComparisonValue: '$.Attributes.sfdc-RTT_flag__c' },
        Transitions: {
          NextAction: 'bye',
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingCondition' }],
          Conditions: [{ NextAction: 'bye', Condition: { Operator: 'Equals', Operands: ['1'] } }],
        },
      },
      say('bye', 'end'),
      end,
    ]);

    // Act
    const problems = checkFlowText('s.json', text);

    // Assess
    expect(problems).toEqual([]);
  });
});

describe('constructions of published flows, second corpus round', () => {
  const module = (actions: Action[]) =>
    flow(actions, {
      Settings: { InputParameters: [], OutputParameters: [], Transitions: [] },
    });

  it('a CreateContactFlow request body ({Name, Type, Content: "<json>"}) is unwrapped and checked with its Type (aws-samples/amazon-connect-gitlab-cicd-terraform ACME_agent_whisper_AUTO.json)', () => {
    // Prepare: a whisper that disconnects, which an agent whisper may not do
    const content = flow([say('hello', 'end'), end]);
    const text = JSON.stringify({ Name: 'whisper', Type: 'AGENT_WHISPER', Content: content });

    // Act
    const problems = checkFlowText('request.json', text);

    // Assess: the document was read, and the wrapper's Type applied
    expect(rulesOf(problems)).toEqual(['error flow-type']);
  });

  it('a DescribeContactFlowModule wrapper is unwrapped like DescribeContactFlow', () => {
    // Prepare
    const content = module([
      { Identifier: 'done', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
    ]);

    // Act
    const problems = checkFlowText('m.json', JSON.stringify({ ContactFlowModule: { Content: content } }));

    // Assess
    expect(problems).toEqual([]);
  });

  it('a terminal action without Transitions is read as {} with a warning (fitthejob/connect-terraform module_test_wrapper.json)', () => {
    // Prepare
    const text = flow([
      say('hello', 'end'),
      { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {} },
    ]);

    // Act
    const problems = checkFlowText('t.json', text);

    // Assess: no "not an action" cascade, one warning
    expect(rulesOf(problems)).toEqual(['warning transitions-missing']);
    expect(exitCodeFor(problems)).toBe(0);
  });

  it('a Lex-backed GetParticipantInput needs no InputTimeLimitSeconds, a DTMF one does (636137/multi-tenancy-amazon-connect voice_survey_flow.json)', () => {
    // Prepare
    const input = (parameters: Record<string, unknown>) =>
      flow([
        {
          Identifier: 'ask',
          Type: 'GetParticipantInput',
          Parameters: parameters,
          Transitions: {
            NextAction: 'end',
            Errors: [
              { NextAction: 'end', ErrorType: 'NoMatchingError' },
              { NextAction: 'end', ErrorType: 'NoMatchingCondition' },
            ],
            Conditions: [{ NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['1'] } }],
          },
        },
        end,
      ]);

    // Act
    const lex = checkFlowText(
      'lex.json',
      input({ Text: 'How many?', LexBot: { Name: 'Bot', Region: 'us-east-1', Alias: 'live' } }),
    );
    const dtmf = checkFlowText('dtmf.json', input({ Text: 'Press 1' }));

    // Assess
    expect(errorsOf(lex)).toEqual([]);
    expect(rulesOf(dtmf)).toContain('error param-required');
  });

  it('UpdateContactTextToSpeechVoice without an error branch, although the page says NoMatchingError "Must always be defined" (gitlab-cicd-terraform ACME_Main_AUTO.json, sample-amazon-connect-outbound-call InitModule.json, amazon-connect-snippets BankIDAuth)', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'voice',
        Type: 'UpdateContactTextToSpeechVoice',
        Parameters: { TextToSpeechVoice: 'Joanna' },
        Transitions: { NextAction: 'end' },
      },
      end,
    ]);

    // Act
    const problems = checkFlowText('v.json', text);

    // Assess
    expect(problems).toEqual([]);
  });

  it('CheckHoursOfOperation with Parameters {} and both results, media streaming in a module, InvokeFlowModule from an inbound flow (GoodMeasuresLLC/connect; sample-amazon-connect-outbound-call; soruma/create-amazon-connect-resource)', () => {
    // Prepare
    const hours = {
      Identifier: 'hours',
      Type: 'CheckHoursOfOperation',
      Parameters: {},
      Transitions: {
        NextAction: 'module',
        Errors: [{ NextAction: 'module', ErrorType: 'NoMatchingError' }],
        Conditions: [
          { NextAction: 'module', Condition: { Operator: 'Equals', Operands: ['True'] } },
          { NextAction: 'end', Condition: { Operator: 'Equals', Operands: ['False'] } },
        ],
      },
    };
    const invoke = {
      Identifier: 'module',
      Type: 'InvokeFlowModule',
      Parameters: { FlowModuleId: '${GREETING_MODULE_ID}' },
      Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
    };
    const streaming = module([
      {
        Identifier: 'Stop Streaming',
        Type: 'UpdateContactMediaStreamingBehavior',
        Parameters: {
          MediaStreamingState: 'Disabled',
          Participants: [{ ParticipantType: 'Customer', MediaDirections: ['To', 'From'] }],
          MediaStreamType: 'Audio',
        },
        Transitions: { NextAction: 'done', Errors: [{ NextAction: 'done', ErrorType: 'NoMatchingError' }] },
      },
      { Identifier: 'done', Type: 'EndFlowModuleExecution', Parameters: {}, Transitions: {} },
    ]);

    // Act
    const inbound = checkFlowText(
      'in.json',
      flow([hours, invoke, end], { Metadata: { type: 'contactFlow' } }),
    );
    const mod = checkFlowText('mod.json', streaming);

    // Assess: only our own unknown placeholder is reported
    expect(rulesOf(inbound)).toEqual(['error placeholder-unknown']);
    expect(mod).toEqual([]);
  });

  it('build tokens <<NAME>>, {{NAME}} and %Name% are one not-checked warning and exempt from the hard-coded ARN warning (outbound-call TimeOutModule.json; multi-tenancy webrtc_test_flow.json; sample-cdk-constructs inbound-contact-flow.json)', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'lookup',
        Type: 'InvokeLambdaFunction',
        Parameters: {
          LambdaFunctionARN: 'arn:aws:lambda:<<REGION>>:<<ACCOUNT>>:function:update',
          InvocationTimeLimitSeconds: '3',
        },
        Transitions: { NextAction: 'hello', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      },
      { ...say('hello', 'end'), Parameters: { Text: '{{greeting}} %MessageText%' } },
      end,
    ]);

    // Act
    const problems = checkFlowText('tokens.json', text);

    // Assess
    expect(rulesOf(problems)).toEqual(['warning template-foreign']);
    expect(problems[0]?.problem).toMatch(/<<REGION>>, <<ACCOUNT>>, \{\{greeting\}\}, \.\.\./);
  });
});

describe('published documents the checker refuses with one line', () => {
  it('the legacy editor format (forcedotcom/service-cloud-doc Sample_SCV_Inbound; amazon-connect-snippets email flows)', () => {
    // Prepare
    const text = JSON.stringify({
      modules: [{ id: 'a', type: 'Disconnect', branches: [], parameters: [], metadata: {} }],
      version: '1',
      type: 'contactFlow',
      start: 'a',
      metadata: { name: 'Sample SCV Inbound', type: 'contactFlow' },
    });

    // Act
    const problems = checkFlowText('legacy.json', text);

    // Assess
    expect(problems).toEqual([
      {
        file: 'legacy.json',
        problem: expect.stringMatching(/^legacy flow format/),
        severity: 'error',
        rule: 'legacy-format',
      },
    ]);
  });

  it('a CreateContactFlow request whose Content is an object, not a JSON string (gitlab-cicd-terraform replacer test ACME_test1.json)', () => {
    // Prepare
    const text = JSON.stringify({
      Name: 't',
      Type: 'AGENT_HOLD',
      Content: { Version: '2019-10-30', Actions: [] },
    });

    // Act
    const problems = checkFlowText('test1.json', text);

    // Assess
    expect(problems).toEqual([
      {
        file: 'test1.json',
        problem: expect.stringMatching(/without a string .*Content/),
        severity: 'error',
        rule: 'wrapper',
      },
    ]);
  });

  it('a skeleton whose ids a deploying Lambda fills in is refused as published: empty values (aws-samples/amazon-connect-experience-builder contact-flow-dtmf0.json)', () => {
    // Prepare
    const text = flow([
      {
        Identifier: 'queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: '' },
        Transitions: { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      },
      end,
    ]);

    // Act
    const problems = checkFlowText('skeleton.json', text);

    // Assess
    expect(rulesOf(problems)).toContain('error param-empty');
    expect(exitCodeFor(problems)).toBe(1);
  });
});
