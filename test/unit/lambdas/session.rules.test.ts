/**
 * `SalesforceSession`'s rules, jsforce running for real against a scripted Salesforce on
 * 127.0.0.1: the JWT grant's request and its refusals, one re-grant per invocation, the back-offs
 * after a refused fresh token and a spent API allocation, and aborting with the invocation. The
 * clock the back-offs read (`Date.now`) is set by the tests; nothing here waits on real time.
 */
import {
  GRANT_REFUSED_BACKOFF_MS,
  REQUEST_LIMIT_BACKOFF_MS,
  SalesforceSession,
  SESSION_REFUSED_BACKOFF_MS,
  toSalesforceError,
} from '../../../lambdas/src/salesforce/session';
import { Budget, InvocationEndedError } from '../../../lambdas/src/shared/budget';
import type { SalesforceConfig } from '../../../lambdas/src/shared/config';
import {
  DeadlineExceededError,
  SalesforceAuthError,
  SalesforceBackoffError,
  SalesforceError,
} from '../../../lambdas/src/shared/errors';
import {
  granted,
  INVALID_SESSION,
  inTurn,
  LIMIT_SPENT,
  ORG_ID,
  privateKey,
  QUERY,
  restError,
  rows,
  ScriptedOrg,
  TOKEN,
} from '../../fixtures/scripted-org';

const org = new ScriptedOrg();
/** Token grants the org has answered so far. */
const grants = (): number => org.trips().filter((t) => t.startsWith('token')).length;

function config(patch: Partial<SalesforceConfig> = {}): SalesforceConfig {
  return {
    loginUrl: org.url,
    audience: 'https://login.salesforce.com',
    clientId: 'consumer-key',
    username: 'integration@example.com',
    apiVersion: '62.0',
    privateKeyPem: privateKey,
    ...patch,
  };
}

const session = (patch: Partial<SalesforceConfig> = {}): SalesforceSession =>
  new SalesforceSession(config(patch), { requestTimeoutMs: 5_000 });

let clock = 1_000_000;
beforeAll(() => org.start());
afterAll(() => org.server.close());
beforeEach(() => {
  org.reset();
  clock = 1_000_000;
  jest.spyOn(Date, 'now').mockImplementation(() => clock);
});
afterEach(() => jest.restoreAllMocks());

