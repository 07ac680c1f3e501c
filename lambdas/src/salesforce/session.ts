/**
 * A jsforce connection authorised by the OAuth 2.0 JWT bearer flow, kept in module scope so warm
 * invocations reuse the access token. A 401 makes jsforce call `refreshFn`, which re-runs the grant
 * once and retries the request.
 *
 * Only jsforce's `connection` and `oauth2` modules are loaded: the full `jsforce` entry point pulls
 * in every API (Bulk, Metadata, SOAP...) and costs tens of milliseconds at cold start.
 */
import { Connection } from 'jsforce/lib/connection';
import { OAuth2 } from 'jsforce/lib/oauth2';
import { setDefaults } from 'jsforce/lib/request';
import type { SalesforceConfig } from '../shared/config';
import { errorCodeOf, SalesforceAuthError, SalesforceError } from '../shared/errors';
import { JWT_BEARER_GRANT_TYPE, signJwtAssertion } from './jwt';
import { getPrivateKey, secretsClientWithTimeout } from './private-key';

interface TokenResponse {
  access_token: string;
  instance_url: string;
  /** https://login.salesforce.com/id/<orgId>/<userId> */
  id?: string;
}

/** Salesforce's REST error as jsforce raises it. */
interface JsforceError {
  errorCode?: string;
  name?: string;
  message?: string;
}

export interface SessionOptions {
  /** Abandon any single HTTP request after this long (the lookup has its own deadline too). */
  requestTimeoutMs: number;
  keyProvider?: (config: SalesforceConfig) => Promise<string>;
}

/**
 * jsforce keeps request defaults process-wide. Its defaults (30-minute timeout, five retries with
 * back-off) suit batch tools, not a caller waiting on the line.
 */
function configureTransport(timeoutMs: number): void {
  setDefaults({
    httpProxy: process.env.https_proxy ?? process.env.HTTPS_PROXY ?? undefined,
    followRedirect: true,
    timeout: timeoutMs,
    retry: { maxRetries: 1, minTimeout: 50, timeoutFactor: 2 },
  } as Parameters<typeof setDefaults>[0]);
}

/**
 * After Salesforce refuses the grant (bad key, unapproved app, wrong audience), calls fail fast for
 * this long instead of repeating it: every retry would count against the user's login limits and
 * cannot succeed until an admin fixes the setup.
 */
export const GRANT_REFUSED_BACKOFF_MS = 30_000;
/** OAuth errors that only an admin can fix; others (`unknown_error`, 5xx) may pass on retry. */
const REFUSALS = new Set([
  'invalid_grant',
  'invalid_client',
  'invalid_client_id',
  'unauthorized_client',
  'invalid_app_access',
  'inactive_user',
  'inactive_org',
  'unsupported_grant_type',
]);

export class SalesforceSession {
  private conn: Connection | undefined;
  private refused: { error: SalesforceAuthError; until: number } | undefined;
  private connecting: Promise<Connection> | undefined;
  private grant: Promise<TokenResponse> | undefined;
  private orgIdValue: string | undefined;
  /** Round trips made, for logs and the benchmark. */
  public requests = 0;
  private readonly keyProvider: (config: SalesforceConfig) => Promise<string>;

  public constructor(
    private readonly config: SalesforceConfig,
    options: SessionOptions,
  ) {
    this.keyProvider =
      options.keyProvider ??
      ((c) => getPrivateKey(c, () => secretsClientWithTimeout(options.requestTimeoutMs)));
    configureTransport(options.requestTimeoutMs);
  }

  /** The org id of the integration user, known after the first grant. */
  public get orgId(): string | undefined {
    return this.orgIdValue;
  }

