/**
 * `npm run deploy:aws -- --config <file.json> [--dry-run] [--only lambda|flows] [--no-build]`
 *
 * Deploys the find-last-agent Lambda and the flows to one Connect instance (docs/deploy-aws.md).
 * Credentials and Region resolution follow the AWS SDK's standard chain (env, profile, SSO,
 * instance role); the config's `region` wins over AWS_REGION. `AWS_ENDPOINT_URL_LAMBDA` /
 * `AWS_ENDPOINT_URL_CONNECT` redirect the clients, as for any SDK v3 client.
 *
 * Output never includes environment values (they may hold secrets), only their names.
 */
import path from 'node:path';

import { ConnectClient } from '@aws-sdk/client-connect';
import { LambdaClient } from '@aws-sdk/client-lambda';

import { buildLambdas } from '../build';
import { LAMBDA_ARN_PLACEHOLDER, readDeployConfig, DeployConfigError, type DeployConfig } from './config';
import { deployFlows, loadFlowFiles, FlowDeployError, type FlowFile } from './flows';
import {
  deployLambda,
  getFunction,
  instanceArnFor,
  packageLambda,
  type Change,
  type LambdaPackage,
} from './lambda';

const ROOT = path.resolve(__dirname, '../..');
const LAMBDA_NAME = 'find-last-agent';

const USAGE =
  'usage: npm run deploy:aws -- --config <file.json> [--dry-run] [--only lambda|flows] [--no-build]';

/** Parsed command line. */
export interface CliArgs {
  config: string;
  dryRun: boolean;
  only?: 'lambda' | 'flows';
  build: boolean;
}

/** Parses argv (without node and script); returns the problems instead when it cannot. */
export function parseArgs(argv: string[]): { args: CliArgs } | { problems: string[] } {
  const problems: string[] = [];
  let config: string | undefined;
  let only: CliArgs['only'];
  let dryRun = false;
  let build = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] =
      arg.startsWith('--') && arg.includes('=') ? arg.split(/=(.*)/s, 2) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--config':
        config = value();
        if (!config) problems.push('--config needs a file name');
        break;
      case '--dry-run':
        dryRun = true;
        break;
      case '--no-build':
        build = false;
        break;
      case '--only': {
        const v = value();
        if (v === 'lambda' || v === 'flows') only = v;
        else problems.push(`--only must be lambda or flows (got ${v ?? 'nothing'})`);
        break;
      }
      default:
        problems.push(`unknown argument ${arg}`);
    }
  }
  if (config === undefined && !problems.some((p) => p.startsWith('--config')))
    problems.push('--config <file.json> is required');
  if (problems.length > 0) return { problems: [...problems, USAGE] };
  return { args: { config: config as string, dryRun, only, build } };
}

/** What `main` needs from the outside; tests replace any of it. */
export interface CliDeps {
  /** Clients; default: new clients for the config's Region with the standard credential chain. */
  lambdaClient?: (region: string) => LambdaClient;
  connectClient?: (region: string) => ConnectClient;
  flowsDir?: string;
  bundleDir?: string;
  /** Runs the build; default: esbuild via scripts/build.ts. */
  build?: () => Promise<void>;
  out?: (line: string) => void;
  err?: (line: string) => void;
  waiter?: { maxWaitTime: number; minDelay?: number; maxDelay?: number };
}

const SYMBOL: Record<Change['action'], string> = { create: '+', add: '+', update: '~', unchanged: '=' };

function formatChange(c: Change, dryRun: boolean): string {
  const verb =
    c.action === 'unchanged'
      ? 'unchanged'
      : dryRun
        ? `would ${c.action}`
        : `${c.action === 'add' ? 'added' : `${c.action}d`}`;
  return `  ${SYMBOL[c.action]} ${c.target}: ${verb}${c.detail ? ` — ${c.detail}` : ''}`;
}

