/**
 * The `find-last-agent` Lambda's configuration: read once at cold start, validated, and reported
 * as one `ConfigError` listing every problem so an admin fixes them all in one deploy.
 */
import type { CountryCode } from 'libphonenumber-js/min';
import { getCountries } from 'libphonenumber-js/min';
import { ConfigError } from './errors';

export interface SalesforceConfig {
  /** Where the JWT bearer grant goes: https://login.salesforce.com, test.salesforce.com or My Domain. */
  loginUrl: string;
  /** Overrides the token response's instance_url (rarely needed). */
  instanceUrl?: string;
  /** The JWT `aud`; Salesforce expects the login host, not My Domain (see `defaultJwtAudience`). */
  audience: string;
  clientId: string;
  username: string;
  apiVersion: string;
  /** PEM private key given inline... */
  privateKeyPem?: string;
  /** ...or the Secrets Manager secret holding it (preferred in production). */
  privateKeySecretId?: string;
}

export interface LookupConfig {
  salesforce: SalesforceConfig;
  /** Connect instance id; when empty, taken from the event's InstanceARN. */
  connectInstanceId?: string;
  /** The Lambda's region (`AWS_REGION`, set by Lambda): its Connect client serves only this one. */
  awsRegion?: string;
  /** How far back a call counts for routing (`LOOKBACK_DAYS`); the card's window is Apex's `historyDays`. */
  routingLookbackDays: number;
  deadlineMs: number;
  defaultCountry: CountryCode;
  /** Connect username of a Salesforce user under SCV's convention; `{userId15}`, `{orgId15}`, `{userId18}`, `{orgId18}`. */
  scvUsernameTemplate: string;
  /** Agent status names that mean "routable". */
  availableStatusNames: string[];
  /** Restricts CallCenterRoutingMap rows to one call center (orgs with several). */
  callCenterId?: string;
  routingMapTtlMs: number;
  queueCacheTtlMs: number;
  agentCacheTtlMs: number;
  /** DynamoDB table the agent-events Lambda keeps; unset = live state from GetCurrentUserData. */
  presenceTable?: string;
  /** A presence item older than this (no event, not even a heartbeat) is not trusted. */
  presenceMaxAgeMs: number;
}

type Env = Record<string, string | undefined>;

/**
 * The JWT bearer grant's `aud` for a login URL. Salesforce accepts only its authorization server's
 * host there (https://login.salesforce.com, or https://test.salesforce.com for sandboxes), even when
 * the token request itself goes to a My Domain; any other host (a community, the local sandbox) is
 * its own audience.
 */
export function defaultJwtAudience(loginUrl: string): string {
  let host: string;
  try {
    host = new URL(loginUrl).hostname.toLowerCase();
  } catch {
    return loginUrl;
  }
  const sandboxHost =
    host === 'test.salesforce.com' ||
    host.endsWith('.sandbox.my.salesforce.com') ||
    host.endsWith('.scratch.my.salesforce.com') ||
    // Sandboxes without enhanced domains: mydomain--sandboxname.my.salesforce.com
    (host.endsWith('.my.salesforce.com') && (host.split('.')[0] ?? '').includes('--'));
  if (sandboxHost) return 'https://test.salesforce.com';
  if (host === 'login.salesforce.com' || host.endsWith('.my.salesforce.com'))
    return 'https://login.salesforce.com';
  return loginUrl;
}

const SF_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;
const CONNECT_ID = /^[a-zA-Z0-9-]{1,100}$/;

/** The PEM header of a PKCS#8 or PKCS#1 private key, whether given inline or read from a secret. */
const PEM_PRIVATE_KEY = /-----BEGIN (RSA )?PRIVATE KEY-----/;

/** True when `text` holds a PEM private key (the one check for both places a key comes from). */
export function isPemPrivateKey(text: string): boolean {
  return PEM_PRIVATE_KEY.test(text);
}

