/**
 * The CDK app's one configuration file (`npm run synth -- --config f.json`,
 * `npm run deploy:aws -- --config f.json`): where to deploy, the Salesforce connection, the
 * secret holding the JWT key, the Connect values the flows need, presence and the stream, which
 * flows to deploy. Validation is complete on purpose: every problem is reported at once, one line
 * each, naming the field (`findLastAgent.timeoutSeconds: ...`) and saying what to fix, before CDK
 * builds anything.
 */
import { readFileSync } from 'node:fs';

import { loadConfig } from '../../lambdas/src/shared/config';
import { ConfigError } from '../../lambdas/src/shared/errors';
import { placeholderValueProblem } from '../flows/placeholders';

/** Connect stops waiting for a Lambda after 8 s, so a longer timeout only wastes money. */
export const MAX_TIMEOUT_SECONDS = 8;

/** Lambda's documented limit on all environment variables together. */
const ENV_MAX_BYTES = 4096;

/**
 * Variables the stack sets itself from other settings; in `findLastAgent.environment` they would
 * contradict the stack (or, for the key, put it in the function's configuration).
 */
export const STACK_SET_ENV = [
  'SF_LOGIN_URL',
  'SF_CLIENT_ID',
  'SF_USERNAME',
  'SF_API_VERSION',
  'SF_PRIVATE_KEY',
  'SF_PRIVATE_KEY_SECRET_ID',
  'CONNECT_INSTANCE_ID',
  'PRESENCE_TABLE',
  'POWERTOOLS_SERVICE_NAME',
  'POWERTOOLS_METRICS_NAMESPACE',
] as const;

/** Names Lambda reserves (its "reserved environment variables"); CloudFormation would fail on them. */
const RESERVED_ENV = /^(_HANDLER|_X_AMZN_TRACE_ID|AWS_.*|LAMBDA_TASK_ROOT|LAMBDA_RUNTIME_DIR)$/;

const REGION = /^[a-z]{2}(-gov|-iso[a-z]*)?-[a-z]+-\d$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const STACK_NAME = /^[A-Za-z][A-Za-z0-9-]{0,127}$/;
const ENV_KEY = /^[A-Za-z][A-Za-z0-9_]*$/;
const FLOW_NAME_MAX = 127;

/** The validated configuration, with defaults applied. */
export interface DeployConfig {
  /** CloudFormation stack name; also the prefix of resource names. */
  stackName: string;
  /** Region of the Connect instance; everything is deployed there (Connect invokes only its own Region's functions). */
  region: string;
  /** 12-digit account id, when given; otherwise the deploy credentials' account. */
  account?: string;
  connect: {
    instanceId: string;
    /** The queue a call goes to when there is no last agent or last queue (`${DEFAULT_QUEUE_ARN}`). */
    defaultQueueArn: string;
    /** SCV's InvokeTelephonyIntegrationApiFunction (`${TELEPHONY_INTEGRATION_LAMBDA_ARN}`). */
    telephonyLambdaArn: string;
  };
  salesforce: {
    loginUrl: string;
    clientId: string;
    username: string;
    apiVersion?: string;
    /** Existing secret holding the PEM key; absent: the stack creates an empty one for the admin to fill. */
    privateKeySecretArn?: string;
  };
  findLastAgent: {
    memoryMb: number;
    timeoutSeconds: number;
    /** Containers kept initialised (and pre-warmed); 0 = on demand only. */
    provisionedConcurrency: number;
    /** Further lookup settings (`lambdas/src/shared/config.ts`), e.g. LOOKBACK_DAYS. */
    environment: Record<string, string>;
  };
  presence: {
    enabled: boolean;
    /** Use this stream instead of creating one. */
    existingStreamArn?: string;
    /** Create the instance's AGENT_EVENTS storage config pointing at the stream. */
    connectAgentEvents: boolean;
    shardCount: number;
    /** Agent items older than this are stale; find-last-agent asks Connect instead. */
    maxAgeSeconds?: number;
  };
  flows: {
    /** Flow files to deploy (base names in flows/). */
    deploy: string[];
    /** How long the preferred-agent flow's routing step waits for the last agent (`${PREFERRED_AGENT_SECONDS}`). */
    preferredAgentSeconds: number;
    /** Whether the preferred-agent flow reads the last call's reason to the caller (`${SPEAK_LAST_CALL_REASON}`). */
    speakLastCallReason: boolean;
    /** Name in Connect by flow file; default: the file's Metadata.name. */
    names: Record<string, string>;
  };
  alarms: {
    /** SNS topic the alarms notify; none: alarms only show on the dashboard. */
    topicArn?: string;
  };
}

