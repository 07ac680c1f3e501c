/**
 * The Lambda step against mocked Lambda and Connect clients: create vs update vs an idempotent
 * re-run, the dry run, and tolerance of "already there" answers for the permission and the
 * association.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

import {
  AssociateLambdaFunctionCommand,
  ConnectClient,
  ListLambdaFunctionsCommand,
  ResourceConflictException as ConnectConflict,
} from '@aws-sdk/client-connect';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  LambdaClient,
  ResourceConflictException,
  ResourceNotFoundException,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  type FunctionConfiguration,
} from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { unzipSync } from 'fflate';

import type { LambdaDeployConfig } from '../../../scripts/deploy/config';
import {
  deployLambda,
  packageLambda,
  permissionStatementId,
  type DeployLambdaInput,
  type LambdaPackage,
} from '../../../scripts/deploy/lambda';

const REGION = 'eu-west-2';
const ACCOUNT = '123456789012';
const INSTANCE_ID = '11111111-2222-4333-8444-555555555555';
const INSTANCE_ARN = `arn:aws:connect:${REGION}:${ACCOUNT}:instance/${INSTANCE_ID}`;
const FUNCTION_NAME = 'scv-find-last-agent';
const FUNCTION_ARN = `arn:aws:lambda:${REGION}:${ACCOUNT}:function:${FUNCTION_NAME}`;

const lambdaMock = mockClient(LambdaClient);
const connectMock = mockClient(ConnectClient);
const lambda = new LambdaClient({ region: REGION });
const connect = new ConnectClient({ region: REGION });

const CONFIG: LambdaDeployConfig = {
  functionName: FUNCTION_NAME,
  roleArn: `arn:aws:iam::${ACCOUNT}:role/scv-find-last-agent`,
  memoryMb: 256,
  timeoutSeconds: 8,
  environment: {
    SF_LOGIN_URL: 'https://login.salesforce.com',
    SF_CLIENT_ID: 'client',
    SF_USERNAME: 'integration@example.com',
    SF_PRIVATE_KEY_SECRET_ID: 'scv/key',
    CONNECT_INSTANCE_ID: INSTANCE_ID,
  },
};

let bundleDir: string;
let pkg: LambdaPackage;

beforeAll(() => {
  bundleDir = mkdtempSync(path.join(tmpdir(), 'deploy-lambda-'));
  writeFileSync(path.join(bundleDir, 'index.js'), 'exports.handler = async () => ({});\n');
  writeFileSync(path.join(bundleDir, 'index.js.LEGAL.txt'), 'licences\n');
  writeFileSync(path.join(bundleDir, 'index.js.map'), '{}');
  pkg = packageLambda(bundleDir);
});

afterAll(() => {
  rmSync(bundleDir, { recursive: true, force: true });
  lambda.destroy();
  connect.destroy();
});

beforeEach(() => {
  lambdaMock.reset();
  connectMock.reset();
});

const input = (overrides: Partial<DeployLambdaInput> = {}): DeployLambdaInput => ({
  region: REGION,
  instanceId: INSTANCE_ID,
  lambda: CONFIG,
  pkg,
  dryRun: false,
  waiter: { maxWaitTime: 5, minDelay: 1, maxDelay: 1 },
  ...overrides,
});

/** The configuration of a function that matches CONFIG and `pkg` exactly. */
const deployedConfiguration = (patch: Partial<FunctionConfiguration> = {}): FunctionConfiguration => ({
  FunctionName: FUNCTION_NAME,
  FunctionArn: FUNCTION_ARN,
  Runtime: 'nodejs22.x',
  Handler: 'index.handler',
  Role: CONFIG.roleArn,
  MemorySize: 256,
  Timeout: 8,
  Architectures: ['arm64'],
  CodeSha256: pkg.codeSha256,
  Environment: { Variables: { ...CONFIG.environment } },
  State: 'Active',
  LastUpdateStatus: 'Successful',
  ...patch,
});

