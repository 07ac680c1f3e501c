/**
 * deploy:aws against the sandbox's Connect emulator: the flows step for real (create, update,
 * unchanged, dry run, refusals) and the whole CLI with the Lambda API mocked, since there is no
 * local Lambda service. Each test starts its own sandbox, so flows never leak between tests.
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import { ConnectClient, CreateContactFlowCommand } from '@aws-sdk/client-connect';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';

import { main } from '../../scripts/deploy/aws-cli';
import {
  deployFlows,
  FlowDeployError,
  loadFlowFiles,
  type DeployFlowsInput,
} from '../../scripts/deploy/flows';
import { packageLambda } from '../../scripts/deploy/lambda';
import { startSandbox, type Sandbox } from '../../scripts/sandbox/sandbox';

const FLOWS_DIR = path.resolve(__dirname, '../../flows');
const FUNCTION_NAME = 'scv-find-last-agent';
const WRITE_OPERATIONS = ['CreateContactFlow', 'UpdateContactFlowContent', 'AssociateLambdaFunction'];

let sandbox: Sandbox;
let connect: ConnectClient;
let tmp: string;

const region = (): string => sandbox.instanceArn.split(':')[3] as string;
const account = (): string => sandbox.instanceArn.split(':')[4] as string;
const functionArn = (): string => `arn:aws:lambda:${region()}:${account()}:function:${FUNCTION_NAME}`;
const queueArn = (i = 0): string =>
  `${sandbox.instanceArn}/queue/${sandbox.data.connect.queues.filter((q) => q.queueType === 'STANDARD')[i]?.id}`;
const telephonyArn = (): string =>
  `arn:aws:lambda:${region()}:${account()}:function:InvokeTelephonyIntegrationApiFunction`;

const newConnectClient = (): ConnectClient =>
  new ConnectClient({
    region: region(),
    endpoint: sandbox.connectEndpoint,
    credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
    maxAttempts: 1,
  });

/** The preferred-agent flow's placeholders that are not ARNs. */
const ROUTING_PLACEHOLDERS = { PREFERRED_AGENT_SECONDS: '20', SPEAK_LAST_CALL_REASON: 'false' };

const flowsInput = (overrides: Partial<DeployFlowsInput> = {}): DeployFlowsInput => ({
  instanceId: sandbox.instanceId,
  instanceArn: sandbox.instanceArn,
  flows: loadFlowFiles(FLOWS_DIR),
  names: {},
  placeholders: {
    FIND_LAST_AGENT_LAMBDA_ARN: functionArn(),
    TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
    DEFAULT_QUEUE_ARN: queueArn(0),
    ...ROUTING_PLACEHOLDERS,
  },
  dryRun: false,
  ...overrides,
});

const writes = (): string[] =>
  sandbox.connect.journal.map((e) => e.operation ?? '').filter((op) => WRITE_OPERATIONS.includes(op));
const storedFlows = () => [...sandbox.connect.contactFlows.values()];

beforeEach(async () => {
  sandbox = await startSandbox({ orgPort: 0, connectPort: 0 });
  connect = newConnectClient();
  tmp = mkdtempSync(path.join(tmpdir(), 'deploy-aws-'));
});

afterEach(async () => {
  connect.destroy();
  await sandbox.close();
  rmSync(tmp, { recursive: true, force: true });
});