/** Parses and validates the environment. Throws `ConfigError` naming every variable to fix. */
export function loadConfig(env: Env = process.env): LookupConfig {
  const problems: string[] = [];
  const text = (name: string): string | undefined => {
    const v = env[name]?.trim();
    return v ? v : undefined;
  };
  const required = (name: string, hint: string): string => {
    const v = text(name);
    if (!v) problems.push(`${name} is required (${hint})`);
    return v ?? '';
  };
  const url = (name: string, value: string | undefined): string | undefined => {
    if (value === undefined) return undefined;
    try {
      const u = new URL(value);
      if (
        u.protocol !== 'https:' &&
        !(u.protocol === 'http:' && /^(127\.0\.0\.1|localhost|\[::1\])$/.test(u.hostname))
      )
        problems.push(`${name} must be an https URL (got ${value})`);
      return value.replace(/\/+$/, '');
    } catch {
      problems.push(`${name} is not a URL (got ${value})`);
      return undefined;
    }
  };
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const v = text(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got ${v})`);
      return fallback;
    }
    return n;
  };

  const loginUrl =
    url('SF_LOGIN_URL', text('SF_LOGIN_URL')) ??
    required('SF_LOGIN_URL', 'e.g. https://login.salesforce.com');
  const instanceUrl = url('SF_INSTANCE_URL', text('SF_INSTANCE_URL'));
  const audience = text('SF_JWT_AUDIENCE') ?? defaultJwtAudience(loginUrl);
  const clientId = required('SF_CLIENT_ID', 'the connected app consumer key');
  const username = required('SF_USERNAME', 'the integration user the JWT is issued for');
  const apiVersion = text('SF_API_VERSION') ?? '62.0';
  if (!/^\d{2,3}\.0$/.test(apiVersion))
    problems.push(`SF_API_VERSION must look like 62.0 (got ${apiVersion})`);

  const privateKeyPem = text('SF_PRIVATE_KEY')?.replace(/\\n/g, '\n');
  const privateKeySecretId = text('SF_PRIVATE_KEY_SECRET_ID');
  if (!privateKeyPem && !privateKeySecretId)
    problems.push(
      'set SF_PRIVATE_KEY (PEM) or SF_PRIVATE_KEY_SECRET_ID (Secrets Manager secret with the PEM)',
    );
  if (privateKeyPem && !isPemPrivateKey(privateKeyPem))
    problems.push('SF_PRIVATE_KEY must be a PEM private key (-----BEGIN PRIVATE KEY-----)');

  const connectInstanceId = text('CONNECT_INSTANCE_ID');
  if (connectInstanceId && !CONNECT_ID.test(connectInstanceId))
    problems.push(`CONNECT_INSTANCE_ID is not a Connect instance id (got ${connectInstanceId})`);

  const country = (text('DEFAULT_COUNTRY') ?? 'US').toUpperCase();
  if (!(getCountries() as string[]).includes(country))
    problems.push(
      `DEFAULT_COUNTRY must be an ISO 3166 alpha-2 code known to libphonenumber (got ${country})`,
    );

  const scvUsernameTemplate = text('SCV_USERNAME_TEMPLATE') ?? '{userId15}@{orgId15}';
  if (!/\{userId(15|18)\}/.test(scvUsernameTemplate))
    problems.push('SCV_USERNAME_TEMPLATE must contain {userId15} or {userId18}');

  const callCenterId = text('CALL_CENTER_ID');
  if (callCenterId && !SF_ID.test(callCenterId))
    problems.push(`CALL_CENTER_ID is not a Salesforce id (got ${callCenterId})`);

  const config: LookupConfig = {
    salesforce: {
      loginUrl,
      instanceUrl,
      audience,
      clientId,
      username,
      apiVersion,
      privateKeyPem,
      privateKeySecretId,
    },
    connectInstanceId,
    awsRegion: text('AWS_REGION'),
    routingLookbackDays: int('LOOKBACK_DAYS', 7, 1, 90),
    // Connect gives a Lambda at most 8 s; leave room for the flow to act on the fallback.
    deadlineMs: int('LOOKUP_DEADLINE_MS', 3000, 100, 7500),
    defaultCountry: country as CountryCode,
    scvUsernameTemplate,
    availableStatusNames: (text('AVAILABLE_STATUS_NAMES') ?? 'Available')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    callCenterId,
    routingMapTtlMs: int('ROUTING_MAP_TTL_SECONDS', 300, 0, 86_400) * 1000,
    queueCacheTtlMs: int('QUEUE_CACHE_TTL_SECONDS', 900, 0, 86_400) * 1000,
    agentCacheTtlMs: int('AGENT_CACHE_TTL_SECONDS', 300, 0, 86_400) * 1000,
    presenceTable: presenceTableName(text('PRESENCE_TABLE'), problems),
    presenceMaxAgeMs: int('PRESENCE_MAX_AGE_SECONDS', DEFAULT_PRESENCE_MAX_AGE_SECONDS, 10, 3600) * 1000,
  };
  if (problems.length > 0) throw new ConfigError(problems);
  return config;
}

/**
 * Connect sends a HEART_BEAT every 120 s when nothing else happens: an item younger than this has
 * seen every event of the agent, allowing for a heartbeat that is a little late.
 */
export const DEFAULT_PRESENCE_MAX_AGE_SECONDS = 150;

const TABLE_NAME = /^[a-zA-Z0-9_.-]{3,255}$/;

function presenceTableName(value: string | undefined, problems: string[]): string | undefined {
  if (value !== undefined && !TABLE_NAME.test(value))
    problems.push(`PRESENCE_TABLE is not a DynamoDB table name (got ${value})`);
  return value;
}

/** The `agent-events` Lambda's configuration. */
export interface AgentEventsConfig {
  presenceTable: string;
  /** Agent status names that mean "routable" when a record carries no status type. */
  availableStatusNames: string[];
  /** How long an agent's item lives after their last event (DynamoDB TTL). */
  presenceTtlSeconds: number;
}

/** Parses and validates the agent-events environment. Throws `ConfigError` naming every variable. */
export function loadAgentEventsConfig(env: Env = process.env): AgentEventsConfig {
  const problems: string[] = [];
  const table = env.PRESENCE_TABLE?.trim() || undefined;
  if (!table) problems.push('PRESENCE_TABLE is required (the presence DynamoDB table)');
  else presenceTableName(table, problems);
  const ttlText = env.PRESENCE_TTL_SECONDS?.trim();
  const ttl = ttlText === undefined || ttlText === '' ? 86_400 : Number(ttlText);
  if (!Number.isInteger(ttl) || ttl < 3600 || ttl > 30 * 86_400)
    problems.push(`PRESENCE_TTL_SECONDS must be an integer from 3600 to 2592000 (got ${ttlText})`);
  if (problems.length > 0) throw new ConfigError(problems);
  return {
    presenceTable: table as string,
    availableStatusNames: (env.AVAILABLE_STATUS_NAMES?.trim() || 'Available')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
    presenceTtlSeconds: ttl,
  };
}
