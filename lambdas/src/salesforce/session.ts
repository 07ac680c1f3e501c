/**
 * A jsforce connection authorised by the OAuth 2.0 JWT bearer flow, kept in module scope so warm
 * invocations reuse the access token.
 *
 * Re-authorisation is ours, not jsforce's: jsforce's `refreshFn` re-grants and retries recursively
 * on every 401, so a token the API keeps refusing (a revoked session, a wrong instance) becomes an
 * unbounded loop of grants that outlives the invocation. Here a 401 costs at most one re-grant per
 * invocation and one retry per query; when a fresh token is refused too, the container backs off
 * and answers fast until the back-off ends. The same holds for `REQUEST_LIMIT_EXCEEDED`.
 *
 * Every request runs on the invocation's `Budget`: its signal aborts the HTTP request itself.
 * Only jsforce's `connection` module is loaded: the full entry point pulls in every API (Bulk,
 * Metadata, SOAP...) and costs tens of milliseconds at cold start.
 */
import { Connection } from 'jsforce/lib/connection';
import { Budget, SharedFlights } from '../shared/budget';
import type { SalesforceConfig } from '../shared/config';
import {
  errorCodeOf,
  isSessionRefused,
  SalesforceAuthError,
  SalesforceBackoffError,
  SalesforceError,
} from '../shared/errors';
import { logger } from '../shared/logger';
import { JWT_BEARER_GRANT_TYPE, signJwtAssertion } from './jwt';
import { getPrivateKey } from './private-key';
import { AbortableTransport, runWithSignal, sendRequest, type SendRequest } from './transport';

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
  /** Bound for a request made outside any invocation's budget (never on the lookup's path). */
  requestTimeoutMs: number;
  keyProvider?: (config: SalesforceConfig, budget: Budget) => Promise<string>;
  /** The HTTP exchange of the grant and the queries (default: the wire; the rehearsal's is canned). */
  send?: SendRequest;
}

/**
 * After Salesforce refuses the grant (bad key, unapproved app, wrong audience), calls fail fast for
 * this long instead of repeating it: every retry would count against the user's login limits and
 * cannot succeed until an admin fixes the setup.
 */
export const GRANT_REFUSED_BACKOFF_MS = 30_000;
/** First back-off after a freshly granted token is refused (401); doubles while it repeats. */
export const SESSION_REFUSED_BACKOFF_MS = 10_000;
const SESSION_REFUSED_BACKOFF_MAX_MS = 300_000;
/**
 * While the org reports its API allocation spent (403 REQUEST_LIMIT_EXCEEDED), lookups answer
 * without querying for this long: the allocation is a rolling 24 hours, so the query would fail.
 */
export const REQUEST_LIMIT_BACKOFF_MS = 60_000;
/** A grant older than this is not joined (a grant normally takes well under a second). */
const GRANT_MAX_AGE_MS = 10_000;
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

interface Backoff {
  error: SalesforceBackoffError;
  until: number;
}

export class SalesforceSession {
  private conn: Connection | undefined;
  private readonly grants = new SharedFlights<'grant', Connection>(GRANT_MAX_AGE_MS);
  /** Invocations (root budgets) that have spent their one re-grant. */
  private readonly regranted = new WeakSet<Budget>();
  private grantRefused: { error: SalesforceAuthError; until: number } | undefined;
  private sessionRefused: Backoff | undefined;
  private sessionRefusals = 0;
  private limitSpent: Backoff | undefined;
  private orgIdValue: string | undefined;
  private readonly transport: AbortableTransport;
  private readonly send: SendRequest;
  /** Round trips made, for logs and the benchmark. */
  public requests = 0;
  private readonly keyProvider: (config: SalesforceConfig, budget: Budget) => Promise<string>;

  public constructor(
    private readonly config: SalesforceConfig,
    options: SessionOptions,
  ) {
    this.keyProvider = options.keyProvider ?? ((c, budget) => getPrivateKey(c, budget));
    this.send = options.send ?? sendRequest;
    this.transport = new AbortableTransport(options.requestTimeoutMs, this.send);
  }

  /** The org id of the integration user, known after the first grant. */
  public get orgId(): string | undefined {
    return this.orgIdValue;
  }

  /**
   * An authorised connection; the first call runs the JWT grant. The grant runs on the
   * invocation's budget (it ends with the invocation); a caller waits at most as long as `budget`.
   */
  public connection(budget: Budget): Promise<Connection> {
    if (this.conn) return Promise.resolve(this.conn);
    return this.grants.run('grant', budget.root, budget, (owner) => this.grant(owner));
  }

  /** Runs a SOQL query and returns all records (following `nextRecordsUrl`). */
  public async query<T>(soql: string, budget: Budget): Promise<T[]> {
    return this.withSession(budget, async (conn) => {
      this.requests += 1;
      let result = await conn.query(soql);
      const records = [...result.records];
      while (!result.done && result.nextRecordsUrl) {
        this.requests += 1;
        result = await conn.queryMore(result.nextRecordsUrl);
        records.push(...result.records);
      }
      return records as unknown as T[];
    });
  }

