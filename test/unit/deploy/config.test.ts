import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  DeployConfigError,
  readDeployConfig,
  validateDeployConfig,
  type ValidationResult,
} from '../../../scripts/deploy/config';

const EXAMPLE = path.resolve(__dirname, '../../../scripts/deploy/deploy-config.example.json');
const FLOWS = [
  'agent-transfer',
  'chat-agent-offline-disconnect',
  'inbound-last-agent-routing',
  'inbound-preferred-agent',
];
const INSTANCE = '11111111-2222-4333-8444-555555555555';

/** A loosely typed config document, as read from a file. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- tests write wrong types on purpose
type RawConfig = Record<string, any>;

/** A minimal valid config; tests change one thing at a time. */
function base(): RawConfig {
  return {
    region: 'eu-west-2',
    connect: {
      instanceId: INSTANCE,
      defaultQueueArn: `arn:aws:connect:eu-west-2:123456789012:instance/${INSTANCE}/queue/q-1`,
      telephonyLambdaArn:
        'arn:aws:lambda:eu-west-2:123456789012:function:InvokeTelephonyIntegrationApiFunction',
    },
    salesforce: {
      loginUrl: 'https://login.salesforce.com',
      clientId: '3MVG9-key',
      username: 'integration@example.com',
    },
  };
}

function problemsOf(result: ValidationResult): string[] {
  if (result.ok) throw new Error('expected problems, got a valid config');
  return result.problems;
}