describe('SalesforceSession: the JWT bearer grant', () => {
  it('posts a signed assertion for the integration user, then queries with the token it got', async () => {
    // Prepare
    const token = granted(org.url);
    org.routes[TOKEN] = () => token;
    org.routes[QUERY] = () => rows([{ Id: '0LQ1' }]);
    const s = session();

    // Act
    const records = await s.query<{ Id: string }>('SELECT Id FROM VoiceCall', Budget.start(1_500));

    // Assess
    expect(records).toEqual([{ Id: '0LQ1' }]);
    expect(org.trips()).toEqual(['token:200', 'query:200']);
    const form = new URLSearchParams(org.bodies[0]);
    expect(form.get('grant_type')).toBe('urn:ietf:params:oauth:grant-type:jwt-bearer');
    const claims = JSON.parse(
      Buffer.from((form.get('assertion') ?? '').split('.')[1] ?? '', 'base64url').toString(),
    ) as Record<string, unknown>;
    expect(claims).toMatchObject({
      iss: 'consumer-key',
      sub: 'integration@example.com',
      aud: 'https://login.salesforce.com',
    });
    expect(org.authorizations[1]).toBe(`Bearer ${(token.body as { access_token: string }).access_token}`);
    expect(s.orgId).toBe(ORG_ID);
    expect([grants(), s.requests]).toEqual([1, 2]);
  });

  it('grants once for concurrent callers and reuses the connection afterwards', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = () => rows([]);
    const s = session();
    const budget = Budget.start(1_500);

    // Act
    await Promise.all([s.query('SELECT Id FROM User', budget), s.query('SELECT Id FROM User', budget)]);
    await s.query('SELECT Id FROM User', Budget.start(1_500));

    // Assess
    expect(org.trips().filter((t) => t.startsWith('token'))).toEqual(['token:200']);
    expect(grants()).toBe(1);
    expect(s.requests).toBe(4);
  });

  it('follows nextRecordsUrl until the result is done', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes['GET /services/data/v62.0/query/01gNEXT'] = () => rows([{ Id: 'b' }]);
    org.routes[QUERY] = () => rows([{ Id: 'a' }], '/services/data/v62.0/query/01gNEXT-2000');
    const s = session();

    // Act
    const records = await s.query('SELECT Id FROM VoiceCall', Budget.start(1_500));

    // Assess
    expect(records).toEqual([{ Id: 'a' }, { Id: 'b' }]);
    expect(s.requests).toBe(3);
  });

  it('stops at a result marked done, whatever it links to', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = () => ({
      status: 200,
      operation: 'query',
      body: {
        totalSize: 1,
        done: true,
        records: [{ Id: 'a' }],
        nextRecordsUrl: '/services/data/v62.0/query/01gX-1',
      },
    });
    const s = session();

    // Act
    const records = await s.query('SELECT Id FROM VoiceCall', Budget.start(1_500));

    // Assess
    expect(records).toEqual([{ Id: 'a' }]);
    expect(org.trips()).toEqual(['token:200', 'query:200']);
  });

  it('queries the configured instance URL over the one in the token response', async () => {
    // Prepare: the token names a host nobody listens on
    org.routes[TOKEN] = () => granted('http://127.0.0.1:9');
    org.routes[QUERY] = () => rows([{ Id: 'x' }]);

    // Act
    const records = await session({ instanceUrl: org.url }).query('SELECT Id FROM User', Budget.start(1_500));

    // Assess
    expect(records).toEqual([{ Id: 'x' }]);
  });

  it.each([
    ['no identity URL', { id: undefined }],
    ['an identity URL without an org id', { id: 'https://login.salesforce.com/id/005SB/005SB0000000INTAAA' }],
  ])('knows no org id from a token response with %s', async (_what, patch) => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url, patch);
    const s = session();

    // Act
    await s.connection(Budget.start(1_500));

    // Assess
    expect(s.orgId).toBeUndefined();
  });

  it('takes the key from the configuration when no key provider is given', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    const s = new SalesforceSession(config(), { requestTimeoutMs: 5_000 });

    // Act / Assess
    await expect(s.connection(Budget.start(1_500))).resolves.toBeDefined();
    expect(org.trips()).toEqual(['token:200']);
  });

  it('signs with the key the key provider gives, on the caller’s budget', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    const budgets: Budget[] = [];
    const s = new SalesforceSession(config({ privateKeyPem: undefined }), {
      requestTimeoutMs: 5_000,
      keyProvider: async (_c, b) => {
        budgets.push(b);
        return privateKey;
      },
    });
    const budget = Budget.start(1_500);

    // Act
    await s.connection(budget);

    // Assess
    expect(budgets).toHaveLength(1);
    expect(budgets[0]?.root).toBe(budget);
  });
});

