/**
 * The local sandbox: the org emulator and the Connect emulator, started together over the same
 * sample data, plus the environment a Lambda needs to run against them.
 */
import { generateKeyPairSync } from 'node:crypto';
import { startConnectEmulator, type ConnectEmulator, type ConnectFaults } from './connect/connect-emulator';
import { startOrgEmulator, type OrgEmulator, type OrgFaults } from './org/org-emulator';
import {
  buildSampleData,
  SANDBOX_ACCOUNT_ID,
  SANDBOX_CONSUMER_KEY,
  SANDBOX_INSTANCE_ARN,
  SANDBOX_INSTANCE_ID,
  SANDBOX_INTEGRATION_USERNAME,
  SANDBOX_REGION,
  type SampleData,
} from './sample-data';
import { startSecretsEmulator, type SecretsEmulator } from './secrets/secrets-emulator';

/** The Secrets Manager secret holding the sandbox's signing key (for SF_PRIVATE_KEY_SECRET_ID). */
export const SANDBOX_KEY_SECRET_ARN = `arn:aws:secretsmanager:${SANDBOX_REGION}:${SANDBOX_ACCOUNT_ID}:secret:scv-last-agent-key-AbCdEf`;

export interface SandboxOptions {
  orgPort?: number;
  connectPort?: number;
  /** Clock the sample data is built around; default now. */
  now?: Date;
  orgFaults?: OrgFaults;
  connectFaults?: ConnectFaults;
  /** Access token lifetime at the org emulator. */
  tokenTtlSeconds?: number;
  /** Behave like an org without this package's VoiceCall fields. */
  omitCustomFields?: boolean;
  /** Objects the integration user cannot see (e.g. CallCenterRoutingMap without Manage Call Centers). */
  orgHiddenObjects?: string[];
}

export interface Sandbox {
  sfLoginUrl: string;
  connectEndpoint: string;
  instanceArn: string;
  instanceId: string;
  /** Every environment variable the Lambdas need to run against this sandbox. */
  env: Record<string, string>;
  data: SampleData;
  org: OrgEmulator;
  connect: ConnectEmulator;
  /** Secrets Manager holding the signing key as `SANDBOX_KEY_SECRET_ARN` (used when the env sets SF_PRIVATE_KEY_SECRET_ID instead of SF_PRIVATE_KEY). */
  secrets: SecretsEmulator;
  /** Clears both journals (between measured runs). */
  clearJournals(): void;
  close(): Promise<void>;
}

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const now = options.now ?? new Date();
  const data = buildSampleData(now);
  // A fresh key per run: the sandbox never holds a key that matters anywhere else.
  const { publicKey, privateKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const org = await startOrgEmulator({
    port: options.orgPort,
    data: data.org,
    publicKeyPem: publicKey,
    consumerKey: SANDBOX_CONSUMER_KEY,
    username: SANDBOX_INTEGRATION_USERNAME,
    tokenTtlSeconds: options.tokenTtlSeconds,
    initialFaults: options.orgFaults,
    omitCustomFields: options.omitCustomFields,
    hiddenObjects: options.orgHiddenObjects,
  });
  let connect: ConnectEmulator;
  let secrets: SecretsEmulator;
  try {
    connect = await startConnectEmulator({
      port: options.connectPort,
      data: data.connect,
      initialFaults: options.connectFaults,
    });
  } catch (e) {
    await org.close();
    throw e;
  }
  try {
    secrets = await startSecretsEmulator({
      secrets: [
        {
          name: 'scv-last-agent-key',
          arn: SANDBOX_KEY_SECRET_ARN,
          secretString: privateKey,
          versionId: '00000000-0000-4000-8000-000000000001',
          createdDate: Math.floor(now.getTime() / 1000),
        },
      ],
    });
  } catch (e) {
    await Promise.all([org.close(), connect.close()]);
    throw e;
  }
  const env: Record<string, string> = {
    SF_LOGIN_URL: org.url,
    SF_CLIENT_ID: SANDBOX_CONSUMER_KEY,
    SF_USERNAME: SANDBOX_INTEGRATION_USERNAME,
    SF_PRIVATE_KEY: privateKey,
    SF_API_VERSION: '62.0',
    CONNECT_INSTANCE_ID: SANDBOX_INSTANCE_ID,
    AWS_REGION: SANDBOX_REGION,
    AWS_ACCESS_KEY_ID: 'sandbox',
    AWS_SECRET_ACCESS_KEY: 'sandbox',
    AWS_ENDPOINT_URL_CONNECT: connect.url,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: secrets.url,
    LOOKBACK_DAYS: '7',
    LOOKUP_DEADLINE_MS: '3000',
    DEFAULT_COUNTRY: 'US',
    POWERTOOLS_SERVICE_NAME: 'scv-last-agent',
    // Info logs go to stdout, which tools reading a handler's result there must keep clean;
    // failures (warn) still reach stderr. Set INFO to see every lookup.
    POWERTOOLS_LOG_LEVEL: 'WARN',
    // Local runs may be on Node 20; deployed Lambdas run nodejs22.x.
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  return {
    sfLoginUrl: org.url,
    connectEndpoint: connect.url,
    instanceArn: SANDBOX_INSTANCE_ARN,
    instanceId: SANDBOX_INSTANCE_ID,
    env,
    data,
    org,
    connect,
    secrets,
    clearJournals() {
      org.clearJournal();
      connect.clearJournal();
    },
    async close() {
      await Promise.all([org.close(), connect.close(), secrets.close()]);
    },
  };
}