  /**
   * Runs `work` on an authorised connection within `budget`. A 401 re-authorises once (sharing a
   * re-grant already under way) and retries once; a 401 on the retry means a fresh token is refused,
   * and the container backs off.
   */
  private async withSession<T>(budget: Budget, work: (conn: Connection) => Promise<T>): Promise<T> {
    this.throwIfBackingOff();
    const attempt = async (conn: Connection): Promise<T> => {
      try {
        const result = await runWithSignal(budget.signal, () => work(conn));
        this.sessionRefusals = 0;
        return result;
      } catch (e) {
        // An aborted request says nothing about Salesforce: report why it was aborted.
        if (budget.signal.aborted) throw budget.signal.reason;
        const err = toSalesforceError(e);
        if (err instanceof SalesforceError && err.errorCode === 'REQUEST_LIMIT_EXCEEDED')
          this.backOffRequestLimit(err);
        throw err;
      }
    };
    const conn = await this.connection(budget);
    try {
      return await attempt(conn);
    } catch (e) {
      if (!isSessionRefused(e)) throw e;
      const fresh = await this.reauthorize(conn, budget, e as Error);
      try {
        return await attempt(fresh);
      } catch (e2) {
        if (isSessionRefused(e2)) this.backOffSessionRefused(e2 as SalesforceError);
        throw e2;
      }
    }
  }

  /**
   * A connection with a newer token than `stale`: one another request already obtained, the
   * re-grant under way, or (once per invocation) a new grant.
   */
  private reauthorize(stale: Connection, budget: Budget, cause: Error): Promise<Connection> {
    if (this.conn && this.conn !== stale) return Promise.resolve(this.conn);
    if (this.conn === stale) this.conn = undefined;
    if (!this.grants.isRunning('grant')) {
      if (this.regranted.has(budget.root)) return Promise.reject(cause);
      this.regranted.add(budget.root);
    }
    return this.connection(budget);
  }

  private throwIfBackingOff(): void {
    const now = Date.now();
    if (this.grantRefused && now < this.grantRefused.until) throw this.grantRefused.error;
    if (this.sessionRefused && now < this.sessionRefused.until) throw this.sessionRefused.error;
    if (this.limitSpent && now < this.limitSpent.until) throw this.limitSpent.error;
  }

  private backOffSessionRefused(cause: SalesforceError): void {
    if (this.sessionRefused && Date.now() < this.sessionRefused.until) return;
    this.sessionRefusals += 1;
    const ms = Math.min(
      SESSION_REFUSED_BACKOFF_MS * 2 ** (this.sessionRefusals - 1),
      SESSION_REFUSED_BACKOFF_MAX_MS,
    );
    this.sessionRefused = this.backOff(cause, ms, 'Salesforce refused a freshly granted token (401)');
  }

  private backOffRequestLimit(cause: SalesforceError): void {
    if (this.limitSpent && Date.now() < this.limitSpent.until) return;
    this.limitSpent = this.backOff(
      cause,
      REQUEST_LIMIT_BACKOFF_MS,
      "the org's daily API request allocation is spent (REQUEST_LIMIT_EXCEEDED)",
    );
  }

  /** Starts a back-off; the one warning per interval is logged here, not per call. */
  private backOff(cause: SalesforceError, ms: number, why: string): Backoff {
    const until = Date.now() + ms;
    logger.warn(`${why}: lookups answer LOOKUP_FAILED without calling Salesforce for ${ms / 1000} s`, {
      errorCode: cause.errorCode,
      backoffMs: ms,
    });
    return { error: new SalesforceBackoffError(cause.errorCode, until, { cause }), until };
  }

  /** One JWT bearer grant, bounded by `budget`. */
  private async grant(budget: Budget): Promise<Connection> {
    if (this.grantRefused && Date.now() < this.grantRefused.until) throw this.grantRefused.error;
    const privateKeyPem = await this.keyProvider(this.config, budget);
    const assertion = signJwtAssertion({
      clientId: this.config.clientId,
      username: this.config.username,
      audience: this.config.audience,
      privateKeyPem,
    });
    this.requests += 1;
    let res;
    try {
      res = await this.send(
        {
          method: 'POST',
          url: `${this.config.loginUrl}/services/oauth2/token`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
          body: new URLSearchParams({ grant_type: JWT_BEARER_GRANT_TYPE, assertion }).toString(),
        },
        budget.signal,
      );
    } catch (e) {
      if (budget.signal.aborted) throw budget.signal.reason;
      throw e;
    }
    const body = parseJson(res.body) as Partial<TokenResponse> & {
      error?: unknown;
      error_description?: unknown;
    };
    if (res.statusCode >= 400 || !body?.access_token || !body.instance_url) {
      const oauthError =
        typeof body?.error === 'string' && /^[a-z_]+$/.test(body.error)
          ? body.error
          : `ERROR_HTTP_${res.statusCode}`;
      const description = typeof body?.error_description === 'string' ? body.error_description : '';
      if (!REFUSALS.has(oauthError))
        throw new SalesforceAuthError(`JWT bearer grant failed: ${oauthError} ${description}`, oauthError);
      const refusal = new SalesforceAuthError(`JWT bearer grant refused: ${description}`, oauthError);
      this.grantRefused = { error: refusal, until: Date.now() + GRANT_REFUSED_BACKOFF_MS };
      throw refusal;
    }
    this.grantRefused = undefined;
    const ids = body.id?.split('/').slice(-2);
    if (ids?.[0]?.startsWith('00D')) this.orgIdValue = ids[0];
    const conn = new Connection({
      instanceUrl: this.config.instanceUrl ?? body.instance_url,
      accessToken: body.access_token,
      version: this.config.apiVersion,
      logLevel: 'NONE',
    });
    conn._transport = this.transport;
    this.conn = conn;
    return conn;
  }
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** Normalises jsforce's errors into `SalesforceError` with Salesforce's `errorCode`. */
export function toSalesforceError(e: unknown): SalesforceError | SalesforceAuthError {
  if (e instanceof SalesforceError || e instanceof SalesforceAuthError) return e;
  const message = (e as JsforceError | undefined)?.message ?? String(e);
  return new SalesforceError(message, errorCodeOf(e) ?? 'UNKNOWN_ERROR', { cause: e });
}