describe('validateDeployConfig', () => {
  it('accepts the documented example and applies the defaults', () => {
    // Act
    const config = readDeployConfig(EXAMPLE, FLOWS);
    // Assess
    expect(config).toMatchObject({
      stackName: 'ScvLastAgent',
      region: 'eu-west-2',
      findLastAgent: { timeoutSeconds: 8, provisionedConcurrency: 0 },
      presence: { enabled: true, connectAgentEvents: true, shardCount: 1 },
    });
    expect(config.flows.deploy).toEqual(FLOWS);
  });

  it('defaults a minimal config: every flow, presence on, no provisioned concurrency, a created secret', () => {
    const result = validateDeployConfig(base(), FLOWS);
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.config.salesforce.privateKeySecretArn).toBeUndefined();
    expect(result.config.flows.deploy).toEqual(FLOWS);
    expect(result.config.findLastAgent.memoryMb).toBe(512);
  });

  it('reports every problem at once, each naming its field', () => {
    // Prepare
    const raw = base();
    raw.region = 'Europe';
    raw.connect.instanceId = 'not-a-uuid';
    raw.salesforce.clientId = '';
    raw.findLastAgent = { timeoutSeconds: 30, provisionedConcurrency: -1 };
    raw.presence = { enabled: 'yes' };
    raw.colour = 'blue';
    // Act
    const problems = problemsOf(validateDeployConfig(raw, FLOWS));
    // Assess
    const fields = problems.map((p) => p.split(':')[0]);
    expect(fields).toEqual(
      expect.arrayContaining([
        'region',
        'connect.instanceId',
        'salesforce.clientId',
        'findLastAgent.timeoutSeconds',
        'findLastAgent.provisionedConcurrency',
        'presence.enabled',
        'colour',
      ]),
    );
    expect(problems.find((p) => p.startsWith('findLastAgent.timeoutSeconds'))).toMatch(/8 s/);
  });

  it('refuses ARNs of the wrong kind, Region or instance', () => {
    const raw = base();
    raw.connect.defaultQueueArn = `arn:aws:connect:eu-west-2:123456789012:instance/99999999-2222-4333-8444-555555555555/queue/q-1`;
    raw.connect.telephonyLambdaArn = 'arn:aws:lambda:us-east-1:123456789012:function:Telephony';
    raw.salesforce.privateKeySecretArn = 'arn:aws:s3:::bucket';
    const problems = problemsOf(validateDeployConfig(raw, FLOWS));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^connect\.defaultQueueArn: the queue belongs to another instance/),
        expect.stringMatching(
          /^connect\.telephonyLambdaArn: the ARN is in us-east-1, but region is eu-west-2/,
        ),
        expect.stringMatching(
          /^salesforce\.privateKeySecretArn: .* is not a complete Secrets Manager secret ARN/,
        ),
      ]),
    );
  });

  it('never lets the private key or stack-set variables into the function environment', () => {
    const raw = base();
    raw.findLastAgent = {
      environment: {
        SF_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----',
        SF_USERNAME: 'x',
        AWS_ENDPOINT_URL_CONNECT: 'http://x',
      },
    };
    const problems = problemsOf(validateDeployConfig(raw, FLOWS));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^findLastAgent\.environment\.SF_PRIVATE_KEY: never deploy the key inline/),
        expect.stringMatching(/^findLastAgent\.environment\.SF_USERNAME: the stack sets it/),
        expect.stringMatching(/^findLastAgent\.environment\.AWS_ENDPOINT_URL_CONNECT: Lambda reserves/),
      ]),
    );
  });

  it("judges the Lambda's settings with the Lambda's own loader and names the config field", () => {
    const raw = base();
    raw.salesforce.loginUrl = 'http://login.example.com';
    raw.findLastAgent = {
      timeoutSeconds: 3,
      environment: { LOOKBACK_DAYS: '400', LOOKUP_DEADLINE_MS: '3000' },
    };
    const problems = problemsOf(validateDeployConfig(raw, FLOWS));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^salesforce\.loginUrl: SF_LOGIN_URL must be an https URL/),
        expect.stringMatching(/^findLastAgent\.environment\.LOOKBACK_DAYS: LOOKBACK_DAYS must be an integer/),
      ]),
    );
  });

  it('keeps the lookup deadline inside the function timeout', () => {
    const raw = base();
    raw.findLastAgent = { timeoutSeconds: 3, environment: { LOOKUP_DEADLINE_MS: '2800' } };
    expect(problemsOf(validateDeployConfig(raw, FLOWS))).toEqual([
      expect.stringMatching(
        /^findLastAgent\.environment\.LOOKUP_DEADLINE_MS: 2800 ms leaves no time inside the 3 s timeout/,
      ),
    ]);
  });

  it("judges the preferred-agent flow's settings by the placeholders' own rules", () => {
    const raw = base();
    raw.flows = { preferredAgentSeconds: 400, speakLastCallReason: 'yes' };
    expect(problemsOf(validateDeployConfig(raw, FLOWS))).toEqual([
      expect.stringMatching(/^flows\.preferredAgentSeconds: must be a whole number from 1 to 300/),
      expect.stringMatching(/^flows\.speakLastCallReason: must be true or false/),
    ]);
  });

  it('checks flows.deploy and flows.names against the flow files', () => {
    const raw = base();
    raw.flows = {
      deploy: ['inbound-last-agent-routing', 'nope', 'inbound-last-agent-routing'],
      names: { 'agent-transfer': 'Same', 'chat-agent-offline-disconnect': 'Same', ghost: 'X' },
    };
    const problems = problemsOf(validateDeployConfig(raw, FLOWS));
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^flows\.deploy\[1\]: no flows\/nope\.json/),
        expect.stringMatching(/^flows\.deploy\[2\]: "inbound-last-agent-routing" is listed twice/),
        expect.stringMatching(
          /^flows\.names\.chat-agent-offline-disconnect: "Same" is also the name of agent-transfer/,
        ),
        expect.stringMatching(/^flows\.names\.ghost: no flows\/ghost\.json/),
      ]),
    );
  });

  it('defaults connectAgentEvents to false for an existing stream and refuses a shard count for it', () => {
    const raw = base();
    raw.presence = { existingStreamArn: 'arn:aws:kinesis:eu-west-2:123456789012:stream/agents' };
    const result = validateDeployConfig(raw, FLOWS);
    expect(result.ok && result.config.presence.connectAgentEvents).toBe(false);
    raw.presence.shardCount = 2;
    expect(problemsOf(validateDeployConfig(raw, FLOWS))).toEqual([
      expect.stringMatching(/^presence\.shardCount: applies only to a stream the stack creates/),
    ]);
  });
});

describe('readDeployConfig', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'scv-config-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('names the file in every problem, for unreadable, malformed and invalid files', () => {
    const bad = path.join(dir, 'bad.json');
    writeFileSync(bad, '{ "region": ');
    const invalid = path.join(dir, 'invalid.json');
    writeFileSync(invalid, JSON.stringify({ region: 'eu-west-2' }));
    for (const [file, pattern] of [
      [path.join(dir, 'missing.json'), /cannot read the config file \(ENOENT\)/],
      [bad, /not valid JSON/],
      [invalid, /connect\.instanceId: required/],
    ] as const) {
      try {
        readDeployConfig(file, FLOWS);
        throw new Error('expected DeployConfigError');
      } catch (e) {
        expect(e).toBeInstanceOf(DeployConfigError);
        const problems = (e as DeployConfigError).problems;
        expect(problems.every((p) => p.startsWith(`${file}: `))).toBe(true);
        expect(problems.join('\n')).toMatch(pattern);
      }
    }
  });
});
