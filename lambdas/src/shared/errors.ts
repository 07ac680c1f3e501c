/**
 * Typed errors of the Lambdas. The handler turns each into a fallback outcome; none reaches Connect
 * as a throw (Connect would retry a throw up to three times inside the caller's wait).
 */

/** The Lambda's environment is incomplete or invalid; the message lists every problem. */
export class ConfigError extends Error {
  public override readonly name = 'ConfigError';
  public constructor(public readonly problems: string[]) {
    super(`invalid configuration: ${problems.join('; ')}`);
  }
}

/** Salesforce answered with an error (REST error array or OAuth error). */
export class SalesforceError extends Error {
  public override readonly name: string = 'SalesforceError';
  public constructor(
    message: string,
    public readonly errorCode: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/**
 * Not sent: the container is backing off after Salesforce refused a fresh token (401) or reported
 * the API allocation spent (403 `REQUEST_LIMIT_EXCEEDED`). Carries that `errorCode`.
 */
export class SalesforceBackoffError extends SalesforceError {
  public override readonly name: string = 'SalesforceBackoffError';
  public constructor(
    errorCode: string,
    /** Epoch ms when calls to Salesforce resume. */
    public readonly until: number,
    options?: { cause?: unknown },
  ) {
    super(`not calling Salesforce until ${new Date(until).toISOString()} (${errorCode})`, errorCode, options);
  }
}

/** The JWT bearer grant was refused (bad key, unapproved app, wrong audience...). */
export class SalesforceAuthError extends Error {
  public override readonly name = 'SalesforceAuthError';
  public constructor(
    message: string,
    public readonly oauthError: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** The lookup ran past its deadline; whatever was in flight is abandoned. */
export class DeadlineExceededError extends Error {
  public override readonly name = 'DeadlineExceededError';
  public constructor(public readonly deadlineMs: number) {
    super(`lookup exceeded its ${deadlineMs} ms deadline`);
  }
}

/** True for a 401: the access token is expired or refused (`INVALID_SESSION_ID`, or a 401 without a JSON body). */
export function isSessionRefused(error: unknown): boolean {
  const code = errorCodeOf(error);
  return code === 'INVALID_SESSION_ID' || code === 'ERROR_HTTP_401';
}

/** Reads a Salesforce-style `errorCode` off anything jsforce or our adapters throw. */
export function errorCodeOf(error: unknown): string | undefined {
  if (error && typeof error === 'object') {
    const e = error as { errorCode?: unknown; name?: unknown };
    if (typeof e.errorCode === 'string') return e.errorCode;
    if (typeof e.name === 'string' && /^[A-Z_]+$/.test(e.name)) return e.name;
  }
  return undefined;
}
