import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { Connection, OAuth2 } from 'jsforce';
import { startOrgEmulator, type OrgEmulator } from '../../scripts/sandbox/org/org-emulator';
import {
  buildSampleData,
  SANDBOX_CONSUMER_KEY,
  SANDBOX_INTEGRATION_USERNAME,
  SANDBOX_INTEGRATION_USER_ID,
  SANDBOX_ORG_ID,
} from '../../scripts/sandbox/sample-data';

const JWT_BEARER = 'urn:ietf:params:oauth:grant-type:jwt-bearer';
const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
const publicKeyPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();

interface Claims {
  iss: string;
  sub: string;
  aud: string;
  exp: number;
}

/** Signs an RS256 JWT bearer assertion the way the Lambda does, with node:crypto only. */
function assertion(claims: Partial<Claims> & { aud: string }, key: KeyObject = privateKey): string {
  const body: Claims = {
    iss: SANDBOX_CONSUMER_KEY,
    sub: SANDBOX_INTEGRATION_USERNAME,
    exp: Math.floor(Date.now() / 1000) + 180,
    ...claims,
  };
  const encode = (v: object): string => Buffer.from(JSON.stringify(v)).toString('base64url');
  const signingInput = `${encode({ alg: 'RS256' })}.${encode(body)}`;
  return `${signingInput}.${sign('RSA-SHA256', Buffer.from(signingInput), key).toString('base64url')}`;
}

async function grant(emulator: OrgEmulator, claims: Partial<Claims> = {}, key?: KeyObject): Promise<string> {
  const oauth2 = new OAuth2({ loginUrl: emulator.url, clientId: SANDBOX_CONSUMER_KEY });
  const res = await oauth2.requestToken({
    grant_type: JWT_BEARER,
    assertion: assertion({ aud: emulator.url, ...claims }, key),
  });
  return res.access_token;
}

/** What jsforce rejects with: an Error whose name is the OAuth error, or an HttpApiError with errorCode. */
async function rejection(
  promise: PromiseLike<unknown>,
): Promise<{ name: string; message: string; errorCode?: string }> {
  try {
    await promise;
  } catch (e) {
    return e as { name: string; message: string; errorCode?: string };
  }
  throw new Error('expected a rejection');
}

const CALLER_QUERY =
  "SELECT Id, UserId, User.FirstName, CallStartDateTime FROM VoiceCall WHERE FromPhoneNumber = '+14155550101' AND UserId != null AND CallStartDateTime = LAST_N_DAYS:30 ORDER BY CallStartDateTime DESC LIMIT 1";