describe('deployFlows against the Connect emulator', () => {
  it('creates every flow on the first run with its type and every placeholder filled', async () => {
    // Prepare
    const input = flowsInput();

    // Act
    const result = await deployFlows(connect, input);

    // Assess
    expect(result.flows.map((f) => [f.key, f.action, f.type])).toEqual([
      ['agent-transfer', 'create', 'AGENT_TRANSFER'],
      ['chat-agent-offline-disconnect', 'create', 'CONTACT_FLOW'],
      ['inbound-last-agent-routing', 'create', 'CONTACT_FLOW'],
      ['inbound-preferred-agent', 'create', 'CONTACT_FLOW'],
    ]);
    const stored = storedFlows();
    expect(stored.map((f) => f.name).sort()).toEqual([
      'SCV Agent Transfer',
      'SCV Chat Agent Offline Disconnect',
      'SCV Inbound Last-Agent Routing',
      'SCV Inbound Preferred Agent',
    ]);
    for (const flow of stored) expect(flow.content).not.toContain('${');
    const inbound = stored.find((f) => f.name === 'SCV Inbound Last-Agent Routing');
    expect(inbound?.content).toContain(functionArn());
    expect(inbound?.content).toContain(queueArn(0));
    expect(stored.find((f) => f.type === 'AGENT_TRANSFER')?.content).toContain(telephonyArn());
    expect(result.flows.every((f) => f.arn?.startsWith(`${sandbox.instanceArn}/contact-flow/`))).toBe(true);
    expect(result.flows.find((f) => f.key === 'inbound-last-agent-routing')?.filled).toEqual({
      DEFAULT_QUEUE_ARN: queueArn(0),
      SPEAK_LAST_CALL_REASON: 'false',
      FIND_LAST_AGENT_LAMBDA_ARN: functionArn(),
      TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
    });
    // SCV's createVoiceCall is what carries the sfdc- attributes to Salesforce
    expect(inbound?.content).toContain(telephonyArn());
    expect(result.flows.find((f) => f.key === 'inbound-preferred-agent')?.filled).toEqual({
      DEFAULT_QUEUE_ARN: queueArn(0),
      ...ROUTING_PLACEHOLDERS,
      FIND_LAST_AGENT_LAMBDA_ARN: functionArn(),
      TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
    });
  });

  it('changes nothing on an identical second run and updates only the flows whose content changed', async () => {
    // Prepare
    await deployFlows(connect, flowsInput());
    const idsBefore = storedFlows()
      .map((f) => f.id)
      .sort();
    sandbox.connect.clearJournal();

    // Act
    const again = await deployFlows(connect, flowsInput());
    const writesOfSecondRun = writes();
    const changed = await deployFlows(
      connect,
      flowsInput({
        placeholders: {
          FIND_LAST_AGENT_LAMBDA_ARN: functionArn(),
          TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
          DEFAULT_QUEUE_ARN: queueArn(1),
          ...ROUTING_PLACEHOLDERS,
        },
      }),
    );

    // Assess
    expect(again.flows.map((f) => f.action)).toEqual(['unchanged', 'unchanged', 'unchanged', 'unchanged']);
    expect(writesOfSecondRun).toEqual([]);
    expect(changed.flows.map((f) => [f.key, f.action])).toEqual([
      ['agent-transfer', 'unchanged'],
      ['chat-agent-offline-disconnect', 'update'],
      ['inbound-last-agent-routing', 'update'],
      ['inbound-preferred-agent', 'update'],
    ]);
    expect(writes()).toEqual([
      'UpdateContactFlowContent',
      'UpdateContactFlowContent',
      'UpdateContactFlowContent',
    ]);
    expect(
      storedFlows()
        .map((f) => f.id)
        .sort(),
    ).toEqual(idsBefore);
    const inbound = storedFlows().find((f) => f.name === 'SCV Inbound Last-Agent Routing');
    expect(inbound?.content).toContain(queueArn(1));
    expect(inbound?.content).not.toContain(queueArn(0));
  });

  it('in a dry run only reads and reports what it would create', async () => {
    // Prepare
    const input = flowsInput({ dryRun: true });

    // Act
    const result = await deployFlows(connect, input);

    // Assess
    expect(result.flows.map((f) => f.action)).toEqual(['create', 'create', 'create', 'create']);
    expect(result.flows.every((f) => f.arn === undefined)).toBe(true);
    expect(storedFlows()).toEqual([]);
    expect(sandbox.connect.journal.map((e) => e.operation)).toEqual(['ListContactFlows']);
  });

  it('in a dry run of deployed flows describes them and writes nothing', async () => {
    // Prepare
    await deployFlows(connect, flowsInput());
    const contentBefore = storedFlows().map((f) => f.content);
    sandbox.connect.clearJournal();

    // Act
    const result = await deployFlows(
      connect,
      flowsInput({
        dryRun: true,
        placeholders: {
          FIND_LAST_AGENT_LAMBDA_ARN: functionArn(),
          TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
          DEFAULT_QUEUE_ARN: queueArn(1),
          ...ROUTING_PLACEHOLDERS,
        },
      }),
    );

    // Assess
    expect(result.flows.map((f) => f.action)).toEqual(['unchanged', 'update', 'update', 'update']);
    expect(writes()).toEqual([]);
    expect(new Set(sandbox.connect.journal.map((e) => e.operation))).toEqual(
      new Set(['ListContactFlows', 'DescribeContactFlow']),
    );
    expect(storedFlows().map((f) => f.content)).toEqual(contentBefore);
  });

  it('refuses to deploy anything when one flow has a checker error', async () => {
    // Prepare
    const dir = path.join(tmp, 'flows');
    cpSync(FLOWS_DIR, dir, { recursive: true });
    const brokenFile = path.join(dir, 'agent-transfer.json');
    const broken = JSON.parse(readFileSync(brokenFile, 'utf8')) as { StartAction: string };
    broken.StartAction = 'no-such-action';
    writeFileSync(brokenFile, JSON.stringify(broken, null, 2));

    // Act
    const error = await deployFlows(connect, flowsInput({ flows: loadFlowFiles(dir) })).catch(
      (e: unknown) => e,
    );

    // Assess
    expect(error).toBeInstanceOf(FlowDeployError);
    expect((error as FlowDeployError).problems.join('\n')).toContain(
      'StartAction "no-such-action" is not an action Identifier',
    );
    expect(storedFlows()).toEqual([]);
    expect(writes()).toEqual([]);
  });

  it('refuses a placeholder value that breaks the filled flow', async () => {
    // Prepare
    const input = flowsInput({
      placeholders: {
        FIND_LAST_AGENT_LAMBDA_ARN: functionArn(),
        TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
        DEFAULT_QUEUE_ARN: '${DEFAULT_QUEUE}',
        ...ROUTING_PLACEHOLDERS,
      },
    });

    // Act
    const error = await deployFlows(connect, input).catch((e: unknown) => e);

    // Assess
    expect(error).toBeInstanceOf(FlowDeployError);
    expect((error as FlowDeployError).problems.some((p) => p.includes('(filled)'))).toBe(true);
    expect(storedFlows()).toEqual([]);
  });

  it('refuses when a flow of the same name exists with another type', async () => {
    // Prepare
    const content = JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'bye',
      Actions: [{ Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} }],
    });
    await connect.send(
      new CreateContactFlowCommand({
        InstanceId: sandbox.instanceId,
        Name: 'SCV Agent Transfer',
        Type: 'CUSTOMER_QUEUE',
        Content: content,
      }),
    );
    sandbox.connect.clearJournal();

    // Act
    const error = await deployFlows(connect, flowsInput()).catch((e: unknown) => e);

    // Assess
    expect((error as FlowDeployError).problems).toEqual([
      expect.stringContaining(
        'a flow named "SCV Agent Transfer" exists with type CUSTOMER_QUEUE, not AGENT_TRANSFER',
      ),
    ]);
    expect(writes()).toEqual([]);
  });

  it('uses the configured flow names', async () => {
    // Prepare
    const input = flowsInput({ names: { 'inbound-last-agent-routing': 'Main line (last agent)' } });

    // Act
    await deployFlows(connect, input);

    // Assess
    expect(storedFlows().map((f) => f.name)).toContain('Main line (last agent)');
    expect(storedFlows().map((f) => f.name)).not.toContain('SCV Inbound Last-Agent Routing');
  });
});