describe('SalesforceSession: a refused grant', () => {
  it.each([
    'invalid_grant',
    'invalid_client',
    'invalid_client_id',
    'unauthorized_client',
    'invalid_app_access',
    'inactive_user',
    'inactive_org',
    'unsupported_grant_type',
  ])('backs off after %s, then tries again once the back-off ends', async (oauthError) => {
    // Prepare
    org.routes[TOKEN] = () => ({
      status: 400,
      operation: 'token',
      body: { error: oauthError, error_description: 'user hasn’t approved this consumer' },
    });
    const s = session();

    // Act
    const first = s.connection(Budget.start(1_500));
    await expect(first).rejects.toMatchObject({
      name: 'SalesforceAuthError',
      oauthError,
      message: 'JWT bearer grant refused: user hasn’t approved this consumer',
    });
    clock += GRANT_REFUSED_BACKOFF_MS - 1;
    const during = s.query('SELECT Id FROM User', Budget.start(1_500));
    await expect(during).rejects.toBeInstanceOf(SalesforceAuthError);
    const tokensDuring = org.trips().length;
    clock += 1;
    await expect(s.connection(Budget.start(1_500))).rejects.toBeInstanceOf(SalesforceAuthError);

    // Assess
    expect(tokensDuring).toBe(1);
    expect(org.trips()).toEqual(['token:400', 'token:400']);
  });

  it.each([
    ['an unknown OAuth error', 400, { error: 'unknown_error', error_description: 'retry' }, 'unknown_error'],
    ['a server error without a body', 503, 'Service Unavailable', 'ERROR_HTTP_503'],
    ['an error code that is not an OAuth code', 400, { error: 'Invalid Grant!' }, 'ERROR_HTTP_400'],
    ['an error that is not a string', 400, { error: 42 }, 'ERROR_HTTP_400'],
    ['a 200 without a token', 200, { instance_url: 'http://127.0.0.1:9' }, 'ERROR_HTTP_200'],
    ['a 200 without an instance URL', 200, { access_token: 't' }, 'ERROR_HTTP_200'],
    ['a 200 that is not JSON', 200, 'OK', 'ERROR_HTTP_200'],
    [
      'a 400 that still carries a token',
      400,
      { access_token: 't', instance_url: 'http://x' },
      'ERROR_HTTP_400',
    ],
    ['an OAuth code with a trailing symbol', 400, { error: 'invalid_grant!' }, 'ERROR_HTTP_400'],
    ['an OAuth code with a leading capital', 400, { error: 'Xinvalid_grant' }, 'ERROR_HTTP_400'],
  ])('does not back off after %s: the next call grants again', async (_what, status, body, code) => {
    // Prepare
    org.routes[TOKEN] = () => ({ status, operation: 'token', body });
    const s = session();

    // Act
    const first = s.connection(Budget.start(1_500));
    await expect(first).rejects.toMatchObject({ name: 'SalesforceAuthError', oauthError: code });
    await expect(s.connection(Budget.start(1_500))).rejects.toBeInstanceOf(SalesforceAuthError);

    // Assess
    expect(org.trips()).toHaveLength(2);
  });

  it('says which OAuth error failed the grant and why', async () => {
    org.routes[TOKEN] = () => ({
      status: 400,
      body: { error: 'unknown_error', error_description: 'try later' },
    });
    await expect(session().connection(Budget.start(1_500))).rejects.toThrow(
      'JWT bearer grant failed: unknown_error try later',
    );
  });

  it('says a refusal without a description plainly, and grants nothing while backing off', async () => {
    // Prepare
    org.routes[TOKEN] = () => ({ status: 400, body: { error: 'invalid_client' } });
    const s = session();

    // Act
    const first = s.connection(Budget.start(1_500));
    await expect(first).rejects.toThrow(/^JWT bearer grant refused: $/);
    await expect(s.connection(Budget.start(1_500))).rejects.toBeInstanceOf(SalesforceAuthError);

    // Assess
    expect(org.trips()).toHaveLength(1);
  });

  it('forgets an old refusal once a grant succeeds', async () => {
    // Prepare: refused, back-off over, granted, then the token is refused at query time
    org.routes[TOKEN] = inTurn({ status: 400, body: { error: 'invalid_grant' } }, granted(org.url));
    org.routes[QUERY] = () => rows([]);
    const s = session();
    await expect(s.connection(Budget.start(1_500))).rejects.toBeInstanceOf(SalesforceAuthError);
    clock += GRANT_REFUSED_BACKOFF_MS;

    // Act
    await s.query('SELECT Id FROM User', Budget.start(1_500));
    clock -= GRANT_REFUSED_BACKOFF_MS; // a clock stepping back must not revive the refusal

    // Assess
    await expect(s.query('SELECT Id FROM User', Budget.start(1_500))).resolves.toEqual([]);
  });
});

