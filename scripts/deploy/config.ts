/**
 * The AWS deploy's configuration file: where to deploy (Region, Connect instance), the
 * find-last-agent Lambda (name, role, environment, memory, timeout) and the values the flows'
 * placeholders need. Validation is complete and friendly on purpose: a deploy half done because
 * the third setting was wrong is worse than no deploy, so every problem is reported at once, one
 * line each, saying what to fix.
 */
import { readFileSync } from 'node:fs';

import { ConfigError } from '../../lambdas/src/shared/errors';
import { loadConfig } from '../../lambdas/src/shared/config';
import { PLACEHOLDERS, isKnownPlaceholder, placeholderValueProblem } from '../flows/placeholders';

/** The placeholder the deploy fills itself, from the Lambda it deployed. */
export const LAMBDA_ARN_PLACEHOLDER = 'FIND_LAST_AGENT_LAMBDA_ARN';

/** Connect stops waiting for a Lambda after 8 s, so a longer timeout only wastes money. */
export const MAX_TIMEOUT_SECONDS = 8;
export const DEFAULT_TIMEOUT_SECONDS = 8;
export const DEFAULT_MEMORY_MB = 256;

/** Lambda's documented limit on all environment variables together. */
const ENV_MAX_BYTES = 4096;

/**
 * Names Lambda reserves (its "reserved environment variables"); CreateFunction refuses them,
 * and some would hand credentials to anyone who can read the configuration.
 */
const RESERVED_ENV = new Set([
  '_HANDLER',
  '_X_AMZN_TRACE_ID',
  'AWS_DEFAULT_REGION',
  'AWS_REGION',
  'AWS_EXECUTION_ENV',
  'AWS_LAMBDA_FUNCTION_NAME',
  'AWS_LAMBDA_FUNCTION_MEMORY_SIZE',
  'AWS_LAMBDA_FUNCTION_VERSION',
  'AWS_LAMBDA_INITIALIZATION_TYPE',
  'AWS_LAMBDA_LOG_GROUP_NAME',
  'AWS_LAMBDA_LOG_STREAM_NAME',
  'AWS_ACCESS_KEY',
  'AWS_ACCESS_KEY_ID',
  'AWS_SECRET_ACCESS_KEY',
  'AWS_SESSION_TOKEN',
  'AWS_LAMBDA_RUNTIME_API',
  'LAMBDA_TASK_ROOT',
  'LAMBDA_RUNTIME_DIR',
]);

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const FUNCTION_NAME = /^[A-Za-z0-9_-]{1,64}$/;
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]{1,512}$/;
const ENV_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const FLOW_NAME_MAX = 127;

/** The validated configuration, with defaults applied. */
export interface DeployConfig {
  /** AWS Region of the Connect instance; the Lambda is deployed there too (Connect invokes only its own Region's functions). */
  region: string;
  /** Connect instance id (UUID). */
  instanceId: string;
  lambda: LambdaDeployConfig;
  flows: FlowsDeployConfig;
}

/** The find-last-agent function's settings. */
export interface LambdaDeployConfig {
  functionName: string;
  /** Execution role the function runs as. */
  roleArn: string;
  memoryMb: number;
  timeoutSeconds: number;
  /** The Lambda's own variables (see lambdas/src/shared/config.ts), as strings. */
  environment: Record<string, string>;
}

/** Values for the flows. */
export interface FlowsDeployConfig {
  /** Placeholder values except `FIND_LAST_AGENT_LAMBDA_ARN`, which the deploy supplies. */
  placeholders: Record<string, string>;
  /** Flow name per flow file (base name without `.json`); default: the file's `Metadata.name`. */
  names: Record<string, string>;
}

/** What validation needs to know about the flows being deployed. */
export interface ValidationContext {
  /** Placeholders the selected flows use; each but the Lambda's must have a value. Empty when flows are not deployed. */
  requiredPlaceholders: string[];
  /** Base names of the flow files, to check `flows.names` keys against. */
  flowKeys: string[];
}