describe('npm run deploy:aws (main) with the Lambda API mocked', () => {
  const lambdaMock = mockClient(LambdaClient);
  let bundleDir: string;
  let configFile: string;
  let out: string[];
  let err: string[];

  const deployed = (): FunctionConfiguration => ({
    FunctionName: FUNCTION_NAME,
    FunctionArn: functionArn(),
    Runtime: 'nodejs22.x',
    Handler: 'index.handler',
    Role: `arn:aws:iam::${account()}:role/scv-find-last-agent`,
    MemorySize: 256,
    Timeout: 8,
    Architectures: ['arm64'],
    CodeSha256: packageLambda(bundleDir).codeSha256,
    Environment: {
      Variables: {
        SF_LOGIN_URL: 'https://login.salesforce.com',
        SF_CLIENT_ID: 'client',
        SF_USERNAME: 'integration@example.com',
        SF_PRIVATE_KEY_SECRET_ID: 'scv/key',
        CONNECT_INSTANCE_ID: sandbox.instanceId,
      },
    },
    State: 'Active',
    LastUpdateStatus: 'Successful',
  });

  const writeConfig = (patch: (c: Record<string, unknown>) => void = () => undefined): void => {
    const config: Record<string, unknown> = {
      region: region(),
      instanceId: sandbox.instanceId,
      lambda: {
        functionName: FUNCTION_NAME,
        roleArn: `arn:aws:iam::${account()}:role/scv-find-last-agent`,
        environment: {
          SF_LOGIN_URL: 'https://login.salesforce.com',
          SF_CLIENT_ID: 'client',
          SF_USERNAME: 'integration@example.com',
          SF_PRIVATE_KEY_SECRET_ID: 'scv/key',
        },
      },
      flows: {
        placeholders: {
          TELEPHONY_INTEGRATION_LAMBDA_ARN: telephonyArn(),
          DEFAULT_QUEUE_ARN: queueArn(0),
          ...ROUTING_PLACEHOLDERS,
        },
      },
    };
    patch(config);
    writeFileSync(configFile, JSON.stringify(config));
  };

  const run = (...args: string[]): Promise<number> =>
    main(['--config', configFile, '--no-build', ...args], {
      lambdaClient: (r) =>
        new LambdaClient({ region: r, credentials: { accessKeyId: 'x', secretAccessKey: 'x' } }),
      connectClient: () => newConnectClient(),
      bundleDir,
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      waiter: { maxWaitTime: 5, minDelay: 1, maxDelay: 1 },
    });

  beforeEach(() => {
    lambdaMock.reset();
    bundleDir = path.join(tmp, 'bundle');
    mkdirSync(bundleDir);
    writeFileSync(path.join(bundleDir, 'index.js'), 'exports.handler = async () => ({});\n');
    configFile = path.join(tmp, 'deploy.json');
    out = [];
    err = [];
  });

  afterAll(() => lambdaMock.restore());

  it('deploys the Lambda and the flows, and a second run changes nothing', async () => {
    // Prepare
    writeConfig();
    const notFound = new ResourceNotFoundException({ message: 'Function not found', $metadata: {} });
    lambdaMock.on(GetFunctionCommand).rejectsOnce(notFound).resolves({ Configuration: deployed() });
    lambdaMock.on(CreateFunctionCommand).resolves({ FunctionArn: functionArn() });
    lambdaMock
      .on(GetPolicyCommand)
      .rejectsOnce(notFound)
      .resolves({
        Policy: JSON.stringify({
          Statement: [
            {
              Sid: `scv-connect-${sandbox.instanceId}`,
              Effect: 'Allow',
              Principal: { Service: 'connect.amazonaws.com' },
            },
          ],
        }),
      });
    lambdaMock.on(AddPermissionCommand).resolves({});

    // Act
    const first = await run();
    const firstOut = [...out];
    const flowsAfterFirst = storedFlows().map((f) => [f.id, f.content]);
    sandbox.connect.clearJournal();
    out = [];
    const second = await run();

    // Assess
    expect(err).toEqual([]);
    expect(first).toBe(0);
    expect(lambdaMock).toHaveReceivedCommandTimes(CreateFunctionCommand, 1);
    expect(lambdaMock).toHaveReceivedCommandTimes(AddPermissionCommand, 1);
    expect(sandbox.connect.lambdaFunctions).toEqual([functionArn()]);
    expect(firstOut).toContain(
      '  + function: created — scv-find-last-agent (nodejs22.x, arm64, 256 MB, 8 s)',
    );
    expect(firstOut.filter((l) => l.includes('+ flow '))).toHaveLength(4);
    expect(firstOut.at(-1)).toBe('done');
    expect(second).toBe(0);
    expect(out.filter((l) => /^ {2}[+~] /.test(l))).toEqual([]);
    expect(out.filter((l) => l.startsWith('  = '))).toHaveLength(8);
    expect(writes()).toEqual([]);
    expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionCodeCommand, 0);
    expect(storedFlows().map((f) => [f.id, f.content])).toEqual(flowsAfterFirst);
  });

  it('prints the plan with filled placeholder values in a dry run and changes nothing', async () => {
    // Prepare
    writeConfig();
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: deployed() });
    lambdaMock
      .on(GetPolicyCommand)
      .rejects(new ResourceNotFoundException({ message: 'no policy', $metadata: {} }));

    // Act
    const code = await run('--dry-run');

    // Assess
    expect(code).toBe(0);
    expect(out[0]).toContain('(dry run: read-only)');
    expect(out).toContain('  + permission: would add — connect.amazonaws.com from ' + sandbox.instanceArn);
    expect(out).toContain(`      \${FIND_LAST_AGENT_LAMBDA_ARN} = ${functionArn()}`);
    expect(out).toContain(`      \${DEFAULT_QUEUE_ARN} = ${queueArn(0)}`);
    expect(out.at(-1)).toBe('dry run: nothing was changed');
    expect(lambdaMock).toHaveReceivedCommandTimes(AddPermissionCommand, 0);
    expect(writes()).toEqual([]);
    expect(storedFlows()).toEqual([]);
    // Environment values never reach the output.
    expect(out.join('\n')).not.toContain('integration@example.com');
  });

  it('--only flows takes the Lambda ARN from GetFunction and fails clearly when there is none', async () => {
    // Prepare
    writeConfig();
    lambdaMock
      .on(GetFunctionCommand)
      .rejects(new ResourceNotFoundException({ message: 'Function not found', $metadata: {} }));

    // Act
    const code = await run('--only', 'flows');

    // Assess
    expect(code).toBe(1);
    expect(err).toEqual([
      `lambda.functionName: no function ${FUNCTION_NAME} in ${region()}; deploy it first (--only lambda, or without --only)`,
    ]);
    expect(storedFlows()).toEqual([]);
  });

  it('--only flows deploys the flows with the existing function’s ARN', async () => {
    // Prepare
    writeConfig();
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: deployed() });

    // Act
    const code = await run('--only', 'flows');

    // Assess
    expect(code).toBe(0);
    expect(lambdaMock).toHaveReceivedCommandTimes(GetPolicyCommand, 0);
    expect(sandbox.connect.lambdaFunctions).toEqual([]);
    const inbound = storedFlows().find((f) => f.name === 'SCV Inbound Last-Agent Routing');
    expect(inbound?.content).toContain(functionArn());
  });

  it('exits 1 with one line per config problem and calls no AWS API', async () => {
    // Prepare
    writeConfig((c) => {
      (c.lambda as Record<string, unknown>).timeoutSeconds = 15;
      ((c.lambda as Record<string, unknown>).environment as Record<string, unknown>).SF_PRIVATE_KEY = 'pem';
    });

    // Act
    const code = await run();

    // Assess
    expect(code).toBe(1);
    expect(err).toEqual([
      expect.stringMatching(/deploy\.json: lambda\.timeoutSeconds: must be a whole number from 1 to 8/),
      expect.stringMatching(
        /deploy\.json: lambda\.environment\.SF_PRIVATE_KEY: do not deploy the private key inline/,
      ),
    ]);
    expect(out).toEqual([]);
    expect(lambdaMock.calls()).toHaveLength(0);
    expect(sandbox.connect.journal).toEqual([]);
  });

  it('exits 1 on an unknown argument with the usage line', async () => {
    // Prepare
    writeConfig();

    // Act
    const code = await run('--only', 'everything');

    // Assess
    expect(code).toBe(1);
    expect(err).toEqual([
      '--only must be lambda or flows (got everything)',
      expect.stringMatching(/^usage: npm run deploy:aws/),
    ]);
  });
});
