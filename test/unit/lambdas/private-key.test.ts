import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import {
  defaultSecretsClient,
  getPrivateKey,
  resetPrivateKeyCache,
} from '../../../lambdas/src/salesforce/private-key';
import { Budget } from '../../../lambdas/src/shared/budget';
import type { SalesforceConfig } from '../../../lambdas/src/shared/config';
import { ConfigError } from '../../../lambdas/src/shared/errors';

const RSA_PEM = '-----BEGIN RSA PRIVATE KEY-----\nMIIB\n-----END RSA PRIVATE KEY-----';
const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----';
const config: SalesforceConfig = {
  loginUrl: 'https://login.salesforce.com',
  audience: 'https://login.salesforce.com',
  clientId: 'c',
  username: 'u',
  apiVersion: '62.0',
  privateKeySecretId: 'scv/last-agent/key',
};
const smMock = mockClient(SecretsManagerClient);
const client = async () => new SecretsManagerClient({ region: 'us-east-1' });

describe('getPrivateKey', () => {
  beforeEach(() => {
    smMock.reset();
    resetPrivateKeyCache();
  });

  it('uses the inline PEM without touching Secrets Manager', async () => {
    await expect(getPrivateKey({ ...config, privateKeyPem: PEM }, Budget.start(5000), client)).resolves.toBe(
      PEM,
    );
    expect(smMock).toHaveReceivedCommandTimes(GetSecretValueCommand, 0);
  });

  it('fetches the secret once per container', async () => {
    // Prepare
    smMock.on(GetSecretValueCommand).resolves({ SecretString: PEM });

    // Act
    const a = await getPrivateKey(config, Budget.start(5000), client);
    const b = await getPrivateKey(config, Budget.start(5000), client);

    // Assess
    expect([a, b]).toEqual([PEM, PEM]);
    expect(smMock).toHaveReceivedCommandTimes(GetSecretValueCommand, 1);
    expect(smMock).toHaveReceivedCommandWith(GetSecretValueCommand, { SecretId: 'scv/last-agent/key' });
  });

  it('rejects a secret that is not a PEM key, and retries after a failure', async () => {
    // Prepare
    smMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: 'hunter2' })
      .resolvesOnce({ SecretString: PEM });

    // Act / Assess
    await expect(getPrivateKey(config, Budget.start(5000), client)).rejects.toThrow(
      'must hold a PEM private key',
    );
    await expect(getPrivateKey(config, Budget.start(5000), client)).resolves.toBe(PEM);
  });
});

describe('getPrivateKey: what a secret must hold', () => {
  beforeEach(() => {
    smMock.reset();
    resetPrivateKeyCache();
  });

  it('takes a PKCS#1 (RSA) key and drops the whitespace around it', async () => {
    // Prepare
    smMock.on(GetSecretValueCommand).resolves({ SecretString: `\n${RSA_PEM}\n  ` });

    // Act
    const key = await getPrivateKey(config, Budget.start(5000), client);

    // Assess
    expect(key).toBe(RSA_PEM);
  });

  it.each([
    ['a binary secret', { SecretBinary: new Uint8Array([1, 2, 3]) }],
    ['an empty string', { SecretString: '' }],
    ['blanks', { SecretString: '  \n' }],
    ['a public key', { SecretString: '-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----' }],
  ])('refuses %s with a ConfigError naming the secret', async (_name, output) => {
    // Prepare
    smMock.on(GetSecretValueCommand).resolves(output);

    // Act
    const key = getPrivateKey(config, Budget.start(5000), client);

    // Assess
    await expect(key).rejects.toBeInstanceOf(ConfigError);
    await expect(key).rejects.toThrow('scv/last-agent/key');
  });

  it('keeps a fetched key for the container, until reset (rotation)', async () => {
    // Prepare
    const rotated = RSA_PEM.replace('MIIB', 'MIIC');
    smMock
      .on(GetSecretValueCommand)
      .resolvesOnce({ SecretString: RSA_PEM })
      .resolvesOnce({ SecretString: rotated });
    const before = await getPrivateKey(config, Budget.start(5000), client);

    // Act
    const cached = await getPrivateKey(config, Budget.start(5000), client);
    resetPrivateKeyCache();
    const after = await getPrivateKey(config, Budget.start(5000), client);

    // Assess
    expect([before, cached, after]).toEqual([RSA_PEM, RSA_PEM, rotated]);
    expect(smMock).toHaveReceivedCommandTimes(GetSecretValueCommand, 2);
  });
});

describe('getPrivateKey: bounded by the invocation', () => {
  beforeEach(() => resetPrivateKeyCache());

  it('aborts the Secrets Manager request when the invocation that started it ends', async () => {
    // Prepare: a request that only ends when its signal aborts
    let signal: AbortSignal | undefined;
    const hanging = {
      send: (_command: unknown, options: { abortSignal?: AbortSignal }) => {
        signal = options.abortSignal;
        return new Promise((_resolve, reject) => {
          signal?.addEventListener('abort', () => reject(new Error('aborted')));
        });
      },
    } as unknown as SecretsManagerClient;
    const budget = Budget.start(5000);
    const key = getPrivateKey(config, budget, async () => hanging);
    await new Promise((r) => setImmediate(r));

    // Act
    budget.end();

    // Assess
    await expect(key).rejects.toThrow();
    expect(signal?.aborted).toBe(true);
  });
});

describe('defaultSecretsClient', () => {
  it('is one client per container, with two attempts and a request timeout that throws', async () => {
    // Act
    const a = await defaultSecretsClient();
    const b = await defaultSecretsClient();

    // Assess
    expect(a).toBe(b);
    expect(a).toBeInstanceOf(SecretsManagerClient);
    expect(await a.config.maxAttempts()).toBe(2);
    // The handler's resolved options (NodeHttpHandler keeps them as `configProvider`).
    const handler = a.config.requestHandler as unknown as {
      configProvider: Promise<Record<string, unknown>>;
    };
    expect(await handler.configProvider).toMatchObject({
      connectionTimeout: 1000,
      requestTimeout: 7500,
      throwOnRequestTimeout: true,
    });
  });
});