describe('SalesforceSession: a refused token (401)', () => {
  it('re-grants once and retries the query', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn(INVALID_SESSION, rows([{ Id: 'ok' }]));
    const s = session();

    // Act
    const records = await s.query('SELECT Id FROM User', Budget.start(1_500));

    // Assess
    expect(records).toEqual([{ Id: 'ok' }]);
    expect(org.trips()).toEqual(['token:200', 'query:401', 'token:200', 'query:200']);
  });

  it('does not back off when the retry fails for another reason', async () => {
    // Prepare: 401, re-grant, then the retry meets an outage; the next call queries again
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn(INVALID_SESSION, restError(503, 'SERVER_UNAVAILABLE'), rows([]));
    const s = session();

    // Act
    const first = await s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);
    const second = await s.query('SELECT Id FROM User', Budget.start(1_500));

    // Assess
    expect(first).toMatchObject({ errorCode: 'SERVER_UNAVAILABLE' });
    expect(second).toEqual([]);
  });

  it('treats a 401 without a JSON body like INVALID_SESSION_ID', async () => {
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn({ status: 401, operation: 'query', body: 'Unauthorized' }, rows([]));
    await expect(session().query('SELECT Id FROM User', Budget.start(1_500))).resolves.toEqual([]);
    expect(org.trips()).toEqual(['token:200', 'query:401', 'token:200', 'query:200']);
  });

  it('re-grants at most once per invocation', async () => {
    // Prepare: every token is refused at query time after the first query
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn(INVALID_SESSION, rows([]), INVALID_SESSION);
    const s = session();
    const invocation = Budget.start(1_500);
    await s.query('SELECT Id FROM User', invocation);

    // Act: the same invocation (through a child budget) meets a 401 again
    const again = s.query('SELECT Id FROM User', invocation.withReserve(100));

    // Assess
    await expect(again).rejects.toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    expect(org.trips()).toEqual(['token:200', 'query:401', 'token:200', 'query:200', 'query:401']);
  });

  it('shares one re-grant between concurrent queries that met the same stale token', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    const s = session();
    await s.connection(Budget.start(1_500));
    let refusals = 2;
    org.routes[QUERY] = () => (refusals-- > 0 ? INVALID_SESSION : rows([{ Id: 'ok' }]));
    const budget = Budget.start(1_500);

    // Act
    const results = await Promise.all([
      s.query('SELECT Id FROM User', budget),
      s.query('SELECT Id FROM User', budget),
    ]);

    // Assess
    expect(results).toEqual([[{ Id: 'ok' }], [{ Id: 'ok' }]]);
    expect(grants()).toBe(2);
  });

  it('takes a token another invocation already renewed instead of granting again', async () => {
    // Prepare: invocation A holds the old connection when B renews it
    org.routes[TOKEN] = () => granted(org.url);
    const s = session();
    await s.connection(Budget.start(1_500));
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let first = true;
    org.routes[QUERY] = async () => {
      if (first) {
        first = false;
        await held;
        return INVALID_SESSION;
      }
      return rows([{ Id: 'ok' }]);
    };
    const a = s.query('SELECT Id FROM User', Budget.start(1_500));
    await new Promise((r) => setTimeout(r, 0));
    // B's own 401 is scripted by the next route; its re-grant replaces the connection
    org.routes[QUERY] = inTurn(INVALID_SESSION, rows([{ Id: 'ok' }]));
    await s.query('SELECT Id FROM User', Budget.start(1_500));
    org.routes[QUERY] = () => rows([{ Id: 'ok' }]);

    // Act
    release();
    const records = await a;

    // Assess: A's 401 reuses B's token: two grants in all
    expect(records).toEqual([{ Id: 'ok' }]);
    expect(grants()).toBe(2);
  });

  it('backs off when a fresh token is refused too, doubling while it repeats', async () => {
    // Prepare: grants succeed, every query is refused
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = () => INVALID_SESSION;
    const s = session();
    const attempt = async (): Promise<unknown> =>
      s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);

    // Act
    const first = await attempt();
    const tripsAfterFirst = org.trips().length;
    clock += SESSION_REFUSED_BACKOFF_MS - 1;
    const during = await attempt();
    clock += 1;
    const second = await attempt();
    const tripsAfterSecond = org.trips().length;
    clock += 2 * SESSION_REFUSED_BACKOFF_MS - 1;
    const duringSecond = await attempt();

    // Assess
    expect(first).toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    expect(tripsAfterFirst).toBe(4);
    expect(during).toBeInstanceOf(SalesforceBackoffError);
    expect(during).toMatchObject({
      errorCode: 'INVALID_SESSION_ID',
      until: 1_000_000 + SESSION_REFUSED_BACKOFF_MS,
    });
    expect(second).toMatchObject({ errorCode: 'INVALID_SESSION_ID' });
    expect(second).not.toBeInstanceOf(SalesforceBackoffError);
    expect(tripsAfterSecond).toBeGreaterThan(tripsAfterFirst);
    expect(duringSecond).toBeInstanceOf(SalesforceBackoffError);
    expect((duringSecond as SalesforceBackoffError).until).toBe(clock + 1);
    expect(org.trips()).toHaveLength(tripsAfterSecond);
  });

  it('caps the back-off at five minutes', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = () => INVALID_SESSION;
    const s = session();
    const refusedTwice = async (): Promise<SalesforceBackoffError> => {
      await s.query('SELECT Id FROM User', Budget.start(1_500)).catch(() => undefined);
      return (await s
        .query('SELECT Id FROM User', Budget.start(1_500))
        .catch((e: unknown) => e)) as SalesforceBackoffError;
    };

    // Act: ten refusals in a row, each once the back-off before it ended
    for (let i = 0; i < 10; i += 1) clock = (await refusedTwice()).until;
    const before = clock;
    const last = await refusedTwice();

    // Assess
    expect(last.until - before).toBe(300_000);
  });

  it('starts afresh after a query succeeds', async () => {
    // Prepare: refused twice (back-off 10 s), then a success, then refused again
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn(INVALID_SESSION, INVALID_SESSION, rows([]), INVALID_SESSION);
    const s = session();
    await s.query('SELECT Id FROM User', Budget.start(1_500)).catch(() => undefined);
    clock += SESSION_REFUSED_BACKOFF_MS;
    await s.query('SELECT Id FROM User', Budget.start(1_500));

    // Act
    await s.query('SELECT Id FROM User', Budget.start(1_500)).catch(() => undefined);
    const during = await s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);

    // Assess: the first back-off length again, not the doubled one
    expect((during as SalesforceBackoffError).until).toBe(clock + SESSION_REFUSED_BACKOFF_MS);
  });
});