/** The outcome of validation: a config, or every problem found. */
export type ValidationResult = { ok: true; config: DeployConfig } | { ok: false; problems: string[] };

type Obj = Record<string, unknown>;
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Reads fields of one object, recording problems under a path prefix. */
class Section {
  constructor(
    readonly raw: Obj,
    readonly path: string,
    readonly problems: string[],
  ) {}

  static of(raw: unknown, path: string, problems: string[], known: string[]): Section {
    if (raw !== undefined && !isObject(raw)) {
      problems.push(`${path}: must be an object with ${known.join(', ')}`);
      return new Section({}, path, problems);
    }
    const section = new Section(raw ?? {}, path, problems);
    section.unknownKeys(known);
    return section;
  }

  where(key: string): string {
    return this.path ? `${this.path}.${key}` : key;
  }

  string(key: string, hint: string, required = true): string | undefined {
    const value = this.raw[key];
    if (value === undefined || value === null || value === '') {
      if (required) this.problems.push(`${this.where(key)}: required (${hint})`);
      return undefined;
    }
    if (typeof value !== 'string') {
      this.problems.push(`${this.where(key)}: must be a string (${hint})`);
      return undefined;
    }
    return value.trim();
  }

  matching(key: string, pattern: RegExp, hint: string, required = true): string | undefined {
    const value = this.string(key, hint, required);
    if (value === undefined) return undefined;
    if (!pattern.test(value)) {
      this.problems.push(`${this.where(key)}: "${value}" is not ${hint}`);
      return undefined;
    }
    return value;
  }

  int(key: string, fallback: number, min: number, max: number, why?: string): number {
    const value = this.raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.problems.push(
        `${this.where(key)}: must be a whole number from ${min} to ${max} (got ${JSON.stringify(value)})${why ? `; ${why}` : ''}`,
      );
      return fallback;
    }
    return value;
  }

  bool(key: string, fallback: boolean): boolean {
    const value = this.raw[key];
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.problems.push(`${this.where(key)}: must be true or false (got ${JSON.stringify(value)})`);
      return fallback;
    }
    return value;
  }

  private unknownKeys(known: string[]): void {
    for (const key of Object.keys(this.raw)) {
      if (key === '$comment' || known.includes(key)) continue;
      this.problems.push(`${this.where(key)}: unknown setting; known here: ${known.join(', ')}`);
    }
  }
}

/** An ARN's parts, or a problem. */
function arnProblem(
  value: string,
  kind: { service: string; resource: RegExp; example: string },
  region: string | undefined,
  account: string | undefined,
): string | undefined {
  const parts = value.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return `"${value}" is not an ARN (${kind.example})`;
  const [, , service, arnRegion, arnAccount] = parts;
  if (service !== kind.service || !kind.resource.test(parts.slice(5).join(':'))) {
    return `"${value}" is not ${kind.example}`;
  }
  if (region !== undefined && arnRegion !== region) {
    return `the ARN is in ${arnRegion}, but region is ${region} (Connect uses resources of its own Region)`;
  }
  if (account !== undefined && arnAccount !== account) {
    return `the ARN is in account ${arnAccount}, but account is ${account}`;
  }
  return undefined;
}

const QUEUE_ARN = {
  service: 'connect',
  resource: /^instance\/[^/]+\/queue\/[^/]+$/,
  example: 'a Connect queue ARN (arn:aws:connect:REGION:ACCOUNT:instance/INSTANCE_ID/queue/QUEUE_ID)',
};
const FUNCTION_ARN = {
  service: 'lambda',
  resource: /^function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9_$-]+)?$/,
  example: 'a Lambda function ARN (arn:aws:lambda:REGION:ACCOUNT:function:NAME)',
};
const SECRET_ARN = {
  service: 'secretsmanager',
  resource: /^secret:[\w/+=.@-]+$/,
  example: 'a complete Secrets Manager secret ARN (arn:aws:secretsmanager:REGION:ACCOUNT:secret:NAME-AbCdEf)',
};
const STREAM_ARN = {
  service: 'kinesis',
  resource: /^stream\/[A-Za-z0-9_.-]{1,128}$/,
  example: 'a Kinesis stream ARN (arn:aws:kinesis:REGION:ACCOUNT:stream/NAME)',
};
const TOPIC_ARN = {
  service: 'sns',
  resource: /^[A-Za-z0-9_-]{1,256}$/,
  example: 'an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)',
};