const connectPolicy = (): string =>
  JSON.stringify({
    Version: '2012-10-17',
    Statement: [
      {
        Sid: permissionStatementId(INSTANCE_ID),
        Effect: 'Allow',
        Principal: { Service: 'connect.amazonaws.com' },
        Action: 'lambda:InvokeFunction',
        Resource: FUNCTION_ARN,
        Condition: { ArnLike: { 'AWS:SourceArn': INSTANCE_ARN } },
      },
    ],
  });

const notFound = (): ResourceNotFoundException =>
  new ResourceNotFoundException({ message: 'Function not found', $metadata: {} });

/** Asserts the Lambda client made no write call. */
function expectNoLambdaWrites(): void {
  expect(lambdaMock).toHaveReceivedCommandTimes(CreateFunctionCommand, 0);
  expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionCodeCommand, 0);
  expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionConfigurationCommand, 0);
  expect(lambdaMock).toHaveReceivedCommandTimes(AddPermissionCommand, 0);
}

describe('packageLambda', () => {
  it('zips index.js and its licence file, not the source map, byte for byte the same each time', () => {
    // Prepare
    const again = packageLambda(bundleDir);

    // Act
    const files = unzipSync(pkg.zip);

    // Assess
    expect(Object.keys(files).sort()).toEqual(['index.js', 'index.js.LEGAL.txt']);
    expect(new TextDecoder().decode(files['index.js'])).toContain('exports.handler');
    expect(again.codeSha256).toBe(pkg.codeSha256);
    expect(pkg.codeSha256).toMatch(/^[A-Za-z0-9+/]{43}=$/);
  });

  it('asks for a build when index.js is missing', () => {
    // Prepare
    const empty = mkdtempSync(path.join(tmpdir(), 'deploy-empty-'));

    try {
      // Act
      const call = (): LambdaPackage => packageLambda(empty);

      // Assess
      expect(call).toThrow(/index\.js is missing; run npm run build first/);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('deployLambda', () => {
  it('creates a missing function (nodejs22.x, arm64), grants Connect and associates it', async () => {
    // Prepare
    lambdaMock
      .on(GetFunctionCommand)
      .rejectsOnce(notFound())
      .resolves({ Configuration: deployedConfiguration() });
    lambdaMock.on(CreateFunctionCommand).resolves({ FunctionArn: FUNCTION_ARN, State: 'Pending' });
    lambdaMock.on(GetPolicyCommand).rejects(notFound());
    lambdaMock.on(AddPermissionCommand).resolves({});
    connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [] });
    connectMock.on(AssociateLambdaFunctionCommand).resolves({});

    // Act
    const result = await deployLambda({ lambda, connect }, input());

    // Assess
    expect(result.functionArn).toBe(FUNCTION_ARN);
    expect(result.instanceArn).toBe(INSTANCE_ARN);
    expect(lambdaMock).toHaveReceivedCommandWith(CreateFunctionCommand, {
      FunctionName: FUNCTION_NAME,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Architectures: ['arm64'],
      Role: CONFIG.roleArn,
      MemorySize: 256,
      Timeout: 8,
      Environment: { Variables: CONFIG.environment },
      Code: { ZipFile: pkg.zip },
    });
    expect(lambdaMock).toHaveReceivedCommandWith(AddPermissionCommand, {
      FunctionName: FUNCTION_NAME,
      StatementId: permissionStatementId(INSTANCE_ID),
      Action: 'lambda:InvokeFunction',
      Principal: 'connect.amazonaws.com',
      SourceArn: INSTANCE_ARN,
      SourceAccount: ACCOUNT,
    });
    expect(connectMock).toHaveReceivedCommandWith(AssociateLambdaFunctionCommand, {
      InstanceId: INSTANCE_ID,
      FunctionArn: FUNCTION_ARN,
    });
    expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionCodeCommand, 0);
    expect(result.changes.map((c) => `${c.target}:${c.action}`)).toEqual([
      'function:create',
      'permission:add',
      'association:add',
    ]);
  });

  it('updates code, waits, then updates configuration when both differ', async () => {
    // Prepare
    lambdaMock
      .on(GetFunctionCommand)
      .resolvesOnce({
        Configuration: deployedConfiguration({ CodeSha256: 'old', Timeout: 3, MemorySize: 128 }),
      })
      .resolves({ Configuration: deployedConfiguration() });
    lambdaMock.on(UpdateFunctionCodeCommand).resolves({ LastUpdateStatus: 'InProgress' });
    lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({ LastUpdateStatus: 'InProgress' });
    lambdaMock.on(GetPolicyCommand).resolves({ Policy: connectPolicy() });
    connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [FUNCTION_ARN] });

    // Act
    const result = await deployLambda({ lambda, connect }, input());

    // Assess
    expect(lambdaMock).toHaveReceivedCommandWith(UpdateFunctionCodeCommand, {
      FunctionName: FUNCTION_NAME,
      ZipFile: pkg.zip,
      Architectures: ['arm64'],
    });
    expect(lambdaMock).toHaveReceivedCommandWith(UpdateFunctionConfigurationCommand, {
      FunctionName: FUNCTION_NAME,
      Timeout: 8,
      MemorySize: 256,
      Runtime: 'nodejs22.x',
      Handler: 'index.handler',
      Environment: { Variables: CONFIG.environment },
    });
    const order = lambdaMock
      .calls()
      .map((c) => (c.args[0] as { constructor: { name: string } }).constructor.name);
    const code = order.indexOf('UpdateFunctionCodeCommand');
    const conf = order.indexOf('UpdateFunctionConfigurationCommand');
    // The waiter polls GetFunction between the two updates (Lambda refuses overlapping updates).
    expect(order.slice(code + 1, conf)).toContain('GetFunctionCommand');
    expect(lambdaMock).toHaveReceivedCommandTimes(CreateFunctionCommand, 0);
    expect(lambdaMock).toHaveReceivedCommandTimes(AddPermissionCommand, 0);
    expect(connectMock).toHaveReceivedCommandTimes(AssociateLambdaFunctionCommand, 0);
    const configChange = result.changes.find((c) => c.target === 'configuration');
    expect(configChange?.detail).toBe('MemorySize 128 → 256; Timeout 3 → 8');
  });

  it('updates only the configuration when the code is the same, naming changed variables but not their values', async () => {
    // Prepare
    const oldEnv = { ...CONFIG.environment, SF_USERNAME: 'old-user@example.com' };
    lambdaMock
      .on(GetFunctionCommand)
      .resolves({ Configuration: deployedConfiguration({ Environment: { Variables: oldEnv } }) });
    lambdaMock.on(UpdateFunctionConfigurationCommand).resolves({});
    lambdaMock.on(GetPolicyCommand).resolves({ Policy: connectPolicy() });
    connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [FUNCTION_ARN] });

    // Act
    const result = await deployLambda({ lambda, connect }, input());

    // Assess
    expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionCodeCommand, 0);
    expect(lambdaMock).toHaveReceivedCommandTimes(UpdateFunctionConfigurationCommand, 1);
    const detail = result.changes.find((c) => c.target === 'configuration')?.detail ?? '';
    expect(detail).toBe('Environment (SF_USERNAME)');
    expect(JSON.stringify(result.changes)).not.toContain('integration@example.com');
  });

  it('changes nothing on a re-run when function, permission and association are already right', async () => {
    // Prepare
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: deployedConfiguration() });
    lambdaMock.on(GetPolicyCommand).resolves({ Policy: connectPolicy() });
    connectMock
      .on(ListLambdaFunctionsCommand)
      .resolvesOnce({
        LambdaFunctions: ['arn:aws:lambda:eu-west-2:123456789012:function:other'],
        NextToken: 't1',
      })
      .resolves({ LambdaFunctions: [FUNCTION_ARN] });

    // Act
    const result = await deployLambda({ lambda, connect }, input());

    // Assess
    expectNoLambdaWrites();
    expect(connectMock).toHaveReceivedCommandTimes(AssociateLambdaFunctionCommand, 0);
    // The association was found on the second page.
    expect(connectMock).toHaveReceivedCommandTimes(ListLambdaFunctionsCommand, 2);
    expect(result.changes.every((c) => c.action === 'unchanged')).toBe(true);
    expect(result.functionArn).toBe(FUNCTION_ARN);
  });

  it('accepts a permission and an association that appeared since it looked (ResourceConflictException)', async () => {
    // Prepare
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: deployedConfiguration() });
    lambdaMock.on(GetPolicyCommand).rejects(notFound());
    lambdaMock
      .on(AddPermissionCommand)
      .rejects(
        new ResourceConflictException({ message: 'The statement id provided already exists', $metadata: {} }),
      );
    connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [] });
    connectMock
      .on(AssociateLambdaFunctionCommand)
      .rejects(new ConnectConflict({ message: 'already associated', $metadata: {} }));

    // Act
    const result = await deployLambda({ lambda, connect }, input());

    // Assess
    expect(lambdaMock).toHaveReceivedCommandTimes(AddPermissionCommand, 1);
    expect(connectMock).toHaveReceivedCommandTimes(AssociateLambdaFunctionCommand, 1);
    expect(result.changes.map((c) => `${c.target}:${c.action}`)).toEqual([
      'code:unchanged',
      'configuration:unchanged',
      'permission:add',
      'association:add',
    ]);
  });

  it('fails on any other error, such as a missing IAM permission', async () => {
    // Prepare
    lambdaMock.on(GetFunctionCommand).resolves({ Configuration: deployedConfiguration() });
    lambdaMock.on(GetPolicyCommand).resolves({ Policy: connectPolicy() });
    connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [] });
    const denied = Object.assign(new Error('not authorized to perform connect:AssociateLambdaFunction'), {
      name: 'AccessDeniedException',
    });
    connectMock.on(AssociateLambdaFunctionCommand).rejects(denied);

    // Act
    const run = deployLambda({ lambda, connect }, input());

    // Assess
    await expect(run).rejects.toMatchObject({ name: 'AccessDeniedException' });
  });

  it('in a dry run reads only and reports what it would create', async () => {
    // Prepare
    lambdaMock.on(GetFunctionCommand).rejects(notFound());

    // Act
    const result = await deployLambda({ lambda, connect }, input({ dryRun: true }));

    // Assess
    expectNoLambdaWrites();
    expect(connectMock).toHaveReceivedCommandTimes(AssociateLambdaFunctionCommand, 0);
    expect(result.functionArn).toBeUndefined();
    expect(result.changes.map((c) => `${c.target}:${c.action}`)).toEqual([
      'function:create',
      'permission:add',
      'association:add',
    ]);
  });

  it('in a dry run of an outdated function reports the updates without making them', async () => {
    // Prepare
    lambdaMock
      .on(GetFunctionCommand)
      .resolves({ Configuration: deployedConfiguration({ CodeSha256: 'old', Architectures: ['x86_64'] }) });
    lambdaMock.on(GetPolicyCommand).rejects(notFound());
    connectMock.on(ListLambdaFunctionsCommand).resolves({ LambdaFunctions: [] });

    // Act
    const result = await deployLambda({ lambda, connect }, input({ dryRun: true }));

    // Assess
    expectNoLambdaWrites();
    expect(connectMock).toHaveReceivedCommandTimes(AssociateLambdaFunctionCommand, 0);
    expect(result.changes.map((c) => `${c.target}:${c.action}`)).toEqual([
      'code:update',
      'configuration:unchanged',
      'permission:add',
      'association:add',
    ]);
  });
});
