/**
 * `npm run synth [-- --config f.json] [--out dir] [--no-build]`
 *
 * Offline, no AWS access: validates the config (default: the documented example), builds the
 * Lambda bundles, synthesizes the stack into cdk.out/<stackName>.template.json, and fails on any
 * unsuppressed cdk-nag finding or flow checker error.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

import {
  availableFlows,
  bundledCode,
  DEFAULT_OUTDIR,
  EXAMPLE_CONFIG,
  ROOT,
  synthesize,
  SynthError,
  type SynthResult,
} from './app';
import { parseDeployArgs } from './cli-args';
import { DeployConfigError, readDeployConfig, type DeployConfig } from './config';
import { FlowDeployError } from './flows';

/** Validates, builds and synthesizes; prints problems and returns undefined when any stops it. */
export async function synthFromFile(
  configFile: string,
  options: { build: boolean; outdir?: string },
  out: (line: string) => void,
  err: (line: string) => void,
): Promise<{ config: DeployConfig; result: SynthResult } | undefined> {
  try {
    const config = readDeployConfig(configFile, availableFlows());
    const code = await bundledCode(config, options.build);
    const result = synthesize(config, code, options.outdir ?? DEFAULT_OUTDIR);
    result.warnings.forEach((w) => out(`warning: ${w}`));
    if (result.errors.length > 0) {
      result.errors.forEach((e) => err(`error: ${e}`));
      err(
        `synth: ${result.errors.length} cdk-nag finding(s) above; fix them or suppress each with its reason in scripts/deploy/stack.ts`,
      );
      return undefined;
    }
    const template = JSON.parse(readFileSync(result.templateFile, 'utf8')) as { Resources?: object };
    const resources = Object.keys(template.Resources ?? {}).length;
    out(
      `synth ok: ${path.relative(ROOT, result.templateFile)} (${resources} resources; cdk-nag AwsSolutions: no unsuppressed findings; ${config.flows.deploy.length} flow(s) checked)`,
    );
    return { config, result };
  } catch (e) {
    if (e instanceof DeployConfigError || e instanceof SynthError || e instanceof FlowDeployError) {
      e.problems.forEach((p) => err(p));
      return undefined;
    }
    throw e;
  }
}

export async function main(argv: string[]): Promise<number> {
  const parsed = parseDeployArgs(argv, ['--config', '--out', '--no-build']);
  if ('problems' in parsed) {
    parsed.problems.forEach((p) => console.error(p));
    console.error('usage: npm run synth -- [--config <file.json>] [--out <dir>] [--no-build]');
    return 2;
  }
  const file = parsed.args.config ?? path.relative(process.cwd(), EXAMPLE_CONFIG);
  if (!parsed.args.config) console.log(`synth: no --config given; using ${file}`);
  const done = await synthFromFile(
    file,
    { build: parsed.args.build, ...(parsed.args.outdir ? { outdir: path.resolve(parsed.args.outdir) } : {}) },
    (l) => console.log(l),
    (l) => console.error(l),
  );
  return done ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`synth failed: ${(e as Error).message}`);
      process.exit(1);
    },
  );
}
