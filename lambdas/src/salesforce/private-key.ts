/**
 * Where the integration user's signing key comes from: inline PEM (simple deployments, the local
 * sandbox) or AWS Secrets Manager (production). Fetched once per container and kept in memory.
 *
 * The fetch runs on the budget of the invocation that starts it and is aborted when that
 * invocation ends: a request that hangs must not stay shared, or every later call would wait on it.
 */
import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { SharedFlights, type Budget } from '../shared/budget';
import { isPemPrivateKey, type SalesforceConfig } from '../shared/config';
import { ConfigError } from '../shared/errors';

/** A fetch older than this is not joined (Secrets Manager answers in tens of milliseconds). */
const FETCH_MAX_AGE_MS = 10_000;

let secretsClient: SecretsManagerClient | undefined;
let pem: string | undefined;
const fetches = new SharedFlights<string, string>(FETCH_MAX_AGE_MS);

/**
 * The SDK module is loaded on first use, not at cold start: deployments with an inline key never
 * pay its ~30 ms of module initialisation, and the others pay it once, alongside the grant.
 * Each request is aborted by the caller's signal; the SDK's own retries stay within it.
 */
export async function defaultSecretsClient(): Promise<SecretsManagerClient> {
  const sdk = await import('@aws-sdk/client-secrets-manager');
  secretsClient ??= new sdk.SecretsManagerClient({
    maxAttempts: 2,
    requestHandler: { connectionTimeout: 1000, requestTimeout: 7500, throwOnRequestTimeout: true },
  });
  return secretsClient;
}

/** Returns the PEM key; only a good key is kept, so a failed or aborted fetch is retried next call. */
export function getPrivateKey(
  config: SalesforceConfig,
  budget: Budget,
  client: () => Promise<SecretsManagerClient> = defaultSecretsClient,
): Promise<string> {
  if (config.privateKeyPem) return Promise.resolve(config.privateKeyPem);
  if (pem) return Promise.resolve(pem);
  // Stryker disable next-line StringLiteral: equivalent, config validation requires a secret id when there is no inline key
  const secretId = config.privateKeySecretId ?? '';
  return fetches.run(secretId, budget.root, budget, async (owner) => {
    const { GetSecretValueCommand } = await import('@aws-sdk/client-secrets-manager');
    const out = await (
      await client()
    ).send(new GetSecretValueCommand({ SecretId: secretId }), { abortSignal: owner.signal });
    const value = out.SecretString?.trim();
    if (!value || !isPemPrivateKey(value))
      throw new ConfigError([`secret ${secretId} must hold a PEM private key as its SecretString`]);
    pem = value;
    return value;
  });
}

/** The key if it needs no fetch (inline, or fetched already); the rehearsal never fetches. */
export function cachedPrivateKey(config: SalesforceConfig): string | undefined {
  return config.privateKeyPem || pem;
}

/** Forgets the cached key (tests; key rotation). */
export function resetPrivateKeyCache(): void {
  pem = undefined;
}
