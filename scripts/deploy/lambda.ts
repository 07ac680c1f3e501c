/**
 * Deploys the find-last-agent Lambda and makes Connect allowed and able to invoke it:
 * create or update the function, grant `connect.amazonaws.com` invoke permission scoped to the
 * instance, and associate the function with the instance.
 *
 * Idempotent by comparison, not by catching errors: each step reads the current state first and
 * writes only what differs, so a second run with the same build and config writes nothing.
 * Clients are passed in so tests (and callers with their own credentials) choose the endpoint.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  AssociateLambdaFunctionCommand,
  paginateListLambdaFunctions,
  type ConnectClient,
} from '@aws-sdk/client-connect';
import {
  AddPermissionCommand,
  CreateFunctionCommand,
  GetFunctionCommand,
  GetPolicyCommand,
  UpdateFunctionCodeCommand,
  UpdateFunctionConfigurationCommand,
  waitUntilFunctionActiveV2,
  waitUntilFunctionUpdatedV2,
  type FunctionConfiguration,
  type LambdaClient,
} from '@aws-sdk/client-lambda';
import { zipSync } from 'fflate';

import type { LambdaDeployConfig } from './config';

export const LAMBDA_RUNTIME = 'nodejs22.x';
export const LAMBDA_HANDLER = 'index.handler';
export const LAMBDA_ARCHITECTURE = 'arm64';
export const CONNECT_PRINCIPAL = 'connect.amazonaws.com';

/** Files of the bundle that go into the package; the source map stays local (it doubles the size). */
const PACKAGE_FILES = ['index.js', 'index.js.LEGAL.txt'];

/**
 * A fixed timestamp for every zip entry, built from local-time fields because DOS times in a zip
 * are local: the same build then zips to the same bytes anywhere, and so to the same CodeSha256,
 * which is how a re-run sees the code is already deployed.
 */
const ZIP_MTIME = new Date(2000, 0, 1, 0, 0, 0);

/** The deployment package in memory and the hash Lambda reports for it. */
export interface LambdaPackage {
  zip: Uint8Array;
  /** base64 SHA-256 of the zip, as `GetFunction` reports `CodeSha256`. */
  codeSha256: string;
  files: string[];
}

/** Zips a built bundle directory (`dist/lambdas/find-last-agent`) deterministically. */
export function packageLambda(bundleDir: string): LambdaPackage {
  const entries: Record<string, [Uint8Array, { mtime: Date; os: number; attrs: number }]> = {};
  const files: string[] = [];
  for (const name of PACKAGE_FILES) {
    const file = path.join(bundleDir, name);
    if (!existsSync(file)) {
      if (name === 'index.js') {
        throw new Error(`${file} is missing; run npm run build first`);
      }
      continue;
    }
    // Unix mode 0644: the Lambda runtime user must be able to read the file.
    entries[name] = [readFileSync(file), { mtime: ZIP_MTIME, os: 3, attrs: 0o100644 << 16 }];
    files.push(name);
  }
  const zip = zipSync(entries, { level: 9 });
  return { zip, codeSha256: sha256Base64(zip), files };
}

/** base64 SHA-256, Lambda's `CodeSha256` format. */
export function sha256Base64(data: Uint8Array): string {
  return createHash('sha256').update(data).digest('base64');
}

/** What one step did, or would do in a dry run. */
export interface Change {
  /** What it is about: `function`, `code`, `configuration`, `permission`, `association`, or a flow name. */
  target: string;
  action: 'create' | 'update' | 'add' | 'unchanged';
  detail?: string;
}

/** Options of `deployLambda`. */
export interface DeployLambdaInput {
  region: string;
  instanceId: string;
  lambda: LambdaDeployConfig;
  pkg: LambdaPackage;
  /** Read-only: report what would change, write nothing. */
  dryRun: boolean;
  /** Waiter limits; tests shorten them. */
  waiter?: { maxWaitTime: number; minDelay?: number; maxDelay?: number };
}

/** The outcome of `deployLambda`. */
export interface DeployLambdaResult {
  /** Unqualified function ARN; undefined only in a dry run that would create the function. */
  functionArn?: string;
  /** Instance ARN, derived from the function's account; undefined when the function does not exist yet (dry run). */
  instanceArn?: string;
  changes: Change[];
}

/** The clients `deployLambda` uses. */
export interface LambdaDeployClients {
  lambda: LambdaClient;
  connect: ConnectClient;
}

const DEFAULT_WAITER = { maxWaitTime: 300, minDelay: 2, maxDelay: 10 };

