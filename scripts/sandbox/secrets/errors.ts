/**
 * Secrets Manager's JSON 1.1 error shape (`{"__type", "message"}` with the HTTP status AWS uses), so
 * `@aws-sdk/client-secrets-manager` raises the same `error.name` and `$metadata.httpStatusCode` it
 * would against the real service. Request validation lives here too, apart from the operations.
 */
import type { EmulatorResponse } from '../emulator-server';

export type SecretsErrorName =
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'InternalServiceError'
  | 'MissingAuthenticationTokenException'
  | 'UnknownOperationException';

const STATUS: Record<SecretsErrorName, number> = {
  ResourceNotFoundException: 400,
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  InternalServiceError: 500,
  MissingAuthenticationTokenException: 403,
  UnknownOperationException: 400,
};

/** Thrown by operations and validation; the emulator turns it into an AWS-shaped response. */
export class SecretsError extends Error {
  public override readonly name: SecretsErrorName;
  public readonly status: number;

  public constructor(name: SecretsErrorName, message: string) {
    super(message);
    this.name = name;
    this.status = STATUS[name];
  }
}

export function errorResponse(e: SecretsError, operation: string): EmulatorResponse {
  return {
    status: e.status,
    headers: { 'content-type': 'application/x-amz-json-1.1' },
    body: JSON.stringify({ __type: e.name, message: e.message }),
    operation,
  };
}

/** The SDK signs with SigV4; as in AWS, a request without that header shape is refused. */
const SIGV4 =
  /^AWS4-HMAC-SHA256 Credential=[^/\s]+\/\d{8}\/[^/\s]+\/secretsmanager\/aws4_request, ?SignedHeaders=/;

export function requireSignature(authorization: string | undefined): void {
  if (!authorization || !SIGV4.test(authorization))
    throw new SecretsError('MissingAuthenticationTokenException', 'Missing Authentication Token');
}

/** The JSON body as an object, or InvalidRequestException as AWS answers malformed JSON. */
export function parseBody(text: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = JSON.parse(text || '{}');
  } catch {
    throw new SecretsError('InvalidRequestException', 'The request body is not valid JSON.');
  }
  if (typeof body !== 'object' || body === null || Array.isArray(body))
    throw new SecretsError('InvalidRequestException', 'The request body must be a JSON object.');
  return body as Record<string, unknown>;
}

/** A required string parameter of 1 to `max` characters. */
export function requireString(body: Record<string, unknown>, name: string, max: number): string {
  const v = body[name];
  if (typeof v !== 'string' || v.length < 1 || v.length > max)
    throw new SecretsError(
      'InvalidParameterException',
      `${name} must be a string of 1 to ${max} characters.`,
    );
  return v;
}