/** The outcome of validation: a config, or every problem found. */
export type ValidationResult = { ok: true; config: DeployConfig } | { ok: false; problems: string[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Validates a parsed config file. Pure: `readDeployConfig` does the I/O. Every problem names the
 * setting (`lambda.timeoutSeconds`) and says what to fix.
 */
export function validateDeployConfig(raw: unknown, context: ValidationContext): ValidationResult {
  const problems: string[] = [];
  if (!isObject(raw)) {
    return {
      ok: false,
      problems: ['the config file must hold a JSON object (see deploy-config.example.json)'],
    };
  }
  unknownKeys(raw, ['$comment', 'region', 'instanceId', 'lambda', 'flows'], '', problems);

  const region = stringAt(raw, 'region', 'region', problems, 'e.g. "eu-west-2"');
  if (region !== undefined && !REGION.test(region)) {
    problems.push(`region: "${region}" is not an AWS Region name (e.g. "eu-west-2")`);
  }
  const instanceId = stringAt(raw, 'instanceId', 'instanceId', problems, 'the Connect instance id');
  if (instanceId !== undefined && !UUID.test(instanceId)) {
    problems.push(
      `instanceId: "${instanceId}" is not a Connect instance id; use the UUID at the end of the instance ARN`,
    );
  }

  // Cross-checks against a malformed Region or instance id would only repeat that problem.
  const goodRegion = region !== undefined && REGION.test(region) ? region : undefined;
  const goodInstance = instanceId !== undefined && UUID.test(instanceId) ? instanceId : undefined;
  const lambda = validateLambda(raw.lambda, goodInstance, problems);
  const flows = validateFlows(raw.flows, context, goodRegion, goodInstance, problems);

  if (problems.length > 0 || !region || !instanceId || !lambda || !flows) {
    return { ok: false, problems };
  }
  return { ok: true, config: { region, instanceId, lambda, flows } };
}

function validateLambda(
  raw: unknown,
  instanceId: string | undefined,
  problems: string[],
): LambdaDeployConfig | undefined {
  if (!isObject(raw)) {
    problems.push('lambda: add an object with functionName, roleArn and environment');
    return undefined;
  }
  unknownKeys(
    raw,
    ['functionName', 'roleArn', 'memoryMb', 'timeoutSeconds', 'environment'],
    'lambda.',
    problems,
  );
  const functionName = stringAt(
    raw,
    'functionName',
    'lambda.functionName',
    problems,
    'e.g. "scv-find-last-agent"',
  );
  if (functionName !== undefined && !FUNCTION_NAME.test(functionName)) {
    problems.push(
      `lambda.functionName: "${functionName}" must be 1-64 letters, digits, hyphens or underscores (a name, not an ARN)`,
    );
  }
  const roleArn = stringAt(raw, 'roleArn', 'lambda.roleArn', problems, 'the execution role ARN');
  if (roleArn !== undefined && !ROLE_ARN.test(roleArn)) {
    problems.push(
      `lambda.roleArn: "${roleArn}" is not an IAM role ARN (arn:aws:iam::123456789012:role/name)`,
    );
  }
  const memoryMb = intAt(raw, 'memoryMb', 'lambda.memoryMb', DEFAULT_MEMORY_MB, 128, 10_240, problems);
  const timeoutSeconds = intAt(
    raw,
    'timeoutSeconds',
    'lambda.timeoutSeconds',
    DEFAULT_TIMEOUT_SECONDS,
    1,
    MAX_TIMEOUT_SECONDS,
    problems,
    'Connect waits at most 8 s for a Lambda, so a longer timeout never helps',
  );
  const environment = validateEnvironment(raw.environment, instanceId, timeoutSeconds, problems);
  if (!functionName || !roleArn || !environment) return undefined;
  return { functionName, roleArn, memoryMb, timeoutSeconds, environment };
}

function validateEnvironment(
  raw: unknown,
  instanceId: string | undefined,
  timeoutSeconds: number,
  problems: string[],
): Record<string, string> | undefined {
  if (!isObject(raw)) {
    problems.push(
      'lambda.environment: add an object with the Lambda variables (SF_LOGIN_URL, SF_CLIENT_ID, SF_USERNAME, SF_PRIVATE_KEY_SECRET_ID, ...)',
    );
    return undefined;
  }
  const env: Record<string, string> = {};
  const before = problems.length;
  for (const [key, value] of Object.entries(raw)) {
    const where = `lambda.environment.${key}`;
    if (!ENV_KEY.test(key)) {
      problems.push(`${where}: a variable name must start with a letter and hold only letters, digits and _`);
      continue;
    }
    if (RESERVED_ENV.has(key)) {
      problems.push(`${where}: Lambda reserves this name and sets it itself; remove it`);
      continue;
    }
    if (key.startsWith('AWS_ENDPOINT_URL')) {
      problems.push(
        `${where}: would point the deployed Lambda's AWS SDK away from AWS (sandbox only); remove it`,
      );
      continue;
    }
    if (typeof value === 'number' || typeof value === 'boolean') env[key] = String(value);
    else if (typeof value === 'string') env[key] = value;
    else problems.push(`${where}: must be a string (environment variables are text)`);
  }
  if (env.SF_PRIVATE_KEY !== undefined) {
    problems.push(
      'lambda.environment.SF_PRIVATE_KEY: do not deploy the private key inline (anyone who can read the function configuration could read it); store the PEM in AWS Secrets Manager and set SF_PRIVATE_KEY_SECRET_ID to the secret name or ARN',
    );
  }
  if (
    instanceId !== undefined &&
    env.CONNECT_INSTANCE_ID !== undefined &&
    env.CONNECT_INSTANCE_ID !== instanceId
  ) {
    problems.push(
      `lambda.environment.CONNECT_INSTANCE_ID: "${env.CONNECT_INSTANCE_ID}" differs from instanceId "${instanceId}"; remove it (the deploy sets it) or make them equal`,
    );
  }
  // Without the inline key the Lambda's own check would suggest it; in a deploy only the secret is right.
  const lambdaEnv = { ...env };
  delete lambdaEnv.SF_PRIVATE_KEY;
  try {
    const loaded = loadConfig(lambdaEnv);
    if (loaded.deadlineMs >= timeoutSeconds * 1000) {
      problems.push(
        `lambda.environment.LOOKUP_DEADLINE_MS: ${loaded.deadlineMs} ms leaves no time inside the ${timeoutSeconds} s timeout; make it at least 500 ms shorter`,
      );
    }
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    for (const p of e.problems) {
      problems.push(
        p.startsWith('set SF_PRIVATE_KEY (PEM) or SF_PRIVATE_KEY_SECRET_ID')
          ? 'lambda.environment.SF_PRIVATE_KEY_SECRET_ID is required (the Secrets Manager secret holding the PEM private key)'
          : `lambda.environment: ${p}`,
      );
    }
  }
  if (instanceId !== undefined && env.CONNECT_INSTANCE_ID === undefined) env.CONNECT_INSTANCE_ID = instanceId;
  const bytes = Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > ENV_MAX_BYTES) {
    problems.push(`lambda.environment: ${bytes} bytes in total; Lambda allows ${ENV_MAX_BYTES}`);
  }
  return problems.length === before ? env : undefined;
}

function validateFlows(
  raw: unknown,
  context: ValidationContext,
  region: string | undefined,
  instanceId: string | undefined,
  problems: string[],
): FlowsDeployConfig | undefined {
  const before = problems.length;
  const section = raw === undefined ? {} : raw;
  if (!isObject(section)) {
    problems.push('flows: must be an object with placeholders (and optionally names)');
    return undefined;
  }
  unknownKeys(section, ['placeholders', 'names'], 'flows.', problems);

  const placeholders: Record<string, string> = {};
  const rawValues = section.placeholders ?? {};
  if (!isObject(rawValues)) {
    problems.push('flows.placeholders: must be an object of placeholder name to value');
  } else {
    for (const [name, value] of Object.entries(rawValues)) {
      const where = `flows.placeholders.${name}`;
      if (name === LAMBDA_ARN_PLACEHOLDER) {
        problems.push(`${where}: remove it; the deploy fills it with the ARN of the Lambda it deploys`);
      } else if (!isKnownPlaceholder(name)) {
        problems.push(`${where}: unknown placeholder; known: ${Object.keys(PLACEHOLDERS).join(', ')}`);
      } else if (typeof value !== 'string' || value.trim() === '') {
        problems.push(`${where}: must be a non-empty string (${PLACEHOLDERS[name]})`);
      } else {
        const arnProblem = name.endsWith('_ARN')
          ? checkPlaceholderArn(name, value, region, instanceId)
          : placeholderValueProblem(name, value);
        if (arnProblem) problems.push(`${where}: ${arnProblem}`);
        else placeholders[name] = value;
      }
    }
    for (const name of context.requiredPlaceholders) {
      if (name === LAMBDA_ARN_PLACEHOLDER || name in rawValues) continue;
      const hint = isKnownPlaceholder(name) ? ` (${PLACEHOLDERS[name]})` : '';
      problems.push(`flows.placeholders.${name}: required by the flows; add it${hint}`);
    }
  }

  const names: Record<string, string> = {};
  const rawNames = section.names ?? {};
  if (!isObject(rawNames)) {
    problems.push('flows.names: must be an object of flow file (without .json) to flow name');
  } else {
    const seen = new Map<string, string>();
    for (const [key, value] of Object.entries(rawNames)) {
      const where = `flows.names.${key}`;
      if (!context.flowKeys.includes(key)) {
        problems.push(`${where}: no flows/${key}.json; use one of ${context.flowKeys.join(', ')}`);
      } else if (typeof value !== 'string' || value.trim() === '' || value.length > FLOW_NAME_MAX) {
        problems.push(`${where}: must be a flow name of 1-${FLOW_NAME_MAX} characters`);
      } else if (seen.has(value)) {
        problems.push(
          `${where}: "${value}" is also the name of ${seen.get(value)}; flow names are unique per instance`,
        );
      } else {
        seen.set(value, key);
        names[key] = value;
      }
    }
  }
  return problems.length === before ? { placeholders, names } : undefined;
}

/** Catches an ARN of the wrong kind, Region or instance, which Connect would accept and then fail on a live call. */
function checkPlaceholderArn(
  name: string,
  value: string,
  region: string | undefined,
  instanceId: string | undefined,
): string | undefined {
  const parts = value.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return `"${value}" is not an ARN`;
  const [, , service, arnRegion] = parts;
  if (name.endsWith('_QUEUE_ARN')) {
    if (service !== 'connect' || !/^instance\/[^/]+\/queue\/[^/]+$/.test(parts.slice(5).join(':'))) {
      return `"${value}" is not a Connect queue ARN (arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE_ID/queue/QUEUE_ID)`;
    }
    if (instanceId !== undefined && parts[5]?.split('/')[1] !== instanceId) {
      return `the queue belongs to another instance than instanceId ${instanceId}`;
    }
  } else if (name.endsWith('_LAMBDA_ARN')) {
    if (service !== 'lambda' || parts[5] !== 'function') {
      return `"${value}" is not a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)`;
    }
  }
  if (region !== undefined && arnRegion !== region) {
    return `the ARN is in ${arnRegion}, but region is ${region} (Connect uses resources of its own Region)`;
  }
  return undefined;
}

function stringAt(
  obj: Record<string, unknown>,
  key: string,
  where: string,
  problems: string[],
  hint: string,
): string | undefined {
  const value = obj[key];
  if (value === undefined || value === null || value === '') {
    problems.push(`${where}: required (${hint})`);
    return undefined;
  }
  if (typeof value !== 'string') {
    problems.push(`${where}: must be a string (${hint})`);
    return undefined;
  }
  return value.trim();
}

function intAt(
  obj: Record<string, unknown>,
  key: string,
  where: string,
  fallback: number,
  min: number,
  max: number,
  problems: string[],
  why?: string,
): number {
  const value = obj[key];
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    problems.push(
      `${where}: must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})${why ? `; ${why}` : ''}`,
    );
    return fallback;
  }
  return value;
}

function unknownKeys(
  obj: Record<string, unknown>,
  known: string[],
  prefix: string,
  problems: string[],
): void {
  for (const key of Object.keys(obj)) {
    if (!known.includes(key))
      problems.push(
        `${prefix}${key}: unknown setting; known here: ${known.filter((k) => k !== '$comment').join(', ')}`,
      );
  }
}

/** Thrown by `readDeployConfig`; `problems` are the lines to print. */
export class DeployConfigError extends Error {
  override readonly name = 'DeployConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads and validates a config file; throws `DeployConfigError` with every problem. */
export function readDeployConfig(file: string, context: ValidationContext): DeployConfig {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new DeployConfigError([
      `${file}: cannot read the config file (${(e as NodeJS.ErrnoException).code ?? 'error'})`,
    ]);
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new DeployConfigError([`${file}: not valid JSON (${(e as Error).message})`]);
  }
  const result = validateDeployConfig(raw, context);
  if (!result.ok) throw new DeployConfigError(result.problems.map((p) => `${file}: ${p}`));
  return result.config;
}