/** The configuration Lambda should hold, in `FunctionConfiguration` terms. */
function desiredConfiguration(config: LambdaDeployConfig) {
  return {
    Runtime: LAMBDA_RUNTIME,
    Handler: LAMBDA_HANDLER,
    Role: config.roleArn,
    MemorySize: config.memoryMb,
    Timeout: config.timeoutSeconds,
    Environment: { Variables: config.environment },
  } as const;
}

/** The configuration fields that differ; environment values are never included (they may be sensitive). */
export function configurationDiff(current: FunctionConfiguration, config: LambdaDeployConfig): string[] {
  const want = desiredConfiguration(config);
  const diff: string[] = [];
  if (current.Runtime !== want.Runtime) diff.push(`Runtime ${current.Runtime ?? '-'} → ${want.Runtime}`);
  if (current.Handler !== want.Handler) diff.push(`Handler ${current.Handler ?? '-'} → ${want.Handler}`);
  if (current.Role !== want.Role) diff.push(`Role → ${want.Role}`);
  if (current.MemorySize !== want.MemorySize)
    diff.push(`MemorySize ${current.MemorySize ?? '-'} → ${want.MemorySize}`);
  if (current.Timeout !== want.Timeout) diff.push(`Timeout ${current.Timeout ?? '-'} → ${want.Timeout}`);
  const have = current.Environment?.Variables ?? {};
  const keys = new Set([...Object.keys(have), ...Object.keys(config.environment)]);
  const changed = [...keys].filter((k) => have[k] !== config.environment[k]).sort();
  if (changed.length > 0) diff.push(`Environment (${changed.join(', ')})`);
  return diff;
}

/** `arn:PARTITION:connect:REGION:ACCOUNT:instance/ID`, with partition and account of the function's ARN. */
export function instanceArnFor(functionArn: string, region: string, instanceId: string): string {
  const [, partition, , , account] = functionArn.split(':');
  return `arn:${partition}:connect:${region}:${account}:instance/${instanceId}`;
}

/** The statement id of the Connect invoke permission; one per instance, so re-runs find it. */
export function permissionStatementId(instanceId: string): string {
  return `scv-connect-${instanceId}`;
}

const errorName = (e: unknown): string | undefined => (e as { name?: string } | undefined)?.name;

/** GetFunction, or undefined when the function does not exist. */
export async function getFunction(
  lambda: LambdaClient,
  functionName: string,
): Promise<FunctionConfiguration | undefined> {
  try {
    const out = await lambda.send(new GetFunctionCommand({ FunctionName: functionName }));
    return out.Configuration;
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return undefined;
    throw e;
  }
}

/**
 * True when the function's resource policy already lets this Connect instance invoke it.
 * Matches on what the statement grants, not only its id, so a permission added by hand (or by
 * the console's "Add Lambda function") counts too.
 */
export async function hasConnectPermission(
  lambda: LambdaClient,
  functionName: string,
  instanceArn: string,
  statementId: string,
): Promise<boolean> {
  let policy: string | undefined;
  try {
    policy = (await lambda.send(new GetPolicyCommand({ FunctionName: functionName }))).Policy;
  } catch (e) {
    if (errorName(e) === 'ResourceNotFoundException') return false;
    throw e;
  }
  if (!policy) return false;
  const statements = (JSON.parse(policy) as { Statement?: Record<string, unknown>[] }).Statement ?? [];
  return statements.some((s) => {
    if (s.Sid === statementId) return true;
    const principal = (s.Principal as { Service?: unknown } | undefined)?.Service;
    const condition = JSON.stringify(s.Condition ?? {});
    return s.Effect === 'Allow' && principal === CONNECT_PRINCIPAL && condition.includes(`"${instanceArn}"`);
  });
}

/** True when the instance already lists the function among its associated Lambdas. */
export async function isAssociated(
  connect: ConnectClient,
  instanceId: string,
  functionArn: string,
): Promise<boolean> {
  for await (const page of paginateListLambdaFunctions(
    { client: connect, pageSize: 25 },
    { InstanceId: instanceId },
  )) {
    if (page.LambdaFunctions?.includes(functionArn)) return true;
  }
  return false;
}

/**
 * Creates or updates the function, then the invoke permission and the instance association.
 * In a dry run only GetFunction, GetPolicy and ListLambdaFunctions are called.
 */
