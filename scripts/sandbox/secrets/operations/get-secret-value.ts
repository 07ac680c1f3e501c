/** GetSecretValue: the current (AWSCURRENT) version of a secret, found by name or ARN. */
import { parseBody, requireString, SecretsError } from '../errors';
import type { SecretsState } from '../secrets-emulator';

export function getSecretValue(state: SecretsState, rawBody: string): Record<string, unknown> {
  const body = parseBody(rawBody);
  const secretId = requireString(body, 'SecretId', 2048);
  if (body.VersionStage !== undefined && body.VersionStage !== 'AWSCURRENT')
    throw new SecretsError(
      'ResourceNotFoundException',
      "Secrets Manager can't find the specified secret value for staging label: " + String(body.VersionStage),
    );
  const secret = state.secrets.find((s) => s.arn === secretId || s.name === secretId);
  if (!secret)
    throw new SecretsError('ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
  return {
    ARN: secret.arn,
    Name: secret.name,
    VersionId: secret.versionId,
    SecretString: secret.secretString,
    VersionStages: ['AWSCURRENT'],
    CreatedDate: secret.createdDate,
  };
}