describe('org emulator with real jsforce', () => {
  let emulator: OrgEmulator;
  let conn: Connection;

  beforeAll(async () => {
    emulator = await startOrgEmulator({
      data: buildSampleData(new Date()).org,
      publicKeyPem,
      consumerKey: SANDBOX_CONSUMER_KEY,
      username: SANDBOX_INTEGRATION_USERNAME,
    });
    conn = new Connection({ instanceUrl: emulator.url, accessToken: await grant(emulator), version: '62.0' });
  });

  afterAll(async () => {
    await emulator.close();
  });

  beforeEach(async () => {
    emulator.clearFaults();
    // Fault tests expire every token, so each test starts from a fresh grant.
    conn.accessToken = await grant(emulator);
    emulator.clearJournal();
  });

  describe('OAuth 2.0 JWT bearer flow', () => {
    it('grants a token whose instance URL and identity URL point at the emulator', async () => {
      // Prepare
      const oauth2 = new OAuth2({ loginUrl: emulator.url, clientId: SANDBOX_CONSUMER_KEY });

      // Act
      const res = await oauth2.requestToken({
        grant_type: JWT_BEARER,
        assertion: assertion({ aud: `${emulator.url}/` }),
      });

      // Assess
      expect(res.access_token).toMatch(/^00DSB0000000ORG!/);
      expect(res.instance_url).toBe(emulator.url);
      expect(res.id).toBe(`${emulator.url}/id/${SANDBOX_ORG_ID}/${SANDBOX_INTEGRATION_USER_ID}`);
      expect(res).toMatchObject({ token_type: 'Bearer', scope: 'api' });
      expect(emulator.journal.map((e) => e.operation)).toEqual(['token']);
    });

    it('accepts the production login URL as audience', async () => {
      // Prepare
      const claims = { aud: 'https://login.salesforce.com' };

      // Act
      const token = await grant(emulator, claims);

      // Assess
      expect(token).toEqual(expect.any(String));
    });

    it.each([
      ['a signature from another key', {}, otherKey, 'invalid assertion'],
      ['a wrong audience', { aud: 'https://example.com' }, undefined, 'audience is invalid'],
      [
        'an expired assertion',
        { exp: Math.floor(Date.now() / 1000) - 120 },
        undefined,
        'expired access/refresh token',
      ],
      [
        'an expiry too far ahead',
        { exp: Math.floor(Date.now() / 1000) + 3600 },
        undefined,
        'invalid assertion',
      ],
      ['an unknown user', { sub: 'someone@else.example' }, undefined, "user hasn't approved this consumer"],
      ['an unknown consumer key', { iss: 'nope' }, undefined, 'client identifier invalid'],
    ])('rejects %s with invalid_grant', async (_case, claims, key, description) => {
      // Prepare
      const attempt = grant(emulator, claims, key);

      // Act
      const error = await rejection(attempt);

      // Assess
      expect(error.name).toBe('invalid_grant');
      expect(error.message).toBe(description);
    });

    it('rejects other grant types with unsupported_grant_type', async () => {
      // Prepare
      const oauth2 = new OAuth2({ loginUrl: emulator.url, clientId: SANDBOX_CONSUMER_KEY });

      // Act
      const error = await rejection(oauth2.requestToken({ grant_type: 'client_credentials' }));

      // Assess
      expect(error.name).toBe('unsupported_grant_type');
    });

    it('answers 401 INVALID_SESSION_ID without an Authorization header', async () => {
      // Prepare
      const url = `${emulator.url}/services/data/v62.0/query?q=${encodeURIComponent('SELECT Id FROM User')}`;

      // Act
      const res = await fetch(url);

      // Assess
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual([
        { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' },
      ]);
    });

    it('expires tokens after their lifetime', async () => {
      // Prepare
      const shortLived = await startOrgEmulator({
        data: buildSampleData(new Date()).org,
        publicKeyPem,
        consumerKey: SANDBOX_CONSUMER_KEY,
        username: SANDBOX_INTEGRATION_USERNAME,
        tokenTtlSeconds: 0.2,
      });
      try {
        const c = new Connection({ instanceUrl: shortLived.url, accessToken: await grant(shortLived) });
        await c.query('SELECT Id FROM Organization');
        await new Promise((r) => setTimeout(r, 300));

        // Act
        const error = await rejection(c.query('SELECT Id FROM Organization'));

        // Assess
        expect(error.errorCode).toBe('INVALID_SESSION_ID');
      } finally {
        await shortLived.close();
      }
    });
  });

  describe('queries', () => {
    it('returns nested relationship fields like Salesforce', async () => {
      // Prepare
      const ana = buildSampleData().org.User?.find((u) => u.FirstName === 'Ana');

      // Act
      const result = await conn.query<{ UserId: string; User: { FirstName: string } | null }>(CALLER_QUERY);

      // Assess
      expect(result.totalSize).toBe(1);
      expect(result.done).toBe(true);
      expect(result.records[0]?.UserId).toBe(ana?.Id);
      expect(result.records[0]?.User).toEqual({
        attributes: { type: 'User', url: `/services/data/v62.0/sobjects/User/${String(ana?.Id)}` },
        FirstName: 'Ana',
      });
      expect(emulator.journal).toEqual([
        expect.objectContaining({
          method: 'GET',
          status: 200,
          operation: 'query VoiceCall',
          path: expect.stringContaining('/query'),
        }),
      ]);
    });

    it('pages with nextRecordsUrl under Sforce-Query-Options batchSize, and jsforce autoFetch follows it', async () => {
      // Prepare
      const total = emulator.data.VoiceCall?.length ?? 0;
      const headers = { 'Sforce-Query-Options': 'batchSize=5' };

      // Act
      const first = await conn.query('SELECT Id FROM VoiceCall ORDER BY Name', { headers });
      emulator.clearJournal();
      const all = await conn.query('SELECT Id FROM VoiceCall ORDER BY Name', {
        headers,
        autoFetch: true,
        maxFetch: 1000,
      });

      // Assess
      expect(total).toBeGreaterThan(10);
      expect(first).toMatchObject({ totalSize: total, done: false });
      expect(first.records).toHaveLength(5);
      expect(first.nextRecordsUrl).toMatch(/\/query\/01g[A-Za-z0-9]+-5$/);
      expect(all.records).toHaveLength(total);
      expect(new Set(all.records.map((r) => r.Id)).size).toBe(total);
      expect(emulator.journal).toHaveLength(Math.ceil(total / 5));
      expect(
        emulator.journal.every((e) => e.path.includes('/query') && e.operation === 'query VoiceCall'),
      ).toBe(true);
    });

    it('answers COUNT() with totalSize and no records', async () => {
      // Prepare
      const soql = 'SELECT COUNT() FROM CallCenterRoutingMap';

      // Act
      const result = await conn.query(soql);

      // Assess
      expect(result.totalSize).toBe(buildSampleData().org.CallCenterRoutingMap?.length);
      expect(result.totalSize).toBeGreaterThan(0);
      expect(result.records).toEqual([]);
      expect(emulator.journal[0]?.operation).toBe('query CallCenterRoutingMap');
    });

    it('reports usage in Sforce-Limit-Info', async () => {
      // Prepare
      const token = await grant(emulator);

      // Act
      const res = await fetch(`${emulator.url}/services/data/v62.0/limits`, {
        headers: { Authorization: `Bearer ${token}` },
      });

      // Assess
      expect(res.status).toBe(200);
      expect(res.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/15000$/);
      expect(await res.json()).toEqual({ DailyApiRequests: { Max: 15000, Remaining: expect.any(Number) } });
    });
  });

  describe('strict Salesforce errors surface in jsforce with errorCode', () => {
    it.each([
      ['SELECT Id FROM Foo', 'INVALID_TYPE', "sObject type 'Foo' is not supported."],
      [
        'SELECT Id, Bogus__c FROM VoiceCall',
        'INVALID_FIELD',
        "No such column 'Bogus__c' on entity 'VoiceCall'.",
      ],
      ['SELECT Id, User.Bogus FROM VoiceCall', 'INVALID_FIELD', "No such column 'Bogus' on entity 'User'."],
      ['SELECT Id FROM WHERE', 'MALFORMED_QUERY', 'unexpected token: WHERE'],
      [
        "SELECT Id FROM VoiceCall WHERE CallStartDateTime > '2026-01-01'",
        'INVALID_FIELD',
        "value of filter criterion for field 'CallStartDateTime' must be of type dateTime and should not be enclosed in quotes",
      ],
      ['SELECT CallType, COUNT(Id) FROM VoiceCall GROUP BY CallType', 'MALFORMED_QUERY', 'GROUP BY'],
    ])('%s → %s', async (soql, errorCode, text) => {
      // Prepare
      const attempt = conn.query(soql);

      // Act
      const error = await rejection(attempt);

      // Assess
      expect(error.errorCode).toBe(errorCode);
      expect(error.message).toContain(text);
      expect(emulator.journal[0]).toMatchObject({ status: 400, path: expect.stringContaining('/query') });
    });

    it('answers an unknown REST path with 404 NOT_FOUND', async () => {
      // Prepare
      const attempt = conn.request('/services/data/v62.0/nothing/here');

      // Act
      const error = await rejection(attempt);

      // Assess
      expect(error.errorCode).toBe('NOT_FOUND');
      expect(error.message).toBe('The requested resource does not exist');
    });

    it('answers an unknown query locator with INVALID_QUERY_LOCATOR', async () => {
      // Prepare
      const attempt = conn.request('/services/data/v62.0/query/01gXXXXXXXXXXXXXXX-2000');

      // Act
      const error = await rejection(attempt);

      // Assess
      expect(error.errorCode).toBe('INVALID_QUERY_LOCATOR');
    });
  });

  describe('faults', () => {
    it('expireTokens makes jsforce see INVALID_SESSION_ID', async () => {
      // Prepare
      const plain = new Connection({ instanceUrl: emulator.url, accessToken: await grant(emulator) });
      emulator.setFaults({ expireTokens: true });

      // Act
      const error = await rejection(plain.query('SELECT Id FROM Organization'));

      // Assess
      expect(error.errorCode).toBe('INVALID_SESSION_ID');
      expect(error.message).toBe('Session expired or invalid');
    });

    it('expireTokens set over the admin API expires tokens too, and a new grant works while it is on', async () => {
      // Prepare
      const token = await grant(emulator);
      await fetch(`${emulator.url}/__sandbox/faults`, {
        method: 'POST',
        body: JSON.stringify({ expireTokens: true }),
      });

      // Act
      const old = await fetch(`${emulator.url}/services/data/v62.0/limits`, {
        headers: { Authorization: `Bearer ${token}` },
      });
      const fresh = await grant(emulator);
      const renewed = await fetch(`${emulator.url}/services/data/v62.0/limits`, {
        headers: { Authorization: `Bearer ${fresh}` },
      });

      // Assess
      expect(old.status).toBe(401);
      expect(renewed.status).toBe(200);
    });

    it('jsforce with a refreshFn re-grants once and retries after expireTokens', async () => {
      // Prepare
      let grants = 0;
      const refreshing = new Connection({
        instanceUrl: emulator.url,
        accessToken: await grant(emulator),
        refreshFn: (_conn, callback) => {
          grants += 1;
          grant(emulator).then(
            (token) => callback(null, token),
            (e: Error) => callback(e),
          );
        },
      });
      emulator.setFaults({ expireTokens: true });
      emulator.clearJournal();

      // Act
      const result = await refreshing.query<{ User: { FirstName: string } | null }>(CALLER_QUERY);

      // Assess
      expect(result.records[0]?.User).toMatchObject({ FirstName: 'Ana' });
      expect(grants).toBe(1);
      expect(emulator.journal.map((e) => [e.operation, e.status])).toEqual([
        ['invalid session', 401],
        ['token', 200],
        ['query VoiceCall', 200],
      ]);
    });

    it('apiRequestsRemaining counts REST calls down to REQUEST_LIMIT_EXCEEDED', async () => {
      // Prepare
      emulator.setFaults({ apiRequestsRemaining: 2 });

      // Act
      await conn.query('SELECT Id FROM Organization');
      const limits = await conn.limits();
      const error = await rejection(conn.query('SELECT Id FROM Organization'));

      // Assess
      expect(limits.DailyApiRequests).toMatchObject({ Remaining: 0 });
      expect(error.errorCode).toBe('REQUEST_LIMIT_EXCEEDED');
      expect(error.message).toBe('TotalRequests Limit exceeded.');
      expect(emulator.journal.map((e) => e.status)).toEqual([200, 200, 403]);
      expect(emulator.faults.apiRequestsRemaining).toBe(0);
    });
  });

  describe('retrieve and update', () => {
    it('retrieves a record and updates it with a 204', async () => {
      // Prepare
      const call = emulator.data.VoiceCall?.[0];
      const id = String(call?.Id);

      // Act
      const before = await conn.sobject('VoiceCall').retrieve(id);
      const saved = await conn
        .sobject('VoiceCall')
        .update({ Id: id, Call_Reason__c: 'Asked about refund', Routed_To_Last_Agent__c: true });
      const after = await conn.sobject('VoiceCall').retrieve(id);

      // Assess
      expect(before).toMatchObject({ Id: id, attributes: { type: 'VoiceCall' } });
      expect(saved).toMatchObject({ id, success: true });
      expect(after).toMatchObject({ Call_Reason__c: 'Asked about refund', Routed_To_Last_Agent__c: true });
      expect(emulator.journal.map((e) => [e.operation, e.status])).toEqual([
        ['retrieve VoiceCall', 200],
        ['update VoiceCall', 204],
        ['retrieve VoiceCall', 200],
      ]);
    });

    it.each([
      [{ Bogus__c: 'x' }, 'INVALID_FIELD'],
      [{ Name: 'VC-1' }, 'INVALID_FIELD_FOR_INSERT_UPDATE'],
      [{ CallType: 'Carrier pigeon' }, 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'],
      [{ FromPhoneNumber: null }, 'REQUIRED_FIELD_MISSING'],
      [{ CallDurationInSeconds: 'long' }, 'JSON_PARSER_ERROR'],
    ])('rejects the update %j with %s', async (fields, errorCode) => {
      // Prepare
      const id = String(emulator.data.VoiceCall?.[1]?.Id);

      // Act
      const error = await rejection(conn.sobject('VoiceCall').update({ Id: id, ...fields }));

      // Assess
      expect(error.errorCode).toBe(errorCode);
    });

    it('answers 404 NOT_FOUND for a record that does not exist', async () => {
      // Prepare
      const attempt = conn.sobject('VoiceCall').retrieve('0LQSB9999999999AAA');

      // Act
      const error = await rejection(attempt);

      // Assess
      expect(error.errorCode).toBe('NOT_FOUND');
    });
  });

  describe('an org without the package custom fields', () => {
    let bare: OrgEmulator;
    let bareConn: Connection;

    beforeAll(async () => {
      bare = await startOrgEmulator({
        data: buildSampleData(new Date()).org,
        publicKeyPem,
        consumerKey: SANDBOX_CONSUMER_KEY,
        username: SANDBOX_INTEGRATION_USERNAME,
        omitCustomFields: true,
      });
      bareConn = new Connection({ instanceUrl: bare.url, accessToken: await grant(bare) });
    });

    afterAll(async () => {
      await bare.close();
    });

    it('rejects queries and updates that name them, but serves the standard fields', async () => {
      // Prepare
      const id = String(bare.data.VoiceCall?.[0]?.Id);

      // Act
      const queryError = await rejection(bareConn.query('SELECT Id, Call_Reason__c FROM VoiceCall'));
      const updateError = await rejection(
        bareConn.sobject('VoiceCall').update({ Id: id, Call_Reason__c: 'x' }),
      );
      const standard = await bareConn.query(CALLER_QUERY);

      // Assess
      expect(queryError.errorCode).toBe('INVALID_FIELD');
      expect(updateError.errorCode).toBe('INVALID_FIELD');
      expect(standard.totalSize).toBe(1);
    });
  });
});
