/**
 * The local Salesforce org: a loopback HTTP server speaking enough of the REST API and the OAuth 2.0
 * JWT bearer flow that jsforce runs against it unmodified. Its URL is both the login URL and the
 * instance URL. It is strict on purpose: bad queries, unknown fields, expired sessions and exhausted
 * API limits come back in Salesforce's exact error shapes, so the Lambda's error handling is exercised
 * for real.
 *
 * Routes: POST /services/oauth2/token; GET /id/<org>/<user>; GET /services/data/;
 * under /services/data/vNN.N: GET /, /limits, /query?q=, /queryAll?q=, /query/<locator>, /sobjects,
 * /sobjects/<Type>, /sobjects/<Type>/describe, GET and PATCH /sobjects/<Type>/<Id>.
 */
import { createHmac, createPublicKey, randomBytes } from 'node:crypto';
import {
  startEmulatorServer,
  type BaseFaults,
  type EmulatorRequest,
  type EmulatorResponse,
  type EmulatorServer,
} from '../emulator-server';
import { toId18 } from '../ids';
import {
  SANDBOX_INTEGRATION_USER_ID,
  SANDBOX_ORG_ID,
  sfDateTime,
  type OrgData,
  type SObjectRecord,
} from '../sample-data';
import { SalesforceError, type OAuthErrorBody } from './errors';
import { verifyJwtAssertion } from './jwt';
import { buildSchema, findField, findObject, type FieldDef, type ObjectDef, type Schema } from './schema';
import { evaluateSoql, parseSfDateTime, type QueryRecord } from './soql-eval';

/** Faults the org emulator understands on top of latency/down/hang. */
export interface OrgFaults extends BaseFaults {
  /** Every access token issued so far is treated as expired (401 INVALID_SESSION_ID) until a new grant. */
  expireTokens?: boolean;
  /** Remaining daily API requests; at 0 REST calls get 403 REQUEST_LIMIT_EXCEEDED. undefined = unlimited. */
  apiRequestsRemaining?: number;
  /**
   * Every query answers 401 INVALID_SESSION_ID however fresh its token, while grants keep
   * succeeding: a session the API refuses (revoked, or another org's), which a client that
   * re-grants on every 401 turns into a storm.
   */
  queriesUnauthorized?: boolean;
}

/** How to start the org emulator. */
export interface OrgEmulatorOptions {
  /** 0/undefined = random free port. */
  port?: number;
  /** The org's records, from `buildSampleData(now).org`; updates are applied to it in place. */
  data: OrgData;
  /** Clock for SOQL date literals and LastModifiedDate; default () => new Date(). */
  now?: () => Date;
  /** RSA public key (SPKI PEM) that JWT assertions must verify against. */
  publicKeyPem: string;
  /** Expected JWT `iss`. */
  consumerKey: string;
  /** The only JWT `sub` accepted (the integration user). */
  username: string;
  /** Access token lifetime; default 7200. */
  tokenTtlSeconds?: number;
  /** Default '62.0'; any vNN.N is accepted in paths. */
  apiVersion?: string;
  initialFaults?: OrgFaults;
  /** Leave out this package's VoiceCall custom fields, like an org without the package installed. */
  omitCustomFields?: boolean;
  /** Objects the integration user cannot see: queries on them get INVALID_TYPE. */
  hiddenObjects?: string[];
  /** Org and user ids in the token response's identity URL; default the sandbox's. */
  orgId?: string;
  userId?: string;
}

/** A running org emulator. */
export interface OrgEmulator extends EmulatorServer<OrgFaults> {
  /** The live data set (the same object passed in). */
  data: OrgData;
}

/** Developer Edition's daily allocation, used in Sforce-Limit-Info when no limit fault is set. */
const DAILY_API_MAX = 15_000;
const DEFAULT_BATCH_SIZE = 2000;
const MAX_CURSORS = 10_000;
/** Salesforce keeps an idle query cursor for about 15 minutes. */
const CURSOR_TTL_MS = 15 * 60_000;

const SESSION_EXPIRED: SalesforceError = new SalesforceError(
  'INVALID_SESSION_ID',
  'Session expired or invalid',
  401,
);
const notFound = (): SalesforceError =>
  new SalesforceError('NOT_FOUND', 'The requested resource does not exist', 404);

interface Cursor {
  sObject: string;
  records: QueryRecord[];
  batchSize: number;
  touchedAt: number;
}

