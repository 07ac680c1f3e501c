/**
 * Builds the CDK app from a validated config and synthesizes it offline: the stack, cdk-nag's
 * AwsSolutions checks and the flow checker. Used by `npm run synth` and `npm run deploy:aws`
 * (which hands the synthesized assembly to the CDK CLI), and by the template tests.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { App, Validations, aws_lambda as lambda } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';

import { buildLambdas } from '../build';
import type { DeployConfig } from './config';
import { flowKeys, loadFlowFiles } from './flows';
import { ScvLastAgentStack, type LambdaCode } from './stack';

export const ROOT = path.resolve(__dirname, '../..');
/** Where `npm run synth` writes the cloud assembly (`<stackName>.template.json` and the assets). */
export const DEFAULT_OUTDIR = path.join(ROOT, 'cdk.out');
export const EXAMPLE_CONFIG = path.join(ROOT, 'scripts/deploy/deploy-config.example.json');

/** The bundles the stack deploys (`npm run build`). */
export const BUNDLES = { findLastAgent: 'find-last-agent', agentEvents: 'agent-events' } as const;

/** A problem that stops the synth, said in one line for the admin. */
export class SynthError extends Error {
  override readonly name = 'SynthError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** The outcome of a synth. */
export interface SynthResult {
  stack: ScvLastAgentStack;
  templateFile: string;
  /** cdk-nag findings that were not suppressed (and other error annotations). */
  errors: string[];
  /** Warnings: cdk-nag warnings and the flow checker's warnings on the templates. */
  warnings: string[];
}

/**
 * Runs the project's esbuild step for the handlers that exist and returns their asset code.
 * `agent-events` is required only when presence is on.
 */
export async function bundledCode(config: DeployConfig, build = true): Promise<LambdaCode> {
  if (build) await buildLambdas();
  const dir = (name: string): string => path.join(ROOT, 'dist/lambdas', name);
  const asset = (name: string): lambda.Code => lambda.Code.fromAsset(dir(name), { exclude: ['*.map'] });
  const problems: string[] = [];
  if (!existsSync(path.join(dir(BUNDLES.findLastAgent), 'index.js'))) {
    problems.push(`dist/lambdas/${BUNDLES.findLastAgent}/index.js is missing; run npm run build`);
  }
  const hasAgentEvents = existsSync(path.join(dir(BUNDLES.agentEvents), 'index.js'));
  if (config.presence.enabled && !hasAgentEvents) {
    problems.push(
      `presence.enabled: dist/lambdas/${BUNDLES.agentEvents}/index.js is missing (no lambdas/src/handlers/${BUNDLES.agentEvents}.ts in this checkout, or run npm run build); set presence.enabled to false to deploy without presence`,
    );
  }
  if (problems.length > 0) throw new SynthError(problems);
  return {
    findLastAgent: asset(BUNDLES.findLastAgent),
    ...(config.presence.enabled ? { agentEvents: asset(BUNDLES.agentEvents) } : {}),
  };
}

/** Synthesizes the stack with cdk-nag into `outdir`. Pure CDK: no AWS call. */
export function synthesize(config: DeployConfig, code: LambdaCode, outdir = DEFAULT_OUTDIR): SynthResult {
  const app = new App({ outdir });
  const flows = loadFlowFiles(config.flows.deploy);
  const stack = new ScvLastAgentStack(app, config.stackName, {
    stackName: config.stackName,
    env: { region: config.region, ...(config.account ? { account: config.account } : {}) },
    description:
      'scv-last-agent: last-agent routing for Service Cloud Voice on Amazon Connect (scripts/deploy)',
    config,
    code,
    flows,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  let assembly: ReturnType<App['synth']>;
  try {
    assembly = app.synth();
  } catch (e) {
    // A failing policy-validation plugin (cdk-nag) stops synth and leaves its report behind.
    const violations = nagViolations(outdir);
    if (violations.length === 0) throw e;
    return { stack, templateFile: '', errors: violations, warnings: stack.flowWarnings };
  }
  const artifact = assembly.getStackByName(stack.stackName);
  const text = (m: { id: string; entry: { data?: unknown } }): string =>
    `${m.id}: ${typeof m.entry.data === 'string' ? m.entry.data : JSON.stringify(m.entry.data)}`;
  return {
    stack,
    templateFile: path.join(assembly.directory, artifact.templateFile),
    errors: artifact.messages.filter((m) => m.level === 'error').map(text),
    warnings: [...artifact.messages.filter((m) => m.level === 'warning').map(text), ...stack.flowWarnings],
  };
}

/** The unacknowledged findings in the validation report CDK writes when a plugin fails. */
function nagViolations(outdir: string): string[] {
  const file = path.join(outdir, 'validation-report.json');
  if (!existsSync(file)) return [];
  const report = JSON.parse(readFileSync(file, 'utf8')) as {
    pluginReports?: {
      pluginName: string;
      violations?: { ruleName: string; violatingConstructs?: { constructPath: string }[] }[];
    }[];
  };
  return (report.pluginReports ?? []).flatMap((plugin) =>
    (plugin.violations ?? []).flatMap((v) =>
      (v.violatingConstructs ?? []).map((c) => `${plugin.pluginName} ${v.ruleName} at ${c.constructPath}`),
    ),
  );
}

/** Flow files available to the config (base names in flows/). */
export const availableFlows = (): string[] => flowKeys();
