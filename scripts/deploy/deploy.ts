/**
 * `npm run deploy:aws -- --config <file.json> [--yes] [--no-build]`
 *
 * The one way to deploy the AWS side: validate the config, check that AWS credentials resolve
 * (standard SDK chain), synthesize with cdk-nag and the flow checks, show `cdk diff`, then
 * `cdk deploy` the synthesized assembly with the aws-cdk CLI. CloudFormation does the rest:
 * change sets, rollback, drift detection. `--yes` skips CDK's prompt for IAM/security changes
 * (for CI); without it CDK asks when the stack widens permissions.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';

import { ConnectClient } from '@aws-sdk/client-connect';

import { availableFlows, DEFAULT_OUTDIR, ROOT } from './app';
import { parseDeployArgs } from './cli-args';
import { DeployConfigError, readDeployConfig, type DeployConfig } from './config';
import { synthFromFile } from './synth';

const USAGE = 'usage: npm run deploy:aws -- --config <file.json> [--yes] [--no-build]';

/** Resolves credentials the way the CDK CLI will, bounded; one line on failure. */
export async function credentialsProblem(region: string, timeoutMs = 15_000): Promise<string | undefined> {
  // The SDK's notice about its own future Node requirement says nothing about this deploy.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  const client = new ConnectClient({ region });
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      client.config.credentials(),
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new Error(`no answer from the credential providers in ${timeoutMs / 1000} s`)),
          timeoutMs,
        );
      }),
    ]);
    return undefined;
  } catch (e) {
    const reason = ((e as Error).message ?? String(e)).split('\n')[0];
    return `deploy:aws: no usable AWS credentials (${reason}); set AWS_PROFILE, run aws sso login, or export AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY. Nothing was deployed.`;
  } finally {
    clearTimeout(timer);
    client.destroy();
  }
}

/** Runs the aws-cdk CLI of this package on the synthesized assembly; returns its exit code. */
function cdk(args: string[]): number {
  const bin = path.join(ROOT, 'node_modules/.bin/cdk');
  const result = spawnSync(bin, [...args, '--no-notices'], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true' },
  });
  if (result.error) {
    console.error(`deploy:aws: cannot run ${bin} (${result.error.message}); run npm ci`);
    return 1;
  }
  return result.status ?? 1;
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseDeployArgs(argv, ['--config', '--yes', '--no-build']);
  if ('problems' in parsed) {
    parsed.problems.forEach((p) => console.error(p));
    console.error(USAGE);
    return 2;
  }
  if (!parsed.args.config) {
    console.error(
      `deploy:aws: --config is required (copy scripts/deploy/deploy-config.example.json). ${USAGE}`,
    );
    return 2;
  }
  // Config and credentials first: both fail in a second, the build and synth take longer.
  let config: DeployConfig;
  try {
    config = readDeployConfig(parsed.args.config, availableFlows());
  } catch (e) {
    if (!(e instanceof DeployConfigError)) throw e;
    e.problems.forEach((p) => console.error(p));
    return 1;
  }
  const problem = await credentialsProblem(config.region);
  if (problem) {
    console.error(problem);
    return 1;
  }
  const synth = await synthFromFile(
    parsed.args.config,
    { build: parsed.args.build, outdir: DEFAULT_OUTDIR },
    (l) => console.log(l),
    (l) => console.error(l),
  );
  if (!synth) return 1;
  const common = ['--app', path.relative(ROOT, DEFAULT_OUTDIR), config.stackName];
  console.log(`deploy:aws: changes to stack ${config.stackName} in ${config.region}`);
  // `cdk diff` exits 0 whether or not there are differences (no --fail); a failure is an error reading the stack.
  if (cdk(['diff', ...common]) !== 0) {
    console.error('deploy:aws: cdk diff failed (see above); nothing was deployed');
    return 1;
  }
  const code = cdk(['deploy', ...common, '--require-approval', parsed.args.yes ? 'never' : 'broadening']);
  if (code !== 0)
    console.error(
      'deploy:aws: cdk deploy failed (see above); CloudFormation rolled back what it had started',
    );
  return code;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`deploy:aws failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