describe('SalesforceSession: a spent API allocation', () => {
  it('stops querying for a minute after REQUEST_LIMIT_EXCEEDED', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn(LIMIT_SPENT, rows([{ Id: 'back' }]));
    const s = session();

    // Act
    const first = await s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);
    clock += REQUEST_LIMIT_BACKOFF_MS - 1;
    const during = await s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);
    const tripsDuring = org.trips().length;
    clock += 1;
    const after = await s.query('SELECT Id FROM User', Budget.start(1_500));

    // Assess
    expect(first).toBeInstanceOf(SalesforceError);
    expect(first).toMatchObject({
      errorCode: 'REQUEST_LIMIT_EXCEEDED',
      message: 'TotalRequests Limit exceeded.',
    });
    expect(during).toBeInstanceOf(SalesforceBackoffError);
    expect(during).toMatchObject({ errorCode: 'REQUEST_LIMIT_EXCEEDED', cause: first });
    expect(tripsDuring).toBe(2);
    expect(after).toEqual([{ Id: 'back' }]);
  });

  it('does not restart the back-off for a 403 that was already in flight', async () => {
    // Prepare: two queries sent together; the org answers the second only once the first's 403
    // has started the back-off and a second has passed
    org.routes[TOKEN] = () => granted(org.url);
    const s = session();
    await s.connection(Budget.start(1_500));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let arrivals = 0;
    org.routes[QUERY] = async () => {
      arrivals += 1;
      if (arrivals > 1) await gate;
      return LIMIT_SPENT;
    };
    const budget = Budget.start(1_500);
    const queries = [
      s.query('SELECT Id FROM User', budget).catch((e: unknown) => e),
      s.query('SELECT Id FROM User', budget).catch((e: unknown) => e),
    ];
    await Promise.race(queries);
    clock += 1_000;

    // Act
    release();
    await Promise.all(queries);
    const during = await s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);

    // Assess: the back-off counts from the first 403
    expect((during as SalesforceBackoffError).until).toBe(1_000_000 + REQUEST_LIMIT_BACKOFF_MS);
  });

  it('counts concurrent refusals of one fresh token as one', async () => {
    // Prepare: grants succeed, every query is refused; two queries of one invocation together
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = () => INVALID_SESSION;
    const s = session();
    const budget = Budget.start(1_500);

    // Act
    await Promise.all([
      s.query('SELECT Id FROM User', budget).catch(() => undefined),
      s.query('SELECT Id FROM User', budget).catch(() => undefined),
    ]);
    const during = await s.query('SELECT Id FROM User', Budget.start(1_500)).catch((e: unknown) => e);

    // Assess: the first back-off, not a doubled one
    expect((during as SalesforceBackoffError).until).toBe(1_000_000 + SESSION_REFUSED_BACKOFF_MS);
  });

  it('passes other errors through without backing off', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    org.routes[QUERY] = inTurn(restError(400, 'MALFORMED_QUERY', 'unexpected token'), rows([]));
    const s = session();

    // Act
    const first = await s.query('SELECT', Budget.start(1_500)).catch((e: unknown) => e);
    const second = await s.query('SELECT Id FROM User', Budget.start(1_500));

    // Assess
    expect(first).toMatchObject({ name: 'SalesforceError', errorCode: 'MALFORMED_QUERY' });
    expect(second).toEqual([]);
  });
});

