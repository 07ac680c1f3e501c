/** REST responses every route of the org emulator builds errors with. */
import type { EmulatorResponse } from '../emulator-server';
import { SalesforceError } from './errors';

export const SESSION_EXPIRED: SalesforceError = new SalesforceError(
  'INVALID_SESSION_ID',
  'Session expired or invalid',
  401,
);

export const notFound = (): SalesforceError =>
  new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);

/** A Salesforce REST error as the emulator's response. */
export const restError = (
  e: SalesforceError,
  operation: string,
  headers?: Record<string, string>,
): EmulatorResponse => ({
  status: e.status,
  body: e.toBody(),
  operation,
  ...(headers ? { headers } : {}),
});

/** Refuses anything but GET, as Salesforce does for read-only resources. */
export function onlyGet(method: string): void {
  if (method !== 'GET') {
    throw new SalesforceError(
      'METHOD_NOT_ALLOWED',
      `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`,
      405,
    );
  }
}
