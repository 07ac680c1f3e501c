/**
 * Where the integration user's signing key comes from: inline PEM (simple deployments, the local
 * sandbox) or AWS Secrets Manager (production). Fetched once per container and kept in memory.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import type { SalesforceConfig } from '../shared/config';
import { ConfigError } from '../shared/errors';

let secretsClient: SecretsManagerClient | undefined;
let cached: Promise<string> | undefined;

/**
 * The SDK module is loaded on first use, not at cold start: deployments with an inline key never
 * pay its ~30 ms of module initialisation, and the others pay it once, alongside the grant.
 */
export async function secretsClientWithTimeout(timeoutMs: number): Promise<SecretsManagerClient> {
  const sdk = await import('@aws-sdk/client-secrets-manager');
  // Bounded like every request of a lookup: a hung fetch would otherwise hold the shared promise.
  secretsClient ??= new sdk.SecretsManagerClient({
    requestHandler: { requestTimeout: timeoutMs, connectionTimeout: 1000 },
  });
  return secretsClient;
}

/** Returns the PEM key; a failed fetch is not cached, so the next call retries. */
export function getPrivateKey(
  config: SalesforceConfig,
  client: () => Promise<SecretsManagerClient> = () => secretsClientWithTimeout(3000),
): Promise<string> {
  if (config.privateKeyPem) return Promise.resolve(config.privateKeyPem);
  cached ??= (async () => {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await (
      await client()
    ).send(new GetSecretValueCommand({ SecretId: config.privateKeySecretId }));
    const pem = out.SecretString?.trim();
    if (!pem || !/-----BEGIN (RSA )?PRIVATE KEY-----/.test(pem))
      throw new ConfigError([
        `secret ${config.privateKeySecretId} must hold a PEM private key as its SecretString`,
      ]);
    return pem;
  })().catch((e: unknown) => {
    cached = undefined;
    throw e;
  });
  return cached;
}

/** Forgets the cached key (tests; key rotation). */
export function resetPrivateKeyCache(): void {
  cached = undefined;
}