/** Runs the deploy; resolves to the exit code. Never throws for expected failures. */
export async function main(argv: string[], deps: CliDeps = {}): Promise<number> {
  const out = deps.out ?? ((line: string) => process.stdout.write(`${line}\n`));
  const err = deps.err ?? ((line: string) => process.stderr.write(`${line}\n`));
  const parsed = parseArgs(argv);
  if ('problems' in parsed) {
    parsed.problems.forEach((p) => err(p));
    return 1;
  }
  const { args } = parsed;
  const doLambda = args.only !== 'flows';
  const doFlows = args.only !== 'lambda';

  let flows: FlowFile[];
  let config: DeployConfig;
  try {
    flows = loadFlowFiles(deps.flowsDir ?? path.join(ROOT, 'flows'));
    const required = doFlows ? [...new Set(flows.flatMap((f) => f.placeholders))].sort() : [];
    config = readDeployConfig(args.config, {
      requiredPlaceholders: required,
      flowKeys: flows.map((f) => f.key),
    });
  } catch (e) {
    if (e instanceof DeployConfigError || e instanceof FlowDeployError) {
      e.problems.forEach((p) => err(p));
      return 1;
    }
    throw e;
  }

  const lambda = (deps.lambdaClient ?? ((region) => new LambdaClient({ region })))(config.region);
  const connect = (deps.connectClient ?? ((region) => new ConnectClient({ region })))(config.region);
  try {
    out(
      `deploy:aws${args.dryRun ? ' (dry run: read-only)' : ''} — region ${config.region}, instance ${config.instanceId}`,
    );
    let functionArn: string | undefined;
    let instanceArn: string | undefined;
    if (doLambda) {
      let pkg: LambdaPackage;
      try {
        if (args.build) await (deps.build ?? (() => buildLambdas([LAMBDA_NAME]).then(() => undefined)))();
        pkg = packageLambda(deps.bundleDir ?? path.join(ROOT, 'dist/lambdas', LAMBDA_NAME));
      } catch (e) {
        err(`build: ${(e as Error).message}`);
        return 1;
      }
      out(
        `lambda ${config.lambda.functionName} (package ${pkg.zip.byteLength} bytes: ${pkg.files.join(', ')})`,
      );
      const result = await deployLambda(
        { lambda, connect },
        {
          region: config.region,
          instanceId: config.instanceId,
          lambda: config.lambda,
          pkg,
          dryRun: args.dryRun,
          ...(deps.waiter ? { waiter: deps.waiter } : {}),
        },
      );
      result.changes.forEach((c) => out(formatChange(c, args.dryRun)));
      functionArn = result.functionArn;
      instanceArn = result.instanceArn;
      if (functionArn) out(`  function ARN: ${functionArn}`);
    }
    if (doFlows) {
      if (!functionArn) {
        const current = await getFunction(lambda, config.lambda.functionName);
        functionArn = current?.FunctionArn;
        if (!functionArn && !(args.dryRun && doLambda)) {
          err(
            `lambda.functionName: no function ${config.lambda.functionName} in ${config.region}; deploy it first (--only lambda, or without --only)`,
          );
          return 1;
        }
      }
      if (functionArn) instanceArn ??= instanceArnFor(functionArn, config.region, config.instanceId);
      const lambdaArn =
        functionArn ?? `arn:aws:lambda:${config.region}:000000000000:function:${config.lambda.functionName}`;
      const result = await deployFlows(connect, {
        instanceId: config.instanceId,
        ...(instanceArn ? { instanceArn } : {}),
        flows,
        names: config.flows.names,
        placeholders: { ...config.flows.placeholders, [LAMBDA_ARN_PLACEHOLDER]: lambdaArn },
        dryRun: args.dryRun,
      });
      out('flows');
      for (const [i, flow] of result.flows.entries()) {
        out(formatChange(result.changes[i] as Change, args.dryRun));
        for (const [name, value] of Object.entries(flow.filled)) {
          const note =
            name === LAMBDA_ARN_PLACEHOLDER && !functionArn
              ? ' (stand-in: the account is known after create)'
              : '';
          out(`      \${${name}} = ${value}${note}`);
        }
        flow.warnings.forEach((w) => out(`      ${w}`));
      }
    }
    out(args.dryRun ? 'dry run: nothing was changed' : 'done');
    return 0;
  } catch (e) {
    if (e instanceof FlowDeployError) {
      e.problems.forEach((p) => err(p));
      return 1;
    }
    err(describeAwsError(e));
    return 1;
  } finally {
    lambda.destroy();
    connect.destroy();
  }
}

/** One line for an AWS or credential failure; stack traces help nobody running a deploy. */
export function describeAwsError(e: unknown): string {
  const error = e as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const name = error.name ?? 'Error';
  const status = error.$metadata?.httpStatusCode;
  const hint =
    name === 'CredentialsProviderError'
      ? ' (no AWS credentials found: set AWS_PROFILE, run aws sso login, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)'
      : name === 'AccessDeniedException' || name === 'AccessDenied'
        ? ' (the deployer lacks an IAM permission; see docs/deploy-aws.md)'
        : '';
  return `error: ${name}${status ? ` (HTTP ${status})` : ''}: ${(error.message ?? String(e)).replace(/\s*\n\s*/g, ' ')}${hint}`;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(describeAwsError(e));
      process.exit(1);
    },
  );
}
