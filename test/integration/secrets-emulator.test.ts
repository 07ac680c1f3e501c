/**
 * The sandbox's Secrets Manager: the unmodified SDK against it over HTTP, answers and errors in
 * the shapes AWS gives.
 */
import { GetSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { startSecretsEmulator, type SecretsEmulator } from '../../scripts/sandbox/secrets/secrets-emulator';

const ARN = 'arn:aws:secretsmanager:us-east-1:123456789012:secret:demo-AbCdEf';

describe('Secrets Manager emulator', () => {
  let emulator: SecretsEmulator;
  let client: SecretsManagerClient;

  beforeAll(async () => {
    emulator = await startSecretsEmulator({
      secrets: [{ name: 'demo', arn: ARN, secretString: 's3cret', versionId: 'v1', createdDate: 1.7e9 }],
    });
    client = new SecretsManagerClient({
      region: 'us-east-1',
      endpoint: emulator.url,
      credentials: { accessKeyId: 'sandbox', secretAccessKey: 'sandbox' },
      maxAttempts: 1,
    });
  });

  afterAll(async () => {
    client.destroy();
    await emulator.close();
  });

  beforeEach(() => {
    emulator.clearFaults();
    emulator.clearJournal();
  });

  it.each([ARN, 'demo'])('returns the secret by ARN or name (%s)', async (secretId) => {
    // Act
    const out = await client.send(new GetSecretValueCommand({ SecretId: secretId }));

    // Assess
    expect(out).toMatchObject({ ARN, Name: 'demo', SecretString: 's3cret', VersionStages: ['AWSCURRENT'] });
    expect(emulator.journal.map((e) => [e.operation, e.status])).toEqual([['GetSecretValue', 200]]);
  });

  it('answers an unknown secret with ResourceNotFoundException', async () => {
    await expect(client.send(new GetSecretValueCommand({ SecretId: 'nope' }))).rejects.toMatchObject({
      name: 'ResourceNotFoundException',
      $metadata: { httpStatusCode: 400 },
    });
  });

  it('answers 500 InternalServiceError while the internalError fault is set', async () => {
    // Prepare
    emulator.setFaults({ internalError: true });

    // Act / Assess
    await expect(client.send(new GetSecretValueCommand({ SecretId: ARN }))).rejects.toMatchObject({
      name: 'InternalServiceError',
      $metadata: { httpStatusCode: 500 },
    });
  });

  it('refuses a request without a SigV4 Authorization header', async () => {
    // Act
    const res = await fetch(emulator.url, {
      method: 'POST',
      headers: {
        'x-amz-target': 'secretsmanager.GetSecretValue',
        'content-type': 'application/x-amz-json-1.1',
      },
      body: JSON.stringify({ SecretId: ARN }),
    });

    // Assess
    expect(res.status).toBe(403);
    expect(await res.json()).toMatchObject({ __type: 'MissingAuthenticationTokenException' });
  });
});