  /** An authorised connection; the first call runs the JWT grant. */
  public connection(): Promise<Connection> {
    if (this.conn) return Promise.resolve(this.conn);
    this.connecting ??= this.requestToken()
      .then((token) => {
        const conn = new Connection({
          oauth2: { loginUrl: this.config.loginUrl, clientId: this.config.clientId },
          instanceUrl: this.config.instanceUrl ?? token.instance_url,
          accessToken: token.access_token,
          version: this.config.apiVersion,
          refreshFn: (_conn, callback) => {
            this.requestToken().then(
              (t) => callback(null, t.access_token, t as never),
              (e: unknown) => callback(e as Error),
            );
          },
        });
        this.conn = conn;
        return conn;
      })
      .finally(() => {
        this.connecting = undefined;
      });
    return this.connecting;
  }

  /** Runs a SOQL query and returns all records (following `nextRecordsUrl`). */
  public async query<T>(soql: string): Promise<T[]> {
    const conn = await this.connection();
    this.requests += 1;
    try {
      let result = await conn.query(soql);
      const records = [...result.records];
      while (!result.done && result.nextRecordsUrl) {
        this.requests += 1;
        result = await conn.queryMore(result.nextRecordsUrl);
        records.push(...result.records);
      }
      return records as unknown as T[];
    } catch (e) {
      throw toSalesforceError(e);
    }
  }

  /** Updates one record (used by the disconnect path to save call context). */
  public async update(sobject: string, record: { Id: string } & Record<string, unknown>): Promise<void> {
    const conn = await this.connection();
    this.requests += 1;
    try {
      const result = await conn.sobject(sobject).update(record);
      if (!result.success) {
        const first = (result as { errors?: JsforceError[] }).errors?.[0];
        throw new SalesforceError(first?.message ?? 'update failed', first?.errorCode ?? 'UNKNOWN_EXCEPTION');
      }
    } catch (e) {
      throw toSalesforceError(e);
    }
  }

  /** One JWT bearer grant at a time: concurrent 401s share the same grant. */
  private requestToken(): Promise<TokenResponse> {
    if (this.refused && Date.now() < this.refused.until) return Promise.reject(this.refused.error);
    this.grant ??= (async () => {
      const privateKeyPem = await this.keyProvider(this.config);
      const assertion = signJwtAssertion({
        clientId: this.config.clientId,
        username: this.config.username,
        audience: this.config.audience,
        privateKeyPem,
      });
      const oauth2 = new OAuth2({ loginUrl: this.config.loginUrl, clientId: this.config.clientId });
      this.requests += 1;
      try {
        const token = (await oauth2.requestToken({
          grant_type: JWT_BEARER_GRANT_TYPE,
          assertion,
        })) as TokenResponse;
        this.refused = undefined;
        const ids = token.id?.split('/').slice(-2);
        if (ids?.[0]?.startsWith('00D')) this.orgIdValue = ids[0];
        return token;
      } catch (e) {
        const err = e as JsforceError;
        // OAuth refusals come back as HTTP 400 with an `error` code (invalid_grant, invalid_client...);
        // network failures and timeouts are not refusals and may succeed on the next call.
        const oauthError = err.name && /^[a-z_]+$/.test(err.name) ? err.name : undefined;
        if (!oauthError) throw e;
        if (!REFUSALS.has(oauthError))
          throw new SalesforceAuthError(`JWT bearer grant failed: ${err.message ?? String(e)}`, oauthError, {
            cause: e,
          });
        const refusal = new SalesforceAuthError(
          `JWT bearer grant refused: ${err.message ?? String(e)}`,
          oauthError,
          {
            cause: e,
          },
        );
        this.refused = { error: refusal, until: Date.now() + GRANT_REFUSED_BACKOFF_MS };
        throw refusal;
      }
    })().finally(() => {
      this.grant = undefined;
    });
    return this.grant;
  }
}

/** Normalises jsforce's errors into `SalesforceError` with Salesforce's `errorCode`. */
export function toSalesforceError(e: unknown): Error {
  if (e instanceof SalesforceError || e instanceof SalesforceAuthError) return e;
  const message = (e as JsforceError | undefined)?.message ?? String(e);
  return new SalesforceError(message, errorCodeOf(e) ?? 'UNKNOWN_ERROR', { cause: e });
}