/**
 * Validates a parsed config file. Pure: `readDeployConfig` does the I/O. `flowKeys` are the flow
 * files that exist (base names), to check `flows.deploy` and `flows.names` against.
 */
export function validateDeployConfig(raw: unknown, flowKeys: string[]): ValidationResult {
  const problems: string[] = [];
  if (!isObject(raw)) {
    return {
      ok: false,
      problems: ['the config file must hold a JSON object (see deploy-config.example.json)'],
    };
  }
  const top = Section.of(raw, '', problems, [
    'stackName',
    'region',
    'account',
    'connect',
    'salesforce',
    'findLastAgent',
    'presence',
    'flows',
    'alarms',
  ]);
  const stackName =
    top.matching(
      'stackName',
      STACK_NAME,
      'a stack name (letters, digits, hyphens; starts with a letter)',
      false,
    ) ?? 'ScvLastAgent';
  const region = top.matching('region', REGION, 'an AWS Region name (e.g. "eu-west-2")');
  const account = top.matching('account', /^\d{12}$/, 'a 12-digit AWS account id', false);
  const arn = (s: Section, key: string, kind: typeof QUEUE_ARN, required: boolean): string | undefined => {
    const value = s.string(key, kind.example, required);
    if (value === undefined) return undefined;
    const problem = arnProblem(value, kind, region, account);
    if (problem) {
      problems.push(`${s.where(key)}: ${problem}`);
      return undefined;
    }
    return value;
  };

  // connect
  const c = Section.of(raw.connect, 'connect', problems, [
    'instanceId',
    'defaultQueueArn',
    'telephonyLambdaArn',
  ]);
  const instanceId = c.matching(
    'instanceId',
    UUID,
    'a Connect instance id (the UUID at the end of the instance ARN)',
  );
  const defaultQueueArn = arn(c, 'defaultQueueArn', QUEUE_ARN, true);
  if (defaultQueueArn && instanceId && defaultQueueArn.split(':')[5]?.split('/')[1] !== instanceId) {
    problems.push(
      `connect.defaultQueueArn: the queue belongs to another instance than connect.instanceId ${instanceId}`,
    );
  }
  const telephonyLambdaArn = arn(c, 'telephonyLambdaArn', FUNCTION_ARN, true);

  // salesforce
  const s = Section.of(raw.salesforce, 'salesforce', problems, [
    'loginUrl',
    'clientId',
    'username',
    'apiVersion',
    'privateKeySecretArn',
  ]);
  const loginUrl = s.string('loginUrl', 'e.g. https://login.salesforce.com or your My Domain URL');
  const clientId = s.string('clientId', "the connected app's consumer key");
  const username = s.string('username', 'the integration user the JWT is issued for');
  const apiVersion = s.string('apiVersion', 'e.g. "62.0"', false);
  const privateKeySecretArn = arn(s, 'privateKeySecretArn', SECRET_ARN, false);

  // findLastAgent
  const f = Section.of(raw.findLastAgent, 'findLastAgent', problems, [
    'memoryMb',
    'timeoutSeconds',
    'provisionedConcurrency',
    'environment',
  ]);
  const memoryMb = f.int('memoryMb', 512, 128, 10_240);
  const timeoutSeconds = f.int(
    'timeoutSeconds',
    MAX_TIMEOUT_SECONDS,
    1,
    MAX_TIMEOUT_SECONDS,
    'Connect waits at most 8 s for a Lambda, so a longer timeout never helps',
  );
  const provisionedConcurrency = f.int('provisionedConcurrency', 0, 0, 1000);
  const environment = validateEnvironment(f.raw.environment, problems);

  // presence
  const p = Section.of(raw.presence, 'presence', problems, [
    'enabled',
    'existingStreamArn',
    'connectAgentEvents',
    'shardCount',
    'maxAgeSeconds',
  ]);
  const enabled = p.bool('enabled', true);
  const existingStreamArn = arn(p, 'existingStreamArn', STREAM_ARN, false);
  // An existing stream usually already receives the instance's agent events; a new one never does.
  const connectAgentEvents = p.bool('connectAgentEvents', existingStreamArn === undefined);
  const shardCount = p.int('shardCount', 1, 1, 64);
  if (existingStreamArn && p.raw.shardCount !== undefined) {
    problems.push(
      'presence.shardCount: applies only to a stream the stack creates; remove it or existingStreamArn',
    );
  }
  const maxAgeRaw = p.raw.maxAgeSeconds;
  const maxAgeSeconds = maxAgeRaw === undefined ? undefined : p.int('maxAgeSeconds', 0, 10, 3600);

  // flows
  const fl = Section.of(raw.flows, 'flows', problems, [
    'deploy',
    'names',
    'preferredAgentSeconds',
    'speakLastCallReason',
  ]);
  const deploy = validateFlowList(fl.raw.deploy, flowKeys, problems);
  const names = validateFlowNames(fl.raw.names, flowKeys, problems);
  // The flow placeholders' own rules (scripts/flows/placeholders.ts) judge the values.
  const preferredAgentSeconds = fl.int('preferredAgentSeconds', 20, 1, 300);
  const speakLastCallReason = fl.bool('speakLastCallReason', false);
  for (const [name, value] of [
    ['PREFERRED_AGENT_SECONDS', String(preferredAgentSeconds)],
    ['SPEAK_LAST_CALL_REASON', String(speakLastCallReason)],
  ] as const) {
    const problem = placeholderValueProblem(name, value);
    if (problem) problems.push(`flows: \${${name}} ${problem}`);
  }

  // alarms
  const a = Section.of(raw.alarms, 'alarms', problems, ['topicArn']);
  const topicArn = arn(a, 'topicArn', TOPIC_ARN, false);

  // The Lambda's own loader judges the Salesforce values and the extra settings, as it would at cold start.
  if (environment && loginUrl && clientId && username) {
    const lambdaEnv: Record<string, string> = {
      ...environment,
      SF_LOGIN_URL: loginUrl,
      SF_CLIENT_ID: clientId,
      SF_USERNAME: username,
      SF_PRIVATE_KEY_SECRET_ID: privateKeySecretArn ?? 'created-by-the-stack',
      ...(apiVersion ? { SF_API_VERSION: apiVersion } : {}),
    };
    try {
      const loaded = loadConfig(lambdaEnv);
      if (loaded.deadlineMs >= timeoutSeconds * 1000 - 500) {
        problems.push(
          `findLastAgent.environment.LOOKUP_DEADLINE_MS: ${loaded.deadlineMs} ms leaves no time inside the ${timeoutSeconds} s timeout; make it at least 500 ms shorter`,
        );
      }
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const problem of e.problems) problems.push(`${fieldOfLambdaProblem(problem)}: ${problem}`);
    }
  }

  if (problems.length > 0) return { ok: false, problems };
  return {
    ok: true,
    config: {
      stackName,
      region: region as string,
      ...(account ? { account } : {}),
      connect: {
        instanceId: instanceId as string,
        defaultQueueArn: defaultQueueArn as string,
        telephonyLambdaArn: telephonyLambdaArn as string,
      },
      salesforce: {
        loginUrl: (loginUrl as string).replace(/\/+$/, ''),
        clientId: clientId as string,
        username: username as string,
        ...(apiVersion ? { apiVersion } : {}),
        ...(privateKeySecretArn ? { privateKeySecretArn } : {}),
      },
      findLastAgent: {
        memoryMb,
        timeoutSeconds,
        provisionedConcurrency,
        environment: environment as Record<string, string>,
      },
      presence: {
        enabled,
        ...(existingStreamArn ? { existingStreamArn } : {}),
        connectAgentEvents,
        shardCount,
        ...(maxAgeSeconds !== undefined ? { maxAgeSeconds } : {}),
      },
      flows: { deploy, names, preferredAgentSeconds, speakLastCallReason },
      alarms: topicArn ? { topicArn } : {},
    },
  };
}

