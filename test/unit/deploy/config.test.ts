/**
 * Validation of the deploy:aws config file: the example passes, defaults apply, and each
 * mistake is reported on its own line naming the setting to fix.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  DEFAULT_MEMORY_MB,
  DEFAULT_TIMEOUT_SECONDS,
  validateDeployConfig,
  type ValidationContext,
} from '../../../scripts/deploy/config';

const EXAMPLE = path.resolve(__dirname, '../../../scripts/deploy/deploy-config.example.json');
const INSTANCE = '11111111-2222-4333-8444-555555555555';
const CONTEXT: ValidationContext = {
  requiredPlaceholders: [
    'DEFAULT_QUEUE_ARN',
    'FIND_LAST_AGENT_LAMBDA_ARN',
    'PREFERRED_AGENT_SECONDS',
    'SPEAK_LAST_CALL_REASON',
    'TELEPHONY_INTEGRATION_LAMBDA_ARN',
  ],
  flowKeys: [
    'agent-transfer',
    'chat-agent-offline-disconnect',
    'inbound-last-agent-routing',
    'inbound-preferred-agent',
  ],
};

type Json = Record<string, unknown>;
const example = (): Json => JSON.parse(readFileSync(EXAMPLE, 'utf8')) as Json;
const lambdaOf = (c: Json): Json => c.lambda as Json;
const envOf = (c: Json): Json => lambdaOf(c).environment as Json;
const placeholdersOf = (c: Json): Json => (c.flows as Json).placeholders as Json;

/** Problems of a config after `mutate`, or [] when it validates. */
function problemsAfter(mutate: (c: Json) => void, context = CONTEXT): string[] {
  const config = example();
  mutate(config);
  const result = validateDeployConfig(config, context);
  return result.ok ? [] : result.problems;
}