const restError = (
  e: SalesforceError,
  operation: string,
  headers?: Record<string, string>,
): EmulatorResponse => ({
  status: e.status,
  body: e.toBody(),
  operation,
  ...(headers ? { headers } : {}),
});

const oauthError = (status: number, error: string, description: string): EmulatorResponse => ({
  status,
  body: { error, error_description: description } satisfies OAuthErrorBody,
  operation: 'token',
});

function randomToken(bytes: number): string {
  return randomBytes(bytes).toString('base64url');
}

/** Starts the org emulator on 127.0.0.1. */
export async function startOrgEmulator(options: OrgEmulatorOptions): Promise<OrgEmulator> {
  const schema: Schema = buildSchema({
    omitCustomFields: options.omitCustomFields,
    hiddenObjects: options.hiddenObjects,
  });
  const data = options.data;
  const now = options.now ?? (() => new Date());
  const defaultVersion = options.apiVersion ?? '62.0';
  const ttlMs = (options.tokenTtlSeconds ?? 7200) * 1000;
  const publicKey = createPublicKey(options.publicKeyPem);
  const orgId = toId18(options.orgId ?? SANDBOX_ORG_ID);
  const userId = toId18(options.userId ?? SANDBOX_INTEGRATION_USER_ID);
  const signingSecret = randomBytes(32);

  const tokens = new Map<string, number>();
  const cursors = new Map<string, Cursor>();
  let expireSeen = false;
  let apiUsed = 0;
  let baseUrl = '';

  const revokeAll = (): void => tokens.clear();

  const limitInfo = (faults: OrgFaults): Record<string, string> => {
    const max =
      faults.apiRequestsRemaining === undefined ? DAILY_API_MAX : apiUsed + faults.apiRequestsRemaining;
    return { 'Sforce-Limit-Info': `api-usage=${apiUsed}/${max}` };
  };

  const grantToken = (req: EmulatorRequest): EmulatorResponse => {
    if (req.method !== 'POST') return restError(notFound(), 'token');
    const params = new URLSearchParams(req.body);
    const grantType = params.get('grant_type');
    if (grantType !== 'urn:ietf:params:oauth:grant-type:jwt-bearer') {
      return oauthError(400, 'unsupported_grant_type', 'grant type not supported');
    }
    const verdict = verifyJwtAssertion(params.get('assertion') ?? '', {
      publicKey,
      consumerKey: options.consumerKey,
      username: options.username,
      audiences: [baseUrl, 'https://login.salesforce.com', 'https://test.salesforce.com'],
      nowMs: Date.now(),
    });
    if (!verdict.ok) return oauthError(400, 'invalid_grant', verdict.description);
    const accessToken = `${orgId.slice(0, 15)}!${randomToken(48)}`;
    const issuedAt = Date.now();
    tokens.set(accessToken, issuedAt + ttlMs);
    const id = `${baseUrl}/id/${orgId}/${userId}`;
    return {
      status: 200,
      operation: 'token',
      body: {
        access_token: accessToken,
        instance_url: baseUrl,
        id,
        token_type: 'Bearer',
        scope: 'api',
        issued_at: String(issuedAt),
        signature: createHmac('sha256', signingSecret).update(`${id}${issuedAt}`).digest('base64'),
      },
    };
  };

  const authenticated = (req: EmulatorRequest): boolean => {
    const header = req.headers.authorization ?? '';
    const m = /^(?:Bearer|OAuth)\s+(.+)$/i.exec(header);
    if (!m) return false;
    const expiresAt = tokens.get(m[1] as string);
    if (expiresAt === undefined) return false;
    if (expiresAt <= Date.now()) {
      tokens.delete(m[1] as string);
      return false;
    }
    return true;
  };

  const storeCursor = (cursor: Cursor): string => {
    const nowMs = Date.now();
    for (const [key, c] of cursors) {
      if (cursors.size < MAX_CURSORS && nowMs - c.touchedAt < CURSOR_TTL_MS) break;
      cursors.delete(key);
    }
    const id = toId18(`01g${randomBytes(12).toString('hex').slice(0, 12).toUpperCase()}`);
    cursors.set(id, cursor);
    return id;
  };

  const queryPage = (
    version: string,
    cursorId: string,
    cursor: Cursor,
    position: number,
  ): Record<string, unknown> => {
    const records = cursor.records.slice(position, position + cursor.batchSize);
    const next = position + records.length;
    const done = next >= cursor.records.length;
    if (done) cursors.delete(cursorId);
    else {
      cursor.touchedAt = Date.now();
      // Re-insert so the map stays ordered by last use for eviction.
      cursors.delete(cursorId);
      cursors.set(cursorId, cursor);
    }
    return {
      totalSize: cursor.records.length,
      done,
      ...(done ? {} : { nextRecordsUrl: `/services/data/v${version}/query/${cursorId}-${next}` }),
      records,
    };
  };

  const runQuery = (req: EmulatorRequest, version: string): EmulatorResponse => {
    const soql = req.url.searchParams.get('q');
    if (soql === null || soql.trim() === '') {
      throw new SalesforceError('MALFORMED_QUERY', 'A query string has to be specified');
    }
    const result = evaluateSoql(soql, data, { schema, now: now(), apiVersion: version });
    const operation = `query ${result.sObject}`;
    const header = String(req.headers['sforce-query-options'] ?? '');
    const requested = /batchSize\s*=\s*(\d+)/i.exec(header);
    const batchSize = Math.min(
      DEFAULT_BATCH_SIZE,
      Math.max(1, requested ? Number(requested[1]) : DEFAULT_BATCH_SIZE),
    );
    if (result.records.length <= batchSize) {
      return {
        status: 200,
        operation,
        body: { totalSize: result.totalSize, done: true, records: result.records },
      };
    }
    const cursor: Cursor = {
      sObject: result.sObject,
      records: result.records,
      batchSize,
      touchedAt: Date.now(),
    };
    const cursorId = storeCursor(cursor);
    return { status: 200, operation, body: queryPage(version, cursorId, cursor, 0) };
  };

  const continueQuery = (locator: string, version: string): EmulatorResponse => {
    const m = /^([A-Za-z0-9]{15,18})-(\d+)$/.exec(locator);
    const cursor = m ? cursors.get(m[1] as string) : undefined;
    if (!m || !cursor) throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    const position = Number(m[2]);
    if (position > cursor.records.length)
      throw new SalesforceError('INVALID_QUERY_LOCATOR', 'invalid query locator');
    return {
      status: 200,
      operation: `query ${cursor.sObject}`,
      body: queryPage(version, m[1] as string, cursor, position),
    };
  };

  const findRecord = (object: ObjectDef, id: string): SObjectRecord => {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(id)) {
      throw new SalesforceError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${id}`,
        404,
      );
    }
    const want = id.slice(0, 15);
    const record = (data[object.name] ?? []).find(
      (r) => typeof r.Id === 'string' && r.Id.slice(0, 15) === want,
    );
    if (!record) throw notFound();
    return record;
  };

  const retrieve = (
    req: EmulatorRequest,
    object: ObjectDef,
    id: string,
    version: string,
  ): EmulatorResponse => {
    const record = findRecord(object, id);
    const wanted = req.url.searchParams.get('fields');
    let fields: FieldDef[] = object.fields;
    if (wanted) {
      fields = wanted.split(',').map((name) => {
        const f = findField(object, name.trim());
        if (!f) {
          throw new SalesforceError(
            'INVALID_FIELD',
            `No such column '${name.trim()}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
          );
        }
        return f;
      });
    }
    const body: Record<string, unknown> = {
      attributes: {
        type: object.name,
        url: `/services/data/v${version}/sobjects/${object.name}/${String(record.Id)}`,
      },
    };
    for (const f of fields) body[f.name] = record[f.name] ?? null;
    return { status: 200, operation: `retrieve ${object.name}`, body };
  };

  const update = (req: EmulatorRequest, object: ObjectDef, id: string): EmulatorResponse => {
    const record = findRecord(object, id);
    let patch: unknown;
    try {
      patch = JSON.parse(req.body || '{}');
    } catch (e) {
      throw new SalesforceError('JSON_PARSER_ERROR', `Unexpected character: ${(e as Error).message}`);
    }
    if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
      throw new SalesforceError(
        'JSON_PARSER_ERROR',
        'Cannot deserialize instance of SObject from non-object value',
      );
    }
    const changes: SObjectRecord = {};
    for (const [name, value] of Object.entries(patch as Record<string, unknown>)) {
      if (name === 'attributes') continue;
      const f = findField(object, name);
      if (!f) {
        throw new SalesforceError(
          'INVALID_FIELD',
          `No such column '${name}' on sobject of type ${object.name}`,
        );
      }
      changes[f.name] = coerceForUpdate(f, value);
    }
    const readOnly = Object.keys(changes).filter((n) => !findField(object, n)?.updateable);
    if (readOnly.length) {
      throw new SalesforceError(
        'INVALID_FIELD_FOR_INSERT_UPDATE',
        `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
        400,
        readOnly,
      );
    }
    const missing = Object.keys(changes).filter(
      (n) => changes[n] === null && !findField(object, n)?.nillable,
    );
    if (missing.length) {
      throw new SalesforceError(
        'REQUIRED_FIELD_MISSING',
        `Required fields are missing: [${missing.join(', ')}]`,
        400,
        missing,
      );
    }
    Object.assign(record, changes);
    if (findField(object, 'LastModifiedDate')) record.LastModifiedDate = sfDateTime(now());
    return { status: 204, operation: `update ${object.name}` };
  };

  const describe = (object: ObjectDef, version: string): Record<string, unknown> => ({
    name: object.name,
    label: object.name,
    keyPrefix: object.keyPrefix,
    custom: false,
    queryable: true,
    retrieveable: true,
    updateable: true,
    urls: { sobject: `/services/data/v${version}/sobjects/${object.name}` },
    fields: object.fields.map((f) => ({
      name: f.name,
      label: f.name,
      type: f.type,
      custom: f.custom,
      nillable: f.nillable,
      updateable: f.updateable,
      createable: f.updateable,
      filterable: true,
      sortable: f.type !== 'textarea',
      referenceTo: f.referenceTo ?? [],
      relationshipName: f.relationshipName ?? null,
      picklistValues: (f.picklistValues ?? []).map((v) => ({
        value: v,
        label: v,
        active: true,
        defaultValue: false,
      })),
      restrictedPicklist: f.picklistValues !== undefined,
    })),
  });

  const rest = (req: EmulatorRequest, version: string, rest: string[]): EmulatorResponse => {
    const [resource, ...tail] = rest;
    const method = req.method.toUpperCase();
    const onlyGet = (): void => {
      if (method !== 'GET') {
        throw new SalesforceError(
          'METHOD_NOT_ALLOWED',
          `HTTP Method '${method}' not allowed. Allowed are GET,HEAD`,
          405,
        );
      }
    };
    if (resource === undefined || resource === '') {
      onlyGet();
      const base = `/services/data/v${version}`;
      return {
        status: 200,
        operation: 'resources',
        body: {
          limits: `${base}/limits`,
          query: `${base}/query`,
          queryAll: `${base}/queryAll`,
          sobjects: `${base}/sobjects`,
        },
      };
    }
    if (resource === 'limits' && tail.length === 0) {
      onlyGet();
      return { status: 200, operation: 'limits', body: {} };
    }
    if ((resource === 'query' || resource === 'queryAll') && tail.length <= 1) {
      onlyGet();
      return tail.length === 0 ? runQuery(req, version) : continueQuery(tail[0] as string, version);
    }
    if (resource === 'sobjects') {
      if (tail.length === 0) {
        onlyGet();
        return {
          status: 200,
          operation: 'describeGlobal',
          body: {
            encoding: 'UTF-8',
            maxBatchSize: 200,
            sobjects: schema.objects.map((o) => ({
              name: o.name,
              label: o.name,
              keyPrefix: o.keyPrefix,
              custom: false,
              queryable: true,
              urls: { sobject: `/services/data/v${version}/sobjects/${o.name}` },
            })),
          },
        };
      }
      const object = findObject(schema, tail[0] as string);
      if (!object) throw notFound();
      if (tail.length === 1) {
        onlyGet();
        return {
          status: 200,
          operation: `describe ${object.name}`,
          body: { objectDescribe: describe(object, version), recentItems: [] },
        };
      }
      if (tail.length === 2 && tail[1] === 'describe') {
        onlyGet();
        return { status: 200, operation: `describe ${object.name}`, body: describe(object, version) };
      }
      if (tail.length === 2) {
        const id = decodeURIComponent(tail[1] as string);
        if (method === 'GET' || method === 'HEAD') return retrieve(req, object, id, version);
        if (method === 'PATCH') return update(req, object, id);
        throw new SalesforceError(
          'METHOD_NOT_ALLOWED',
          `HTTP Method '${method}' not allowed. Allowed are GET,HEAD,PATCH`,
          405,
        );
      }
    }
    throw notFound();
  };

  const handle = (req: EmulatorRequest, faults: OrgFaults): EmulatorResponse => {
    if (faults.expireTokens && !expireSeen) revokeAll();
    expireSeen = faults.expireTokens === true;

    const path = req.url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/services/oauth2/token') return grantToken(req);
    if (path === '/services/data') {
      const versions = Array.from(new Set(['58.0', '59.0', '60.0', '61.0', '62.0', defaultVersion])).sort(
        (a, b) => Number(a) - Number(b),
      );
      return {
        status: 200,
        operation: 'versions',
        body: versions.map((v) => ({ label: `v${v}`, url: `/services/data/v${v}`, version: v })),
      };
    }

    const idMatch = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})$/.exec(path);
    const dataMatch = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(path);
    if (!idMatch && !dataMatch) return restError(notFound(), 'not found');
    if (!authenticated(req)) return restError(SESSION_EXPIRED, 'invalid session');

    if (idMatch) {
      return {
        status: 200,
        operation: 'identity',
        body: {
          id: `${baseUrl}/id/${orgId}/${userId}`,
          organization_id: orgId,
          user_id: userId,
          username: options.username,
          active: true,
        },
      };
    }

    const version = (dataMatch as RegExpExecArray)[1] as string;
    const segments = ((dataMatch as RegExpExecArray)[2] ?? '').split('/').filter(Boolean);
    if (faults.queriesUnauthorized && (segments[0] === 'query' || segments[0] === 'queryAll'))
      return restError(SESSION_EXPIRED, 'query unauthorized');
    if (faults.apiRequestsRemaining !== undefined) {
      if (faults.apiRequestsRemaining <= 0) {
        return restError(
          new SalesforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 403),
          'limit exceeded',
          limitInfo(faults),
        );
      }
      // The base server hands the live fault object to the handler, so this is what later requests see.
      faults.apiRequestsRemaining -= 1;
    }
    apiUsed += 1;
    const headers = limitInfo(faults);
    try {
      const out = rest(req, version, segments);
      if (segments[0] === 'limits' && out.status === 200) {
        const max =
          faults.apiRequestsRemaining === undefined ? DAILY_API_MAX : apiUsed + faults.apiRequestsRemaining;
        out.body = { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - apiUsed) } };
      }
      return { ...out, headers: { ...headers, ...out.headers } };
    } catch (e) {
      if (e instanceof SalesforceError) {
        const label =
          segments[0] === 'query' || segments[0] === 'queryAll' ? 'query' : (segments[0] ?? 'rest');
        return restError(e, label, headers);
      }
      throw e;
    }
  };

  const base = await startEmulatorServer<OrgFaults>({
    port: options.port,
    initialFaults: options.initialFaults,
    handle,
  });
  baseUrl = base.url;
  const emulator = base as OrgEmulator;
  emulator.data = data;
  const setFaults = base.setFaults;
  emulator.setFaults = (patch) => {
    // Setting the flag again (even if already on) expires the tokens issued since the last time.
    if (patch.expireTokens) {
      revokeAll();
      expireSeen = true;
    }
    setFaults(patch);
  };
  return emulator;
}

/** Validates and converts one value of a PATCH body for the field's type. */
function coerceForUpdate(field: FieldDef, value: unknown): string | number | boolean | null {
  const wrongType = (expected: string): SalesforceError =>
    new SalesforceError(
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${expected} from ${JSON.stringify(value)} value for field ${field.name}`,
    );
  if (value === null) {
    if (field.type === 'boolean') throw wrongType('boolean');
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType('boolean');
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType('int');
      return value;
    case 'datetime': {
      if (typeof value !== 'string' || Number.isNaN(parseSfDateTime(value))) throw wrongType('datetime');
      return sfDateTime(new Date(parseSfDateTime(value)));
    }
    case 'id':
    case 'reference':
      if (typeof value !== 'string' || !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(value)) {
        throw new SalesforceError(
          'MALFORMED_ID',
          `${field.name}: id value of incorrect type: ${String(value)}`,
          400,
          [field.name],
        );
      }
      return toId18(value);
    default:
      if (typeof value !== 'string') throw wrongType('string');
      if (field.picklistValues && !field.picklistValues.includes(value)) {
        throw new SalesforceError(
          'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
          `${field.name}: bad value for restricted picklist field: ${value}`,
          400,
          [field.name],
        );
      }
      return value;
  }
}