export async function deployLambda(
  clients: LambdaDeployClients,
  input: DeployLambdaInput,
): Promise<DeployLambdaResult> {
  const { lambda, connect } = clients;
  const { lambda: config, pkg, dryRun, region, instanceId } = input;
  const waiter = { ...DEFAULT_WAITER, ...input.waiter };
  const name = config.functionName;
  const changes: Change[] = [];

  const current = await getFunction(lambda, name);
  let functionArn = current?.FunctionArn;

  if (!current) {
    changes.push({
      target: 'function',
      action: 'create',
      detail: `${name} (${LAMBDA_RUNTIME}, ${LAMBDA_ARCHITECTURE}, ${config.memoryMb} MB, ${config.timeoutSeconds} s)`,
    });
    if (!dryRun) {
      const created = await lambda.send(
        new CreateFunctionCommand({
          FunctionName: name,
          ...desiredConfiguration(config),
          Architectures: [LAMBDA_ARCHITECTURE],
          Code: { ZipFile: pkg.zip },
          Description: 'Finds the caller’s last agent in Salesforce for Amazon Connect (scv-last-agent)',
        }),
      );
      functionArn = created.FunctionArn;
      await waitUntilFunctionActiveV2({ client: lambda, ...waiter }, { FunctionName: name });
    }
  } else {
    const codeChanged =
      current.CodeSha256 !== pkg.codeSha256 ||
      (current.Architectures ?? ['x86_64']).join() !== LAMBDA_ARCHITECTURE;
    const configDiff = configurationDiff(current, config);
    changes.push(
      codeChanged
        ? {
            target: 'code',
            action: 'update',
            detail: `CodeSha256 ${current.CodeSha256 ?? '-'} → ${pkg.codeSha256}`,
          }
        : { target: 'code', action: 'unchanged' },
      configDiff.length > 0
        ? { target: 'configuration', action: 'update', detail: configDiff.join('; ') }
        : { target: 'configuration', action: 'unchanged' },
    );
    if (!dryRun && (codeChanged || configDiff.length > 0)) {
      // A previous update still in progress would make the next one fail with ResourceConflictException.
      if (current.LastUpdateStatus === 'InProgress' || current.State === 'Pending') {
        await waitUntilFunctionUpdatedV2({ client: lambda, ...waiter }, { FunctionName: name });
      }
      if (codeChanged) {
        await lambda.send(
          new UpdateFunctionCodeCommand({
            FunctionName: name,
            ZipFile: pkg.zip,
            Architectures: [LAMBDA_ARCHITECTURE],
          }),
        );
        await waitUntilFunctionUpdatedV2({ client: lambda, ...waiter }, { FunctionName: name });
      }
      if (configDiff.length > 0) {
        await lambda.send(
          new UpdateFunctionConfigurationCommand({ FunctionName: name, ...desiredConfiguration(config) }),
        );
        await waitUntilFunctionUpdatedV2({ client: lambda, ...waiter }, { FunctionName: name });
      }
    }
  }

  if (!functionArn) {
    // Only a dry run that would create the function gets here: nothing further can be read.
    changes.push(
      {
        target: 'permission',
        action: 'add',
        detail: `${CONNECT_PRINCIPAL} may invoke it from instance ${instanceId}`,
      },
      { target: 'association', action: 'add', detail: `associate with instance ${instanceId}` },
    );
    return { changes };
  }

  const instanceArn = instanceArnFor(functionArn, region, instanceId);
  const statementId = permissionStatementId(instanceId);
  if (await hasConnectPermission(lambda, name, instanceArn, statementId)) {
    changes.push({ target: 'permission', action: 'unchanged' });
  } else {
    changes.push({ target: 'permission', action: 'add', detail: `${CONNECT_PRINCIPAL} from ${instanceArn}` });
    if (!dryRun) {
      try {
        await lambda.send(
          new AddPermissionCommand({
            FunctionName: name,
            StatementId: statementId,
            Action: 'lambda:InvokeFunction',
            Principal: CONNECT_PRINCIPAL,
            SourceArn: instanceArn,
            SourceAccount: functionArn.split(':')[4],
          }),
        );
      } catch (e) {
        // Someone (or a concurrent run) added the same statement id since the read: the goal holds.
        if (errorName(e) !== 'ResourceConflictException') throw e;
      }
    }
  }

  if (await isAssociated(connect, instanceId, functionArn)) {
    changes.push({ target: 'association', action: 'unchanged' });
  } else {
    changes.push({ target: 'association', action: 'add', detail: `instance ${instanceId}` });
    if (!dryRun) {
      try {
        await connect.send(
          new AssociateLambdaFunctionCommand({ InstanceId: instanceId, FunctionArn: functionArn }),
        );
      } catch (e) {
        // Connect does not document its answer to a repeat; either conflict name means "already there".
        const n = errorName(e);
        if (n !== 'ResourceConflictException' && n !== 'DuplicateResourceException') throw e;
      }
    }
  }

  return { functionArn, instanceArn, changes };
}