describe('validateDeployConfig', () => {
  it('accepts the shipped example and applies defaults', () => {
    // Prepare
    const config = example();
    delete lambdaOf(config).memoryMb;
    delete lambdaOf(config).timeoutSeconds;

    // Act
    const result = validateDeployConfig(config, CONTEXT);

    // Assess
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.lambda.memoryMb).toBe(DEFAULT_MEMORY_MB);
    expect(result.config.lambda.timeoutSeconds).toBe(DEFAULT_TIMEOUT_SECONDS);
    expect(DEFAULT_TIMEOUT_SECONDS).toBe(8);
    // The Lambda then needs no event-derived instance id.
    expect(result.config.lambda.environment.CONNECT_INSTANCE_ID).toBe(INSTANCE);
    expect(result.config.lambda.environment.LOOKBACK_DAYS).toBe('7');
    expect(result.config.flows.names['agent-transfer']).toBe('SCV Agent Transfer');
  });

  it.each<[string, (c: Json) => void, RegExp]>([
    ['a missing region', (c) => delete c.region, /^region: required/],
    ['a region that is not one', (c) => (c.region = 'London'), /^region: "London" is not an AWS Region/],
    [
      'an instance ARN instead of its id',
      (c) => (c.instanceId = `arn:aws:connect:eu-west-2:1:instance/${INSTANCE}`),
      /^instanceId: .* use the UUID/,
    ],
    ['an unknown top-level key', (c) => (c.regoin = 'eu-west-2'), /^regoin: unknown setting/],
    ['a missing lambda section', (c) => delete c.lambda, /^lambda: add an object/],
    [
      'a function ARN as the name',
      (c) => (lambdaOf(c).functionName = 'arn:aws:lambda:eu-west-2:1:function:x'),
      /^lambda\.functionName: .*a name, not an ARN/,
    ],
    [
      'a role name instead of its ARN',
      (c) => (lambdaOf(c).roleArn = 'scv-role'),
      /^lambda\.roleArn: "scv-role" is not an IAM role ARN/,
    ],
    [
      'a timeout over Connect’s 8 s',
      (c) => (lambdaOf(c).timeoutSeconds = 10),
      /^lambda\.timeoutSeconds: must be a whole number from 1 to 8 \(got 10\); Connect waits at most 8 s/,
    ],
    [
      'memory below Lambda’s minimum',
      (c) => (lambdaOf(c).memoryMb = 64),
      /^lambda\.memoryMb: must be a whole number from 128 to 10240/,
    ],
    ['a missing environment', (c) => delete lambdaOf(c).environment, /^lambda\.environment: add an object/],
    [
      'an inline private key',
      (c) => (envOf(c).SF_PRIVATE_KEY = '-----BEGIN PRIVATE KEY-----\nMII...'),
      /^lambda\.environment\.SF_PRIVATE_KEY: do not deploy the private key inline.*Secrets Manager.*SF_PRIVATE_KEY_SECRET_ID/,
    ],
    [
      'no key secret at all',
      (c) => delete envOf(c).SF_PRIVATE_KEY_SECRET_ID,
      /^lambda\.environment\.SF_PRIVATE_KEY_SECRET_ID is required/,
    ],
    [
      'a value the Lambda’s loadConfig refuses',
      (c) => (envOf(c).LOOKBACK_DAYS = '365'),
      /^lambda\.environment: LOOKBACK_DAYS must be an integer from 1 to 90 \(got 365\)/,
    ],
    [
      'a plain-http login URL',
      (c) => (envOf(c).SF_LOGIN_URL = 'http://login.salesforce.com'),
      /^lambda\.environment: SF_LOGIN_URL must be an https URL/,
    ],
    [
      'a deadline that does not fit the timeout',
      (c) => {
        lambdaOf(c).timeoutSeconds = 3;
        envOf(c).LOOKUP_DEADLINE_MS = '3000';
      },
      /^lambda\.environment\.LOOKUP_DEADLINE_MS: 3000 ms leaves no time inside the 3 s timeout/,
    ],
    [
      'a Lambda-reserved variable',
      (c) => (envOf(c).AWS_REGION = 'eu-west-2'),
      /^lambda\.environment\.AWS_REGION: Lambda reserves this name/,
    ],
    [
      'a sandbox endpoint override',
      (c) => (envOf(c).AWS_ENDPOINT_URL_CONNECT = 'http://127.0.0.1:1'),
      /^lambda\.environment\.AWS_ENDPOINT_URL_CONNECT: would point/,
    ],
    [
      'a non-string variable',
      (c) => (envOf(c).AVAILABLE_STATUS_NAMES = ['Available']),
      /^lambda\.environment\.AVAILABLE_STATUS_NAMES: must be a string/,
    ],
    [
      'another instance in CONNECT_INSTANCE_ID',
      (c) => (envOf(c).CONNECT_INSTANCE_ID = '99999999-2222-4333-8444-555555555555'),
      /^lambda\.environment\.CONNECT_INSTANCE_ID: .* differs from instanceId/,
    ],
    [
      'more than 4 KB of environment',
      (c) => (envOf(c).PADDING = 'x'.repeat(4096)),
      /^lambda\.environment: \d+ bytes in total; Lambda allows 4096/,
    ],
    [
      'the Lambda ARN placeholder given by hand',
      (c) =>
        (placeholdersOf(c).FIND_LAST_AGENT_LAMBDA_ARN = 'arn:aws:lambda:eu-west-2:123456789012:function:x'),
      /^flows\.placeholders\.FIND_LAST_AGENT_LAMBDA_ARN: remove it; the deploy fills it/,
    ],
    [
      'an unknown placeholder',
      (c) => (placeholdersOf(c).QUEUE = 'x'),
      /^flows\.placeholders\.QUEUE: unknown placeholder; known: FIND_LAST_AGENT_LAMBDA_ARN/,
    ],
    [
      'a missing required placeholder',
      (c) => delete placeholdersOf(c).DEFAULT_QUEUE_ARN,
      /^flows\.placeholders\.DEFAULT_QUEUE_ARN: required by the flows; add it/,
    ],
    [
      'a preferred-agent step longer than 300 s',
      (c) => (placeholdersOf(c).PREFERRED_AGENT_SECONDS = '600'),
      /^flows\.placeholders\.PREFERRED_AGENT_SECONDS: must be a whole number of seconds from 1 to 300/,
    ],
    [
      'a privacy switch that is not true or false',
      (c) => (placeholdersOf(c).SPEAK_LAST_CALL_REASON = 'yes'),
      /^flows\.placeholders\.SPEAK_LAST_CALL_REASON: must be "true" or "false"/,
    ],
    [
      'a queue of another instance',
      (c) =>
        (placeholdersOf(c).DEFAULT_QUEUE_ARN =
          'arn:aws:connect:eu-west-2:123456789012:instance/99999999-2222-4333-8444-555555555555/queue/q1'),
      /^flows\.placeholders\.DEFAULT_QUEUE_ARN: the queue belongs to another instance/,
    ],
    [
      'a queue ARN that is a flow ARN',
      (c) =>
        (placeholdersOf(c).DEFAULT_QUEUE_ARN =
          `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE}/contact-flow/f1`),
      /^flows\.placeholders\.DEFAULT_QUEUE_ARN: .* is not a Connect queue ARN/,
    ],
    [
      'a Lambda of another Region',
      (c) =>
        (placeholdersOf(c).TELEPHONY_INTEGRATION_LAMBDA_ARN =
          'arn:aws:lambda:us-east-1:123456789012:function:Invoke'),
      /^flows\.placeholders\.TELEPHONY_INTEGRATION_LAMBDA_ARN: the ARN is in us-east-1, but region is eu-west-2/,
    ],
    [
      'a name for a flow file that does not exist',
      (c) => (((c.flows as Json).names as Json).inbound = 'X'),
      /^flows\.names\.inbound: no flows\/inbound\.json/,
    ],
    [
      'two flows with one name',
      (c) => (((c.flows as Json).names as Json)['agent-transfer'] = 'SCV Inbound Last-Agent Routing'),
      /^flows\.names\.\S+: "SCV Inbound Last-Agent Routing" is also the name of/,
    ],
  ])('reports %s', (_label, mutate, expected) => {
    // Prepare: the mutation is the one mistake under test.

    // Act
    const problems = problemsAfter(mutate);

    // Assess
    expect(problems).toEqual([expect.stringMatching(expected)]);
  });

  it('reports every problem at once, one line each', () => {
    // Prepare
    const mutate = (c: Json): void => {
      c.region = 'nowhere';
      lambdaOf(c).timeoutSeconds = 30;
      envOf(c).SF_PRIVATE_KEY = 'inline';
      delete placeholdersOf(c).TELEPHONY_INTEGRATION_LAMBDA_ARN;
    };

    // Act
    const problems = problemsAfter(mutate);

    // Assess
    expect(problems).toHaveLength(4);
    expect(problems.map((p) => p.split(':')[0])).toEqual([
      'region',
      'lambda.timeoutSeconds',
      'lambda.environment.SF_PRIVATE_KEY',
      'flows.placeholders.TELEPHONY_INTEGRATION_LAMBDA_ARN',
    ]);
    expect(problems.every((p) => !p.includes('\n'))).toBe(true);
    // The inline key itself is never echoed back.
    expect(problems.join(' ')).not.toContain('"inline"');
  });

  it('does not require flow placeholders when only the Lambda is deployed', () => {
    // Prepare
    const mutate = (c: Json): void => {
      delete c.flows;
    };

    // Act
    const problems = problemsAfter(mutate, { requiredPlaceholders: [], flowKeys: CONTEXT.flowKeys });

    // Assess
    expect(problems).toEqual([]);
  });

  it('refuses a file that is not an object', () => {
    // Prepare
    const raw = ['not', 'a', 'config'];

    // Act
    const result = validateDeployConfig(raw, CONTEXT);

    // Assess
    expect(result).toEqual({ ok: false, problems: [expect.stringContaining('must hold a JSON object')] });
  });
});
