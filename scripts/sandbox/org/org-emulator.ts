/**
 * The local Salesforce org: a loopback HTTP server speaking enough of the REST API and the OAuth 2.0
 * JWT bearer flow that jsforce runs against it unmodified. Its URL is both the login URL and the
 * instance URL. It is strict on purpose: bad queries, unknown fields, expired sessions and exhausted
 * API limits come back in Salesforce's exact error shapes, so the Lambda's error handling is exercised
 * for real.
 *
 * Routes: POST /services/oauth2/token; GET /id/<org>/<user>; GET /services/data/;
 * under /services/data/vNN.N: GET /, /limits, /query?q=, /query/<locator>, /sobjects,
 * /sobjects/<Type>, /sobjects/<Type>/describe, GET and PATCH /sobjects/<Type>/<Id>.
 *
 * One file per concern: OAuth (`oauth.ts`), the REST API past authentication (`rest-api.ts`: limits,
 * the route table in `router.ts`, query cursors, records, describe), the SOQL evaluator (`soql/`);
 * this file puts OAuth in front of the REST API and applies the faults.
 */
import {
  startEmulatorServer,
  type BaseFaults,
  type EmulatorRequest,
  type EmulatorResponse,
  type EmulatorServer,
} from '../emulator-server';
import { toId18 } from '../ids';
import { SANDBOX_INTEGRATION_USER_ID, SANDBOX_ORG_ID, type OrgData } from '../sample-data';
import type { LimitFaults } from './limits';
import { OAuthTokens } from './oauth';
import { notFound, restError, SESSION_EXPIRED } from './responses';
import { OrgRestApi } from './rest-api';
import { buildSchema } from './schema';

/** Faults the org emulator understands on top of latency/down/hang. */
export interface OrgFaults extends BaseFaults, LimitFaults {
  /** Every access token issued so far is treated as expired (401 INVALID_SESSION_ID) until a new grant. */
  expireTokens?: boolean;
  /** Remaining daily API requests (see limits.ts); at 0 REST calls get 403 REQUEST_LIMIT_EXCEEDED. */
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

const API_VERSIONS = ['58.0', '59.0', '60.0', '61.0', '62.0'];

/** GET /services/data: the versions the org serves. */
function versions(defaultVersion: string): EmulatorResponse {
  const all = Array.from(new Set([...API_VERSIONS, defaultVersion])).sort((a, b) => Number(a) - Number(b));
  return {
    status: 200,
    operation: 'versions',
    body: all.map((v) => ({ label: `v${v}`, url: `/services/data/v${v}`, version: v })),
  };
}

/** Starts the org emulator on 127.0.0.1. */
export async function startOrgEmulator(options: OrgEmulatorOptions): Promise<OrgEmulator> {
  const schema = buildSchema({
    omitCustomFields: options.omitCustomFields,
    hiddenObjects: options.hiddenObjects,
  });
  const now = options.now ?? (() => new Date());
  const defaultVersion = options.apiVersion ?? '62.0';
  const oauth = new OAuthTokens({
    publicKeyPem: options.publicKeyPem,
    consumerKey: options.consumerKey,
    username: options.username,
    orgId: toId18(options.orgId ?? SANDBOX_ORG_ID),
    userId: toId18(options.userId ?? SANDBOX_INTEGRATION_USER_ID),
    tokenTtlMs: (options.tokenTtlSeconds ?? 7200) * 1000,
  });
  const api = new OrgRestApi({ data: options.data, schema, now });
  let expireSeen = false;
  let baseUrl = '';

  const handle = (req: EmulatorRequest, faults: OrgFaults): EmulatorResponse => {
    // Fault: expireTokens revokes the tokens issued before it was set (see setFaults below).
    if (faults.expireTokens && !expireSeen) oauth.revokeAll();
    expireSeen = faults.expireTokens === true;

    const path = req.url.pathname.replace(/\/+$/, '') || '/';
    if (path === '/services/oauth2/token') return oauth.grant(req, baseUrl);
    if (path === '/services/data') return versions(defaultVersion);
    const idMatch = /^\/id\/([A-Za-z0-9]{15,18})\/([A-Za-z0-9]{15,18})$/.exec(path);
    const dataMatch = /^\/services\/data\/v(\d+\.\d)(?:\/(.*))?$/.exec(path);
    if (!idMatch && !dataMatch) return restError(notFound(), 'not found');
    if (!oauth.authenticated(req)) return restError(SESSION_EXPIRED, 'invalid session');
    if (!dataMatch) return oauth.identity(baseUrl);
    const segments = (dataMatch[2] ?? '').split('/').filter(Boolean);
    // Fault: queriesUnauthorized answers every query 401 however fresh the token.
    if (faults.queriesUnauthorized && segments[0] === 'query')
      return restError(SESSION_EXPIRED, 'query unauthorized');
    return api.handle(req, dataMatch[1] as string, segments, faults);
  };

  const base = await startEmulatorServer<OrgFaults>({
    port: options.port,
    initialFaults: options.initialFaults,
    handle,
  });
  baseUrl = base.url;
  const emulator = base as OrgEmulator;
  emulator.data = options.data;
  const setFaults = base.setFaults;
  emulator.setFaults = (patch) => {
    // Setting the flag again (even if already on) expires the tokens issued since the last time.
    if (patch.expireTokens) {
      oauth.revokeAll();
      expireSeen = true;
    }
    setFaults(patch);
  };
  return emulator;
}