/** The config field behind one of `loadConfig`'s problems (they start with the variable's name). */
function fieldOfLambdaProblem(problem: string): string {
  const variable = /^([A-Z][A-Z0-9_]*)/.exec(problem)?.[1] ?? '';
  const field: Record<string, string> = {
    SF_LOGIN_URL: 'salesforce.loginUrl',
    SF_CLIENT_ID: 'salesforce.clientId',
    SF_USERNAME: 'salesforce.username',
    SF_API_VERSION: 'salesforce.apiVersion',
  };
  return (
    field[variable] ?? (variable ? `findLastAgent.environment.${variable}` : 'findLastAgent.environment')
  );
}

function validateEnvironment(raw: unknown, problems: string[]): Record<string, string> | undefined {
  if (raw === undefined) return {};
  if (!isObject(raw)) {
    problems.push(
      'findLastAgent.environment: must be an object of variable name to value (e.g. {"LOOKBACK_DAYS": "7"})',
    );
    return undefined;
  }
  const before = problems.length;
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(raw)) {
    const where = `findLastAgent.environment.${key}`;
    if (!ENV_KEY.test(key)) {
      problems.push(`${where}: a variable name must start with a letter and hold only letters, digits and _`);
    } else if (RESERVED_ENV.test(key)) {
      problems.push(
        `${where}: Lambda reserves this name (or it would point the SDK away from AWS); remove it`,
      );
    } else if ((STACK_SET_ENV as readonly string[]).includes(key)) {
      problems.push(
        key === 'SF_PRIVATE_KEY'
          ? `${where}: never deploy the key inline (anyone who can read the function configuration could read it); the stack passes the secret (salesforce.privateKeySecretArn)`
          : `${where}: the stack sets it from the other settings; remove it`,
      );
    } else if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') {
      env[key] = String(value);
    } else {
      problems.push(`${where}: must be a string (environment variables are text)`);
    }
  }
  const bytes = Object.entries(env).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > ENV_MAX_BYTES / 2) {
    problems.push(
      `findLastAgent.environment: ${bytes} bytes; keep it under ${ENV_MAX_BYTES / 2} (Lambda allows ${ENV_MAX_BYTES} in all)`,
    );
  }
  return problems.length === before ? env : undefined;
}

