/**
 * Broken flows built in memory from the current flows in `flows/`, one change each: every rule of
 * the checker's catalogue has at least one case here, so a rule that stops firing fails a test.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ROOT = join(__dirname, '../../..');

export type FlowFile = 'inbound-last-agent-routing' | 'agent-transfer' | 'chat-agent-offline-disconnect';

/** A flow of `flows/` as a fresh, mutable object. */
export function projectFlow(file: FlowFile): Flow {
  return JSON.parse(readFileSync(join(ROOT, 'flows', `${file}.json`), 'utf8')) as Flow;
}

export interface Action {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: {
    NextAction?: string;
    Errors?: { NextAction: string; ErrorType: string }[];
    Conditions?: { NextAction: string; Condition: { Operator: string; Operands: unknown[] } }[];
  };
}
export interface Flow {
  Version: string;
  StartAction: string;
  Metadata: Record<string, unknown>;
  Actions: Action[];
  [key: string]: unknown;
}

/** The action with this Identifier (the test fails loudly when a flow no longer has it). */
export function act(flow: Flow, id: string): Action {
  const found = flow.Actions.find((a) => a.Identifier === id);
  if (!found) throw new Error(`no action ${id}`);
  return found;
}

/** Replaces one action by another of a different type that keeps its Identifier and NextAction. */
export function replace(
  flow: Flow,
  id: string,
  type: string,
  parameters: Record<string, unknown>,
  transitions?: Action['Transitions'],
): Action {
  const old = act(flow, id);
  const fresh: Action = {
    Identifier: id,
    Type: type,
    Parameters: parameters,
    Transitions: transitions ?? { NextAction: old.Transitions.NextAction },
  };
  flow.Actions[flow.Actions.indexOf(old)] = fresh;
  return fresh;
}

/** Replaces the last-queue message by a routing-criteria action that goes on to createVoiceCall. */
function routingAction(flow: Flow, type: string, parameters: Record<string, unknown>): Action {
  const next = 'try-create-voice-call';
  return replace(flow, 'tell-last-queue', type, parameters, {
    NextAction: next,
    Errors: [{ NextAction: next, ErrorType: 'NoMatchingError' }],
  });
}

export interface Mutation {
  /** The catalogue rule the change breaks. */
  rule: string;
  file: FlowFile;
  /** What the one change is, in words. */
  change: string;
  /** Changes the parsed flow; or, for rules about the file's text, return new text. */
  mutate: (flow: Flow) => void | string;
  action?: string;
  problem: RegExp;
}

const I: FlowFile = 'inbound-last-agent-routing';
const T: FlowFile = 'agent-transfer';
const C: FlowFile = 'chat-agent-offline-disconnect';
const ROUTING_STEP = {
  Expression: {
    AttributeCondition: {
      ComparisonOperator: 'Match',
      MatchCriteria: { AgentsCriteria: { AgentIds: ['$.External.lastAgentId'] } },
    },
  },
  Expiry: { DurationInSeconds: 30 },
};