describe('SalesforceSession: the invocation’s budget', () => {
  it('aborts a query when the invocation ends, reporting why', async () => {
    // Prepare
    org.routes[TOKEN] = () => granted(org.url);
    const s = session();
    await s.connection(Budget.start(1_500));
    let arrived!: () => void;
    const inFlight = new Promise<void>((r) => (arrived = r));
    let answer!: () => void;
    const never = new Promise<void>((r) => (answer = r));
    org.routes[QUERY] = async () => {
      arrived();
      await never;
      return rows([]);
    };
    const budget = Budget.start(1_500);

    // Act: the invocation answers while the query is at the org
    const pending = s.query('SELECT Id FROM User', budget);
    await inFlight;
    budget.end();
    answer();

    // Assess
    await expect(pending).rejects.toBeInstanceOf(InvocationEndedError);
  });

  it('aborts the grant at the deadline, reporting the deadline', async () => {
    // Prepare
    org.server.setFaults({ hang: true });

    // Act
    const pending = session().connection(Budget.start(50));

    // Assess
    await expect(pending).rejects.toBeInstanceOf(DeadlineExceededError);
  });

  it('reports a grant that could not reach Salesforce as the network error', async () => {
    // Prepare: nobody listens there
    const s = new SalesforceSession(config({ loginUrl: 'http://127.0.0.1:9' }), { requestTimeoutMs: 5_000 });

    // Act / Assess
    await expect(s.connection(Budget.start(1_500))).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});

describe('toSalesforceError', () => {
  it('keeps our own errors as they are', () => {
    const own = new SalesforceError('x', 'INVALID_FIELD');
    const auth = new SalesforceAuthError('y', 'invalid_grant');
    expect(toSalesforceError(own)).toBe(own);
    expect(toSalesforceError(auth)).toBe(auth);
  });

  it.each([
    [{ errorCode: 'INVALID_FIELD', message: 'No such column' }, 'No such column', 'INVALID_FIELD'],
    [{ name: 'INVALID_SESSION_ID', message: 'expired' }, 'expired', 'INVALID_SESSION_ID'],
    [{ name: 'TimeoutError', message: 'slow' }, 'slow', 'UNKNOWN_ERROR'],
    [new Error('socket hang up'), 'socket hang up', 'UNKNOWN_ERROR'],
    ['plain text', 'plain text', 'UNKNOWN_ERROR'],
    [undefined, 'undefined', 'UNKNOWN_ERROR'],
  ])('reads %p as a SalesforceError', (thrown, message, errorCode) => {
    const err = toSalesforceError(thrown);
    expect(err).toBeInstanceOf(SalesforceError);
    expect(err).toMatchObject({ message, errorCode });
    expect(err.cause).toBe(thrown);
  });
});