function validateFlowList(raw: unknown, flowKeys: string[], problems: string[]): string[] {
  if (raw === undefined) return [...flowKeys];
  if (!Array.isArray(raw) || raw.some((k) => typeof k !== 'string')) {
    problems.push(`flows.deploy: must be a list of flow files without .json (have: ${flowKeys.join(', ')})`);
    return [];
  }
  const list = raw as string[];
  list.forEach((key, i) => {
    if (!flowKeys.includes(key))
      problems.push(`flows.deploy[${i}]: no flows/${key}.json; use one of ${flowKeys.join(', ')}`);
    else if (list.indexOf(key) !== i) problems.push(`flows.deploy[${i}]: "${key}" is listed twice`);
  });
  return list;
}

function validateFlowNames(raw: unknown, flowKeys: string[], problems: string[]): Record<string, string> {
  const names: Record<string, string> = {};
  if (raw === undefined) return names;
  if (!isObject(raw)) {
    problems.push('flows.names: must be an object of flow file (without .json) to flow name');
    return names;
  }
  const seen = new Map<string, string>();
  for (const [key, value] of Object.entries(raw)) {
    const where = `flows.names.${key}`;
    if (!flowKeys.includes(key)) {
      problems.push(`${where}: no flows/${key}.json; use one of ${flowKeys.join(', ')}`);
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
  return names;
}

/** Thrown by `readDeployConfig`; `problems` are the lines to print. */
export class DeployConfigError extends Error {
  override readonly name = 'DeployConfigError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads and validates a config file; throws `DeployConfigError` with every problem, each prefixed by the file. */
export function readDeployConfig(file: string, flowKeys: string[]): DeployConfig {
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
  const result = validateDeployConfig(raw, flowKeys);
  if (!result.ok) throw new DeployConfigError(result.problems.map((p) => `${file}: ${p}`));
  return result.config;
}