export const MUTATIONS: Mutation[] = [
  {
    rule: 'param-spelling',
    file: I,
    change: "a third-party transfer's time limit spelt as the reference page does",
    mutate: (f) =>
      void routingAction(f, 'TransferParticipantToThirdParty', {
        ThirdPartyPhoneNumber: '+14155550100',
        ThirdPartyConnectionTimeoutSeconds: '30',
        ContinueFlowExecution: 'True',
      }),
    action: 'tell-last-queue',
    problem:
      /ThirdPartyConnectionTimeoutSeconds is the reference page's spelling; published, working flows write ThirdPartyConnectionTimeLimitSeconds/,
  },
  {
    rule: 'param-empty',
    file: I,
    change: 'an attribute value ""',
    mutate: (f) =>
      void ((act(f, 'mark-routed-default').Parameters.Attributes as Record<string, string>).lastAgentRouting =
        ''),
    action: 'mark-routed-default',
    problem: /Parameters.Attributes.lastAgentRouting is ""/,
  },
  {
    rule: 'next-action',
    file: I,
    change: "a Compare's NextAction removed",
    mutate: (f) => void delete act(f, 'check-routing').Transitions.NextAction,
    action: 'check-routing',
    problem: /has conditions but no NextAction/,
  },
  {
    rule: 'GetParticipantInput/stored-timeout',
    file: I,
    change: 'StoreInput True on the menu (which keeps its timeout branch)',
    mutate: (f) => void (act(f, 'offer-last-agent').Parameters.StoreInput = 'True'),
    action: 'offer-last-agent',
    problem: /InputTimeLimitExceeded is not a branch when StoreInput is "True"/,
  },
  {
    rule: 'type-spelling',
    file: I,
    change: 'UntagContact spelt UnTagContact',
    mutate: (f) => void replace(f, 'tell-last-queue', 'UnTagContact', { TagKeys: ['a'] }),
    action: 'tell-last-queue',
    problem: /write UntagContact/,
  },
  {
    rule: 'flow-type',
    file: C,
    change: 'Metadata.type customerWhisper on a flow that disconnects',
    mutate: (f) => void (f.Metadata.type = 'customerWhisper'),
    action: 'disconnect',
    problem: /DisconnectParticipant cannot be used in a (customerWhisper|CUSTOMER_WHISPER) flow/,
  },
  // The file and the document
  {
    rule: 'json',
    file: I,
    change: 'a trailing comma',
    mutate: (f) => JSON.stringify(f).replace(/\}$/, ',}'),
    problem: /^malformed JSON: /,
  },
  {
    rule: 'legacy-format',
    file: I,
    change: 'Actions renamed modules',
    mutate: (f) => JSON.stringify({ ...f, Actions: undefined, modules: f.Actions }),
    problem: /^legacy flow format/,
  },
  {
    rule: 'wrapper',
    file: I,
    change: 'a DescribeContactFlow wrapper whose Content is an object',
    mutate: (f) => JSON.stringify({ ContactFlow: { Content: f } }),
    problem: /DescribeContactFlow wrapper without a string ContactFlow.Content/,
  },
  {
    rule: 'content-size',
    file: I,
    change: 'a prompt padded past 256,000 characters',
    mutate: (f) => void (act(f, 'tell-last-queue').Parameters.Text = 'x'.repeat(256_000)),
    problem: /Connect allows 256000/,
  },
  {
    rule: 'document',
    file: I,
    change: 'the document is an array',
    mutate: (f) => JSON.stringify([f]),
    problem: /must be a JSON object/,
  },
  {
    rule: 'version',
    file: I,
    change: 'Version 2017-01-01',
    mutate: (f) => void (f.Version = '2017-01-01'),
    problem: /Version must be "2019-10-30"/,
  },
  {
    rule: 'actions-count',
    file: I,
    change: 'Actions is not an array',
    mutate: (f) => void (f.Actions = {} as never),
    problem: /Actions must be an array/,
  },
  {
    rule: 'metadata',
    file: I,
    change: 'Metadata is a string',
    mutate: (f) => void (f.Metadata = 'x' as never),
    problem: /Metadata must be an object/,
  },
  {
    rule: 'start-action',
    file: I,
    change: 'StartAction misspelt',
    mutate: (f) => void (f.StartAction = 'set-loging'),
    problem: /StartAction "set-loging" is not an action/,
  },
  {
    rule: 'action-shape',
    file: I,
    change: 'an action whose Transitions is a string',
    mutate: (f) =>
      void ((act(f, 'tell-last-queue') as unknown as Record<string, unknown>).Transitions = 'disconnect'),
    action: 'tell-last-queue',
    problem: /Transitions must be an object/,
  },
  {
    rule: 'identifier-duplicate',
    file: T,
    change: 'two actions share an Identifier',
    mutate: (f) => void (act(f, 'set-recording').Identifier = 'set-logging'),
    action: 'set-logging',
    problem: /duplicate Identifier/,
  },
  {
    rule: 'identifier-length',
    file: I,
    change: 'a 51-character Identifier',
    mutate: (f) => void (act(f, 'disconnect').Identifier = 'x'.repeat(51)),
    action: 'x'.repeat(51),
    problem: /51 characters; the limit is 50/,
  },
  {
    rule: 'identifier-chars',
    file: I,
    change: 'a colon in an Identifier',
    mutate: (f) => void (act(f, 'disconnect').Identifier = 'disconnect:now'),
    action: 'disconnect:now',
    problem: /character Connect forbids/,
  },
  {
    rule: 'identifier-reserved',
    file: I,
    change: 'an Identifier named constructor',
    mutate: (f) => void (act(f, 'disconnect').Identifier = 'constructor'),
    action: 'constructor',
    problem: /reserved name/,
  },
  // The graph
  {
    rule: 'transition-shape',
    file: I,
    change: 'an error branch without ErrorType',
    mutate: (f) =>
      void delete (act(f, 'tell-last-queue').Transitions.Errors?.[0] as Partial<{ ErrorType: string }>)
        .ErrorType,
    action: 'tell-last-queue',
    problem: /needs ErrorType and NextAction/,
  },
  {
    rule: 'transition-target',
    file: I,
    change: 'NextAction misspelt',
    mutate: (f) => void (act(f, 'set-logging').Transitions.NextAction = 'find-last-agnet'),
    action: 'set-logging',
    problem: /NextAction goes to "find-last-agnet"/,
  },
  {
    rule: 'dead-end',
    file: I,
    change: 'a message without NextAction',
    mutate: (f) => void delete act(f, 'tell-last-queue').Transitions.NextAction,
    action: 'tell-last-queue',
    problem: /dead end/,
  },
  {
    rule: 'unreachable',
    file: I,
    change: 'an extra message nothing leads to',
    mutate: (f) =>
      void f.Actions.push({
        Identifier: 'old-greeting',
        Type: 'MessageParticipant',
        Parameters: { Text: 'Hi' },
        Transitions: { NextAction: 'disconnect' },
      }),
    action: 'old-greeting',
    problem: /unreachable from StartAction/,
  },
  {
    rule: 'no-transitions',
    file: T,
    change: 'TransferContactToAgent with a NextAction',
    mutate: (f) => void (act(f, 'transfer-to-agent').Transitions = { NextAction: 'set-logging' }),
    action: 'transfer-to-agent',
    problem: /TransferContactToAgent ends the flow .*Transitions must be \{\}/,
  },
  {
    rule: 'errorless',
    file: T,
    change: 'an error branch on a Loop',
    mutate: (f) =>
      void (act(f, 'try-create-transfer-vc').Transitions.Errors = [
        { NextAction: 'set-recording', ErrorType: 'NoMatchingError' },
      ]),
    action: 'try-create-transfer-vc',
    problem: /Loop has no error branches/,
  },
  {
    rule: 'error-required',
    file: I,
    change: "the Lambda's error branch removed",
    mutate: (f) => void (act(f, 'find-last-agent').Transitions.Errors = []),
    action: 'find-last-agent',
    problem: /missing error branch NoMatchingError/,
  },
  {
    rule: 'error-type',
    file: I,
    change: 'an error type the Lambda never raises',
    mutate: (f) =>
      void act(f, 'find-last-agent').Transitions.Errors?.push({
        NextAction: 'set-default-queue',
        ErrorType: 'QueueAtCapacity',
      }),
    action: 'find-last-agent',
    problem: /raises no error QueueAtCapacity/,
  },
  {
    rule: 'operator',
    file: I,
    change: 'operator StartsWith',
    mutate: (f) =>
      void ((act(f, 'check-last-queue').Transitions.Conditions ?? [])[0]!.Condition.Operator = 'StartsWith'),
    action: 'check-last-queue',
    problem: /unknown condition operator "StartsWith"/,
  },
  {
    rule: 'operand',
    file: I,
    change: 'two operands',
    mutate: (f) =>
      void ((act(f, 'check-last-queue').Transitions.Conditions ?? [])[0]!.Condition.Operands = ['arn:', 'x']),
    action: 'check-last-queue',
    problem: /needs exactly one string operand/,
  },
  // Each action against its registry entry
  {
    rule: 'action-unmodeled',
    file: I,
    change: 'a block type the registry does not know',
    mutate: (f) =>
      void replace(f, 'tell-last-queue', 'UpdateFlowAttributes', {
        FlowAttributes: { step: { Value: 'queue' } },
      }),
    action: 'tell-last-queue',
    problem: /not modeled by the checker/,
  },
  {
    rule: 'type-spelling',
    file: I,
    change: "routing criteria spelt as the reference page's title",
    mutate: (f) =>
      void routingAction(f, 'UpdateRoutingCriteria', { RoutingCriteria: { Steps: [ROUTING_STEP] } }),
    action: 'tell-last-queue',
    problem: /write UpdateContactRoutingCriteria/,
  },
  {
    rule: 'param-required',
    file: I,
    change: 'LambdaFunctionARN removed',
    mutate: (f) => void delete act(f, 'find-last-agent').Parameters.LambdaFunctionARN,
    action: 'find-last-agent',
    problem: /missing parameter LambdaFunctionARN/,
  },
  {
    rule: 'param-one-of',
    file: I,
    change: 'QueueId added next to AgentId',
    mutate: (f) => void (act(f, 'set-agent-queue').Parameters.QueueId = '${DEFAULT_QUEUE_ARN}'),
    action: 'set-agent-queue',
    problem: /exactly one of QueueId\/AgentId/,
  },
  {
    rule: 'param-static',
    file: I,
    change: 'a routing step whose expiry is a reference',
    mutate: (f) =>
      void replace(
        f,
        'tell-last-queue',
        'UpdateContactRoutingCriteria',
        {
          RoutingCriteria: {
            Steps: [{ ...ROUTING_STEP, Expiry: { DurationInSeconds: '$.External.seconds' } }],
          },
        },
        {
          NextAction: 'try-create-voice-call',
          Errors: [{ NextAction: 'try-create-voice-call', ErrorType: 'NoMatchingError' }],
        },
      ),
    action: 'tell-last-queue',
    problem: /Expiry.DurationInSeconds must be set statically/,
  },
  {
    rule: 'param-spelling-rejected',
    file: C,
    change: "Wait's time limit spelt TimeoutSeconds",
    mutate: (f) => {
      const p = act(f, 'wait-for-customer').Parameters;
      p.TimeoutSeconds = p.TimeLimitSeconds;
      delete p.TimeLimitSeconds;
    },
    action: 'wait-for-customer',
    problem:
      /TimeoutSeconds is the reference page's spelling, which the service rejects; write TimeLimitSeconds/,
  },
  {
    rule: 'flow-type',
    file: T,
    change: 'Metadata.type contactFlow',
    mutate: (f) => void (f.Metadata.type = 'contactFlow'),
    action: 'transfer-to-agent',
    problem: /TransferContactToAgent cannot be used in a (contactFlow|CONTACT_FLOW) flow/,
  },
  // References
  {
    rule: 'placeholder-malformed',
    file: I,
    change: 'a placeholder in lower case',
    mutate: (f) => void (act(f, 'set-default-queue').Parameters.QueueId = '${default_queue_arn}'),
    action: 'set-default-queue',
    problem: /malformed placeholder "\$\{default_queue_arn\}"/,
  },
  {
    rule: 'placeholder-unknown',
    file: I,
    change: 'a placeholder name not listed',
    mutate: (f) => void (act(f, 'set-default-queue').Parameters.QueueId = '${DEFAULT_QUEUE}'),
    action: 'set-default-queue',
    problem: /unknown placeholder \$\{DEFAULT_QUEUE\}/,
  },
  {
    rule: 'template-foreign',
    file: I,
    change: 'a Terraform expression for the queue',
    mutate: (f) => void (act(f, 'set-default-queue').Parameters.QueueId = '${aws_connect_queue.basic.arn}'),
    problem:
      /template expression\(s\) of another tool \(\$\{aws_connect_queue.basic.arn\}\) were not checked/,
  },
  {
    rule: 'jsonpath-case',
    file: I,
    change: '$.external in lower case',
    mutate: (f) => void (act(f, 'set-agent-queue').Parameters.AgentId = '$.external.lastAgentArn'),
    action: 'set-agent-queue',
    problem: /JSONPath is case-sensitive/,
  },
  {
    rule: 'jsonpath-namespace',
    file: I,
    change: 'an unknown namespace',
    mutate: (f) => void (act(f, 'tell-last-queue').Parameters.Text = 'Hi $.Nowhere.x'),
    action: 'tell-last-queue',
    problem: /unknown namespace \$\.Nowhere/,
  },
  {
    rule: 'jsonpath-key',
    file: I,
    change: '$.Attributes without a key',
    mutate: (f) => void (act(f, 'check-routing').Parameters.ComparisonValue = '$.Attributes'),
    action: 'check-routing',
    problem: /names no key/,
  },
  {
    rule: 'hardcoded-arn',
    file: I,
    change: 'a literal queue ARN',
    mutate: (f) =>
      void (act(f, 'set-default-queue').Parameters.QueueId =
        'arn:aws:connect:us-east-1:123456789012:instance/i/queue/q'),
    action: 'set-default-queue',
    problem: /hard-coded ARN/,
  },
  {
    rule: 'external-before-lambda',
    file: I,
    change: 'a prompt before the Lambda reads $.External',
    mutate: (f) => {
      replace(f, 'set-logging', 'MessageParticipant', { Text: 'Hi $.External.name' });
    },
    action: 'set-logging',
    problem: /reads \$\.External\.name before any Lambda has run/,
  },
  {
    rule: 'external-key',
    file: I,
    change: 'a key find-last-agent does not return',
    mutate: (f) =>
      void ((act(f, 'keep-lookup-result').Parameters.Attributes as Record<string, string>).lastAgentArn =
        '$.External.lastAgentName'),
    action: 'keep-lookup-result',
    problem: /find-last-agent returns no key "lastAgentName"/,
  },
  {
    rule: 'external-value',
    file: I,
    change: 'an outcome misspelt',
    mutate: (f) =>
      void ((act(f, 'check-lookup-outcome').Transitions.Conditions ?? [])[0]!.Condition.Operands = [
        'AGENT_AVAIL',
      ]),
    action: 'check-lookup-outcome',
    problem: /lookupOutcome is never "AGENT_AVAIL"/,
  },
  // Rules of one action type
  {
    rule: 'InvokeLambdaFunction/time-limit',
    file: I,
    change: 'a 9 s time limit',
    mutate: (f) => void (act(f, 'find-last-agent').Parameters.InvocationTimeLimitSeconds = '9'),
    action: 'find-last-agent',
    problem: /InvocationTimeLimitSeconds is 9; Connect allows 1 to 8/,
  },
  {
    rule: 'InvokeLambdaFunction/response-type',
    file: I,
    change: 'ResponseType XML',
    mutate: (f) => void (act(f, 'find-last-agent').Parameters.ResponseValidation = { ResponseType: 'XML' }),
    action: 'find-last-agent',
    problem: /must be STRING_MAP or JSON/,
  },
  {
    rule: 'InvokeLambdaFunction/find-last-agent-string-map',
    file: I,
    change: 'find-last-agent read as JSON',
    mutate: (f) => void (act(f, 'find-last-agent').Parameters.ResponseValidation = { ResponseType: 'JSON' }),
    action: 'find-last-agent',
    problem: /find-last-agent returns a flat map/,
  },
  {
    rule: 'InvokeLambdaFunction/invocation-attributes',
    file: I,
    change: 'LambdaInvocationAttributes is a string',
    mutate: (f) => void (act(f, 'create-voice-call').Parameters.LambdaInvocationAttributes = 'methodName'),
    action: 'create-voice-call',
    problem: /LambdaInvocationAttributes must be an object/,
  },
  {
    rule: 'CheckMetricData/metric-type',
    file: I,
    change: 'a staffing check with an unknown metric',
    mutate: (f) =>
      void replace(
        f,
        'check-agent-available',
        'CheckMetricData',
        { MetricType: 'NumberOfAgentsReady', AgentId: '$.External.lastAgentArn' },
        act(f, 'check-agent-available').Transitions,
      ),
    action: 'check-agent-available',
    problem: /unknown MetricType "NumberOfAgentsReady"/,
  },
  {
    rule: 'CheckMetricData/agents-condition',
    file: I,
    change: 'a staffing check tested with Equals true',
    mutate: (f) =>
      void replace(
        f,
        'check-agent-available',
        'CheckMetricData',
        { MetricType: 'NumberOfAgentsOnline', AgentId: '$.External.lastAgentArn' },
        act(f, 'check-agent-available').Transitions,
      ),
    action: 'check-agent-available',
    problem: /NumberOfAgentsOnline supports only the condition NumberGreaterThan 0/,
  },
  {
    rule: 'CheckMetricData/queue-or-agent',
    file: I,
    change: 'a staffing check with both a queue and an agent',
    mutate: (f) =>
      void replace(
        f,
        'check-agent-available',
        'CheckMetricData',
        {
          MetricType: 'NumberOfContactsInQueue',
          AgentId: '$.External.lastAgentArn',
          QueueId: '$.External.lastQueueArn',
        },
        { ...act(f, 'check-agent-available').Transitions, Conditions: [] },
      ),
    action: 'check-agent-available',
    problem: /QueueId and AgentId are exclusive/,
  },
  {
    rule: 'Compare/single-jsonpath',
    file: I,
    change: 'ComparisonValue is a literal',
    mutate: (f) => void (act(f, 'check-lookup-outcome').Parameters.ComparisonValue = 'AGENT_AVAILABLE'),
    action: 'check-lookup-outcome',
    problem: /ComparisonValue must be a single JSONPath/,
  },
  {
    rule: 'Compare/no-conditions',
    file: I,
    change: 'a Compare without conditions',
    mutate: (f) => void (act(f, 'check-routing').Transitions.Conditions = []),
    action: 'check-routing',
    problem: /Compare without conditions/,
  },
  {
    rule: 'operand-empty',
    file: I,
    change: 'a comparison with ""',
    mutate: (f) =>
      void ((act(f, 'check-routing').Transitions.Conditions ?? [])[0]!.Condition.Operands = ['']),
    action: 'check-routing',
    problem: /the service rejects an empty operand/,
  },
  {
    rule: 'param-one-of',
    file: I,
    change: 'a message with no text',
    mutate: (f) => void delete act(f, 'tell-last-queue').Parameters.Text,
    action: 'tell-last-queue',
    problem: /exactly one of Text\/SSML\/PromptId .*found none/,
  },
  {
    rule: 'MessageParticipantIteratively/messages',
    file: I,
    change: 'looping prompts with an empty list',
    mutate: (f) =>
      void replace(
        f,
        'tell-last-queue',
        'MessageParticipantIteratively',
        { Messages: [] },
        { Errors: [{ NextAction: 'disconnect', ErrorType: 'NoMatchingError' }] },
      ),
    action: 'tell-last-queue',
    problem: /Messages must be a non-empty list/,
  },
  {
    rule: 'GetParticipantInput/time-limit',
    file: I,
    change: 'a zero input time limit',
    mutate: (f) => void (act(f, 'offer-last-agent').Parameters.InputTimeLimitSeconds = '0'),
    action: 'offer-last-agent',
    problem: /InputTimeLimitSeconds must be a positive whole number/,
  },
  {
    rule: 'GetParticipantInput/store-input',
    file: I,
    change: 'StoreInput "Yes"',
    mutate: (f) => void (act(f, 'offer-last-agent').Parameters.StoreInput = 'Yes'),
    action: 'offer-last-agent',
    problem: /StoreInput must be "True" or "False"/,
  },
  {
    rule: 'GetParticipantInput/no-matching-error',
    file: I,
    change: 'NoMatchingError removed from the menu',
    mutate: (f) => {
      const t = act(f, 'offer-last-agent').Transitions;
      t.Errors = t.Errors?.filter((e) => e.ErrorType !== 'NoMatchingError');
    },
    action: 'offer-last-agent',
    problem: /missing error branch NoMatchingError/,
  },
  {
    rule: 'GetParticipantInput/no-matching-condition',
    file: I,
    change: 'StoreInput True on the menu',
    mutate: (f) => void (act(f, 'offer-last-agent').Parameters.StoreInput = 'True'),
    action: 'offer-last-agent',
    problem: /NoMatchingCondition is defined only when StoreInput is "False"/,
  },
  {
    rule: 'GetParticipantInput/stored-conditions',
    file: I,
    change: 'StoreInput True on the menu',
    mutate: (f) => void (act(f, 'offer-last-agent').Parameters.StoreInput = 'True'),
    action: 'offer-last-agent',
    problem: /conditions are not supported when StoreInput is "True"/,
  },
  {
    rule: 'GetParticipantInput/input-validation',
    file: I,
    change: 'InputValidation on a menu',
    mutate: (f) =>
      void (act(f, 'offer-last-agent').Parameters.InputValidation = {
        CustomValidation: { MaximumLength: '1' },
      }),
    action: 'offer-last-agent',
    problem: /InputValidation is allowed only when StoreInput is "True"/,
  },
  {
    rule: 'GetParticipantInput/dtmf-conditions',
    file: I,
    change: 'a menu condition on "12"',
    mutate: (f) =>
      void ((act(f, 'offer-last-agent').Transitions.Conditions ?? [])[0]!.Condition.Operands = ['12']),
    action: 'offer-last-agent',
    problem: /DTMF conditions must be Equals one key/,
  },
  {
    rule: 'Loop/count',
    file: T,
    change: 'LoopCount 101',
    mutate: (f) => void (act(f, 'try-create-transfer-vc').Parameters.LoopCount = '101'),
    action: 'try-create-transfer-vc',
    problem: /LoopCount must be a whole number from 0 to 100/,
  },
  {
    rule: 'Loop/conditions',
    file: T,
    change: 'DoneLooping condition removed',
    mutate: (f) => {
      const t = act(f, 'try-create-transfer-vc').Transitions;
      t.Conditions = t.Conditions?.filter((c) => c.Condition.Operands[0] !== 'DoneLooping');
    },
    action: 'try-create-transfer-vc',
    problem: /ContinueLooping and Equals DoneLooping/,
  },
  {
    rule: 'UpdateFlowLoggingBehavior/value',
    file: T,
    change: 'FlowLoggingBehavior On',
    mutate: (f) => void (act(f, 'set-logging').Parameters.FlowLoggingBehavior = 'On'),
    action: 'set-logging',
    problem: /FlowLoggingBehavior must be Enabled or Disabled/,
  },
  {
    rule: 'UpdateContactRecordingBehavior/behavior',
    file: T,
    change: 'recording parameters removed',
    mutate: (f) => void (act(f, 'set-recording').Parameters = {}),
    action: 'set-recording',
    problem: /missing parameter RecordingBehavior/,
  },
  {
    rule: 'UpdateContactAttributes/attributes',
    file: I,
    change: 'an attribute value that is a number',
    mutate: (f) =>
      void ((
        act(f, 'mark-routed-default').Parameters.Attributes as Record<string, unknown>
      ).lastAgentRouting = 1),
    action: 'mark-routed-default',
    problem: /attribute "lastAgentRouting" must be a string/,
  },
  {
    rule: 'UpdateContactAttributes/attribute-key',
    file: I,
    change: 'an attribute key with spaces',
    mutate: (f) => {
      const a = act(f, 'mark-routed-default').Parameters.Attributes as Record<string, string>;
      a['sfdc Routed To Last Agent'] = 'false';
    },
    action: 'mark-routed-default',
    problem: /attribute key "sfdc Routed To Last Agent"/,
  },
  {
    rule: 'UpdateContactEventHooks/one-hook',
    file: C,
    change: 'a second hook in one action',
    mutate: (f) =>
      void replace(
        f,
        'tell-agent-left',
        'UpdateContactEventHooks',
        { EventHooks: { CustomerRemaining: 'arn:x', CustomerQueue: 'arn:y' } },
        {
          NextAction: 'wait-for-customer',
          Errors: [{ NextAction: 'wait-for-customer', ErrorType: 'NoMatchingError' }],
        },
      ),
    action: 'tell-agent-left',
    problem: /EventHooks holds 2 entries .*exactly one/,
  },
  {
    rule: 'Wait/seconds',
    file: C,
    change: 'a zero-second wait',
    mutate: (f) => void (act(f, 'wait-for-customer').Parameters.TimeLimitSeconds = '0'),
    action: 'wait-for-customer',
    problem: /TimeLimitSeconds must be 1 to 604800 seconds/,
  },
  {
    rule: 'Wait/conditions',
    file: C,
    change: 'WaitCompleted condition removed',
    mutate: (f) => {
      const t = act(f, 'wait-for-customer').Transitions;
      t.Conditions = t.Conditions?.filter((c) => c.Condition.Operands[0] !== 'WaitCompleted');
    },
    action: 'wait-for-customer',
    problem: /Wait needs a condition Equals WaitCompleted/,
  },
  {
    rule: 'UpdateContactRoutingBehavior/value',
    file: I,
    change: 'queue priority 0',
    mutate: (f) => void replace(f, 'tell-last-queue', 'UpdateContactRoutingBehavior', { QueuePriority: '0' }),
    action: 'tell-last-queue',
    problem: /QueuePriority must be a whole number larger than zero/,
  },
  {
    rule: 'UpdateContactRoutingCriteria/steps',
    file: I,
    change: 'routing criteria without steps',
    mutate: (f) => void routingAction(f, 'UpdateContactRoutingCriteria', { RoutingCriteria: { Steps: [] } }),
    action: 'tell-last-queue',
    problem: /at least one step/,
  },
  {
    rule: 'UpdateContactRoutingCriteria/step',
    file: I,
    change: 'a routing step that expires after 0 s',
    mutate: (f) =>
      void routingAction(f, 'UpdateContactRoutingCriteria', {
        RoutingCriteria: { Steps: [{ ...ROUTING_STEP, Expiry: { DurationInSeconds: 0 } }] },
      }),
    action: 'tell-last-queue',
    problem: /DurationInSeconds must be a positive whole number/,
  },
  {
    rule: 'UpdateContactRoutingCriteria/agent-step-expiry',
    file: I,
    change: 'a step on the last agent without an expiry',
    mutate: (f) =>
      void routingAction(f, 'UpdateContactRoutingCriteria', {
        RoutingCriteria: { Steps: [{ Expression: ROUTING_STEP.Expression }] },
      }),
    action: 'tell-last-queue',
    problem: /matches named agents but has no Expiry\.DurationInSeconds/,
  },
  // Entries added from the second corpus round
  {
    rule: 'transitions-missing',
    file: I,
    change: 'the disconnect without its Transitions',
    mutate: (f) => void delete (act(f, 'disconnect') as Partial<Action>).Transitions,
    action: 'disconnect',
    problem: /Transitions is missing; read as \{\}/,
  },
  {
    rule: 'CheckHoursOfOperation/conditions',
    file: I,
    change: 'an hours check with only the in-hours condition',
    mutate: (f) =>
      void replace(
        f,
        'check-agent-available',
        'CheckHoursOfOperation',
        {},
        {
          NextAction: act(f, 'check-agent-available').Transitions.NextAction,
          Errors: [{ NextAction: 'disconnect', ErrorType: 'NoMatchingError' }],
          Conditions: [{ NextAction: 'disconnect', Condition: { Operator: 'Equals', Operands: ['True'] } }],
        },
      ),
    action: 'check-agent-available',
    problem: /missing Equals False/,
  },
  {
    rule: 'UpdateContactMediaStreamingBehavior/state',
    file: I,
    change: 'logging replaced by media streaming "On"',
    mutate: (f) =>
      void replace(f, 'set-logging', 'UpdateContactMediaStreamingBehavior', {
        MediaStreamingState: 'On',
        MediaStreamType: 'Audio',
        Participants: [{ ParticipantType: 'Customer', MediaDirections: ['From', 'To'] }],
      }),
    action: 'set-logging',
    problem: /MediaStreamingState must be "Enabled" or "Disabled"/,
  },
  {
    rule: 'ConnectParticipantWithLexBot/one-bot',
    file: I,
    change: 'the agent offer replaced by a Lex bot with no bot named',
    mutate: (f) =>
      void replace(
        f,
        'offer-last-agent',
        'ConnectParticipantWithLexBot',
        { Text: 'How can we help?' },
        act(f, 'offer-last-agent').Transitions,
      ),
    action: 'offer-last-agent',
    problem: /give either LexBot or LexV2Bot \(found neither\)/,
  },
];

/** A valid routing-criteria action for the tests that show the mutation, not the base, is at fault. */
export const VALID_ROUTING_STEP = ROUTING_STEP;
