/**
 * `npm run sandbox`: starts the local org and Connect emulators, prints exactly one JSON line
 * ({sfLoginUrl, connectEndpoint, instanceArn, env}) on stdout, and serves until SIGINT/SIGTERM.
 * Everything else goes to stderr, so `npm run --silent sandbox | head -1` is machine-readable.
 */
import { parseArgs } from 'node:util';
import { REAL_CONNECT_QUOTAS } from './connect/quotas';
import { SANDBOX_KEY_SECRET_ARN, startSandbox, type SandboxOptions } from './sandbox';

const USAGE = `usage: npm run sandbox -- [options]
  --org-port N              port of the org emulator (default: a free port)
  --connect-port N          port of the Connect emulator (default: a free port)
  --sf-latency-ms N         added latency per Salesforce request
  --connect-latency-ms N    added latency per Connect request
  --connect-rate N          GetCurrentUserData/SearchUsers quota, requests per second
  --api-limit N             remaining daily Salesforce API requests
  --token-ttl-seconds N     access token lifetime
  --no-package-fields       an org without this package's VoiceCall custom fields
  --hide-objects A,B        objects the integration user cannot see (INVALID_TYPE), e.g.
                            CallCenterRoutingMap for a user without Manage Call Centers
  --connect-quotas real     meter Connect's quota-limited APIs at their default rates
                            (GetCurrentUserData, SearchUsers, ListQueues 2/s burst 5;
                            DescribeUser, UpdateContactAttributes 10/s burst 15)
  --no-presence             no DynamoDB/Kinesis/agent-events: live state from GetCurrentUserData
  --heartbeat-seconds N     idle agents' HEART_BEAT interval (default 120, as Connect)
Agent state: POST /__sandbox/agents/<userId> {status, nextStatus, contacts} on the Connect
emulator publishes an agent event; DELETE logs the agent out.
Faults can also be changed while it runs: POST /__sandbox/faults on any emulator (org, Connect,
Secrets Manager).`;

function fail(message: string): never {
  console.error(`sandbox: ${message}\n${USAGE}`);
  process.exit(2);
}

function nonNegativeInt(name: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) fail(`--${name} must be a non-negative integer (got ${value})`);
  return n;
}

async function main(): Promise<void> {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      options: {
        'org-port': { type: 'string' },
        'connect-port': { type: 'string' },
        'sf-latency-ms': { type: 'string' },
        'connect-latency-ms': { type: 'string' },
        'connect-rate': { type: 'string' },
        'api-limit': { type: 'string' },
        'token-ttl-seconds': { type: 'string' },
        'no-package-fields': { type: 'boolean' },
        'hide-objects': { type: 'string' },
        'connect-quotas': { type: 'string' },
        'no-presence': { type: 'boolean' },
        'heartbeat-seconds': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }));
  } catch (e) {
    fail((e as Error).message);
  }
  if (values.help) {
    console.error(USAGE);
    return;
  }
  const str = (k: string): string | undefined => values[k] as string | undefined;
  const quotas = str('connect-quotas');
  if (quotas !== undefined && quotas !== 'real' && quotas !== 'off')
    fail(`--connect-quotas must be real or off (got ${quotas})`);
  const heartbeat = nonNegativeInt('heartbeat-seconds', str('heartbeat-seconds'));
  if (heartbeat === 0) fail('--heartbeat-seconds must be at least 1');
  const options: SandboxOptions = {
    orgPort: nonNegativeInt('org-port', str('org-port')),
    connectPort: nonNegativeInt('connect-port', str('connect-port')),
    tokenTtlSeconds: nonNegativeInt('token-ttl-seconds', str('token-ttl-seconds')),
    omitCustomFields: values['no-package-fields'] === true,
    orgHiddenObjects: str('hide-objects')
      ?.split(',')
      .map((o) => o.trim())
      .filter(Boolean),
    orgFaults: {
      latencyMs: nonNegativeInt('sf-latency-ms', str('sf-latency-ms')),
      apiRequestsRemaining: nonNegativeInt('api-limit', str('api-limit')),
    },
    connectFaults: {
      latencyMs: nonNegativeInt('connect-latency-ms', str('connect-latency-ms')),
      throttleRatePerSecond: nonNegativeInt('connect-rate', str('connect-rate')),
      ...(quotas === 'real' ? { quotas: { ...REAL_CONNECT_QUOTAS } } : {}),
    },
    presence: values['no-presence'] !== true,
    heartbeatSeconds: heartbeat,
  };
  const sandbox = await startSandbox(options);
  // Listening before the line goes out: a tool may stop the sandbox as soon as it has read it.
  const stop = (): void => {
    sandbox.close().finally(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  process.stdout.write(
    `${JSON.stringify({
      sfLoginUrl: sandbox.sfLoginUrl,
      connectEndpoint: sandbox.connectEndpoint,
      instanceArn: sandbox.instanceArn,
      secretsEndpoint: sandbox.secrets.url,
      keySecretArn: SANDBOX_KEY_SECRET_ARN,
      env: sandbox.env,
    })}\n`,
  );
  console.error(`sandbox: org ${sandbox.sfLoginUrl}, Connect ${sandbox.connectEndpoint}; Ctrl-C to stop`);
}

main().catch((e: unknown) => {
  console.error(`sandbox failed to start: ${(e as Error).message}`);
  process.exit(1);
});
