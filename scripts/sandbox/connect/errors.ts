/**
 * Amazon Connect's REST-JSON error shape, so `@aws-sdk/client-connect` surfaces the same
 * `error.name`, `$metadata.httpStatusCode` and `message` it would against the real service.
 */
import { randomUUID } from 'node:crypto';

import type { EmulatorResponse } from '../emulator-server';

/** The error names this emulator can answer with; all but the auth ones are modeled in the SDK. */
export type ConnectErrorName =
  | 'ResourceNotFoundException'
  | 'InvalidParameterException'
  | 'InvalidRequestException'
  | 'InvalidContactFlowException'
  | 'DuplicateResourceException'
  | 'ResourceConflictException'
  | 'ThrottlingException'
  | 'InternalServiceException'
  | 'MissingAuthenticationTokenException'
  | 'IncompleteSignatureException'
  | 'UnknownOperationException';

const STATUS: Record<ConnectErrorName, number> = {
  ResourceNotFoundException: 404,
  InvalidParameterException: 400,
  InvalidRequestException: 400,
  InvalidContactFlowException: 400,
  DuplicateResourceException: 409,
  ResourceConflictException: 409,
  ThrottlingException: 429,
  InternalServiceException: 500,
  MissingAuthenticationTokenException: 403,
  IncompleteSignatureException: 403,
  UnknownOperationException: 404,
};

/** Thrown by operation handlers; the emulator turns it into an AWS-shaped response. */
export class ConnectError extends Error {
  override readonly name: ConnectErrorName;
  readonly status: number;
  /**
   * Members the error's schema adds to the body: `InvalidContactFlowException` carries
   * `problems[]`, and the 409 errors spell their text `Message` rather than `message`.
   */
  readonly extraBody: Record<string, unknown>;

  constructor(name: ConnectErrorName, message: string, extraBody: Record<string, unknown> = {}) {
    super(message);
    this.name = name;
    this.status = STATUS[name];
    this.extraBody = extraBody;
  }
}

/**
 * Builds the wire response. Connect (a Coral service) names the error in `x-amzn-errortype` with
 * a namespace suffix the SDK strips; the body carries only the message.
 */
export function errorResponse(error: ConnectError, operation?: string): EmulatorResponse {
  return {
    status: error.status,
    headers: {
      'x-amzn-errortype': `${error.name}:http://internal.amazon.com/coral/com.amazonaws.connect/`,
      'x-amzn-requestid': requestId(),
    },
    body: { message: error.message, ...error.extraBody },
    operation,
  };
}

/** A fresh UUID-shaped request id, as every AWS response carries. */
export function requestId(): string {
  return randomUUID();
}

/** Shorthands for the errors handlers raise most. */
export const invalidParameter = (message: string): ConnectError =>
  new ConnectError('InvalidParameterException', message);
export const invalidRequest = (message: string): ConnectError =>
  new ConnectError('InvalidRequestException', message);
export const notFound = (message: string): ConnectError =>
  new ConnectError('ResourceNotFoundException', message);

/**
 * Connect's answer to a flow it cannot publish: one `problems[]` entry per finding, as the
 * console shows them.
 */
export const invalidContactFlow = (problems: string[]): ConnectError =>
  new ConnectError('InvalidContactFlowException', 'The flow is not valid.', {
    problems: problems.map((message) => ({ message })),
  });
export const duplicateResource = (message: string): ConnectError =>
  new ConnectError('DuplicateResourceException', message, { Message: message });
export const resourceConflict = (message: string): ConnectError =>
  new ConnectError('ResourceConflictException', message, { Message: message });
