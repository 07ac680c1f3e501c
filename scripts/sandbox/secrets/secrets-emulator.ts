/**
 * A local AWS Secrets Manager that speaks the JSON 1.1 protocol of
 * `@aws-sdk/client-secrets-manager` (`POST /` with `X-Amz-Target: secretsmanager.<Operation>`), so
 * the unmodified SDK runs against it when pointed there with `AWS_ENDPOINT_URL_SECRETS_MANAGER`.
 * It serves the sandbox's signing key as a secret, so the Lambda's production key path (fetch the
 * PEM from Secrets Manager) is exercised, faults included:
 *   `latencyMs` (slow), `hang` (accepted, never answered; held requests stay held), `down`
 *   (connection reset), and `internalError` (500 InternalServiceError), over `POST /__sandbox/faults`.
 *
 * Operations are a route table, one file each under `operations/`; validation is in `errors.ts`.
 */
import {
  startEmulatorServer,
  type BaseFaults,
  type EmulatorRequest,
  type EmulatorResponse,
  type EmulatorServer,
} from '../emulator-server';
import { errorResponse, requireSignature, SecretsError } from './errors';
import { getSecretValue } from './operations/get-secret-value';

export interface SecretsFaults extends BaseFaults {
  /** Every request fails with 500 InternalServiceError. */
  internalError?: boolean;
}

export interface StoredSecret {
  name: string;
  arn: string;
  secretString: string;
  versionId: string;
  /** Epoch seconds, as the SDK's JSON protocol carries timestamps. */
  createdDate: number;
}

export interface SecretsState {
  secrets: StoredSecret[];
}

type Operation = (state: SecretsState, body: string) => Record<string, unknown>;

/** The route table: X-Amz-Target → operation. */
const OPERATIONS: Record<string, Operation> = {
  'secretsmanager.GetSecretValue': getSecretValue,
};

export interface SecretsEmulatorOptions {
  port?: number;
  secrets: StoredSecret[];
  initialFaults?: SecretsFaults;
}

export interface SecretsEmulator extends EmulatorServer<SecretsFaults> {
  state: SecretsState;
}

export async function startSecretsEmulator(options: SecretsEmulatorOptions): Promise<SecretsEmulator> {
  const state: SecretsState = { secrets: options.secrets };
  const handle = (req: EmulatorRequest, faults: SecretsFaults): EmulatorResponse => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const operation = target.replace(/^secretsmanager\./, '') || 'unknown';
    try {
      if (req.method !== 'POST' || req.url.pathname !== '/')
        throw new SecretsError('UnknownOperationException', `No route for ${req.method} ${req.url.pathname}`);
      requireSignature(req.headers.authorization);
      const run = OPERATIONS[target];
      if (!run) throw new SecretsError('UnknownOperationException', `Unknown operation ${target}`);
      if (faults.internalError)
        throw new SecretsError('InternalServiceError', 'An error occurred on the server side.');
      return {
        status: 200,
        headers: { 'content-type': 'application/x-amz-json-1.1' },
        body: JSON.stringify(run(state, req.body)),
        operation,
      };
    } catch (e) {
      if (e instanceof SecretsError) return errorResponse(e, operation);
      throw e;
    }
  };
  const base = await startEmulatorServer<SecretsFaults>({
    port: options.port,
    initialFaults: options.initialFaults,
    handle,
  });
  return Object.assign(base, { state });
}
