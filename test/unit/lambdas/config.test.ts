import { defaultJwtAudience, loadConfig } from '../../../lambdas/src/shared/config';
import { ConfigError } from '../../../lambdas/src/shared/errors';

const PEM = '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----';
const base = {
  SF_LOGIN_URL: 'https://login.salesforce.com/',
  SF_CLIENT_ID: 'client',
  SF_USERNAME: 'integration@example.com',
  SF_PRIVATE_KEY: PEM,
};

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    // Act
    const c = loadConfig(base);

    // Assess
    expect(c).toMatchObject({
      routingLookbackDays: 7,
      deadlineMs: 3000,
      defaultCountry: 'US',
      scvUsernameTemplate: '{userId15}@{orgId15}',
      availableStatusNames: ['Available'],
      routingMapTtlMs: 300_000,
    });
    expect(c.salesforce.loginUrl).toBe('https://login.salesforce.com');
    expect(c.salesforce.audience).toBe('https://login.salesforce.com');
    expect(c.salesforce.apiVersion).toBe('62.0');
  });

  it('accepts a PEM with escaped newlines, as consoles store env values', () => {
    const c = loadConfig({ ...base, SF_PRIVATE_KEY: PEM.replace(/\n/g, '\\n') });
    expect(c.salesforce.privateKeyPem).toBe(PEM);
  });

  it('lists every problem at once', () => {
    // Act
    let error: unknown;
    try {
      loadConfig({
        SF_LOGIN_URL: 'http://login.salesforce.com',
        LOOKBACK_DAYS: '0',
        LOOKUP_DEADLINE_MS: '9000',
        DEFAULT_COUNTRY: 'XX',
        SCV_USERNAME_TEMPLATE: '{alias}',
      });
    } catch (e) {
      error = e;
    }

    // Assess
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    for (const name of [
      'SF_LOGIN_URL must be an https URL',
      'SF_CLIENT_ID',
      'SF_USERNAME',
      'SF_PRIVATE_KEY_SECRET_ID',
      'LOOKBACK_DAYS',
      'LOOKUP_DEADLINE_MS',
      'DEFAULT_COUNTRY',
      'SCV_USERNAME_TEMPLATE',
    ])
      expect(problems).toContain(name);
  });

  it('allows plain http only on loopback (the local sandbox)', () => {
    expect(loadConfig({ ...base, SF_LOGIN_URL: 'http://127.0.0.1:4100' }).salesforce.loginUrl).toBe(
      'http://127.0.0.1:4100',
    );
  });

  it('takes the key from Secrets Manager when no PEM is given', () => {
    const { SF_PRIVATE_KEY: _omit, ...rest } = base;
    const c = loadConfig({ ...rest, SF_PRIVATE_KEY_SECRET_ID: 'scv/last-agent/key' });
    expect(c.salesforce.privateKeySecretId).toBe('scv/last-agent/key');
    expect(c.salesforce.privateKeyPem).toBeUndefined();
  });
});

describe('defaultJwtAudience', () => {
  it.each([
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://speed-ruby-1234.scratch.my.salesforce.com', 'https://test.salesforce.com'],
    ['http://127.0.0.1:4100', 'http://127.0.0.1:4100'],
  ])('%s → %s (Salesforce accepts only its login hosts as aud)', (loginUrl, audience) => {
    expect(defaultJwtAudience(loginUrl)).toBe(audience);
    expect(loadConfig({ ...base, SF_LOGIN_URL: loginUrl }).salesforce.audience).toBe(audience);
  });

  it('lets SF_JWT_AUDIENCE override (Experience Cloud sites)', () => {
    const c = loadConfig({ ...base, SF_JWT_AUDIENCE: 'https://acme.my.site.com/customers' });
    expect(c.salesforce.audience).toBe('https://acme.my.site.com/customers');
  });
});

/** The problems loadConfig reports for an environment, [] when it is valid. */
function problemsOf(env: Record<string, string>): string[] {
  try {
    loadConfig({ ...base, ...env });
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.problems;
    throw e;
  }
}

describe('loadConfig, rule by rule', () => {
  it.each([
    ['LOOKBACK_DAYS', '1', 90, '0', '91'],
    ['LOOKUP_DEADLINE_MS', '100', 7500, '99', '7501'],
    ['ROUTING_MAP_TTL_SECONDS', '0', 86_400, '-1', '86401'],
  ])('accepts %s at both ends of its range and refuses one past them', (name, low, high, below, above) => {
    expect(problemsOf({ [name]: low })).toEqual([]);
    expect(problemsOf({ [name]: String(high) })).toEqual([]);
    expect(problemsOf({ [name]: below })).toEqual([expect.stringContaining(name)]);
    expect(problemsOf({ [name]: above })).toEqual([expect.stringContaining(name)]);
    expect(problemsOf({ [name]: '1.5' })).toEqual([expect.stringContaining(name)]);
  });

  it('turns the cache TTLs from seconds into milliseconds', () => {
    const c = loadConfig({
      ...base,
      ROUTING_MAP_TTL_SECONDS: '2',
      QUEUE_CACHE_TTL_SECONDS: '3',
      AGENT_CACHE_TTL_SECONDS: '4',
    });
    expect([c.routingMapTtlMs, c.queueCacheTtlMs, c.agentCacheTtlMs]).toEqual([2000, 3000, 4000]);
    expect(loadConfig(base)).toMatchObject({ queueCacheTtlMs: 900_000, agentCacheTtlMs: 300_000 });
  });

  it('reads trimmed values and treats blank ones as unset', () => {
    const c = loadConfig({
      ...base,
      SF_CLIENT_ID: '  client  ',
      SF_API_VERSION: '   ',
      AVAILABLE_STATUS_NAMES: ' Available , Ready ,, ',
    });
    expect(c.salesforce.clientId).toBe('client');
    expect(c.salesforce.apiVersion).toBe('62.0');
    expect(c.availableStatusNames).toEqual(['Available', 'Ready']);
  });

  it('keeps the instance URL without trailing slashes and allows http only on loopback hosts', () => {
    expect(
      loadConfig({ ...base, SF_INSTANCE_URL: 'https://org.my.salesforce.com//' }).salesforce.instanceUrl,
    ).toBe('https://org.my.salesforce.com');
    expect(problemsOf({ SF_INSTANCE_URL: 'http://localhost:8080' })).toEqual([]);
    expect(problemsOf({ SF_INSTANCE_URL: 'http://evil-localhost.example' })).toHaveLength(1);
    expect(problemsOf({ SF_INSTANCE_URL: 'http://127.0.0.1.example' })).toHaveLength(1);
  });

  it.each([
    ['SF_API_VERSION', '62'],
    ['SF_API_VERSION', 'v62.0'],
    ['SF_API_VERSION', '62.0.1'],
    ['SF_PRIVATE_KEY', 'not a key'],
    ['CONNECT_INSTANCE_ID', 'bad id!'],
    ['CALL_CENTER_ID', '04v-not-an-id'],
    ['SCV_USERNAME_TEMPLATE', '{orgId15}'],
  ])('refuses %s=%s, naming the variable', (name, value) => {
    expect(problemsOf({ [name]: value })).toEqual([expect.stringContaining(name)]);
  });

  it('accepts valid optional ids', () => {
    const c = loadConfig({ ...base, CONNECT_INSTANCE_ID: 'a1b2-c3', CALL_CENTER_ID: '04vSB0000000001' });
    expect([c.connectInstanceId, c.callCenterId]).toEqual(['a1b2-c3', '04vSB0000000001']);
  });

  it('names the missing required variables', () => {
    expect(problemsOf({ SF_CLIENT_ID: '', SF_USERNAME: '' })).toEqual([
      expect.stringContaining('SF_CLIENT_ID'),
      expect.stringContaining('SF_USERNAME'),
    ]);
    const error = (() => {
      try {
        loadConfig({ ...base, SF_CLIENT_ID: '' });
      } catch (e) {
        return e as Error;
      }
      return undefined;
    })();
    expect(error?.name).toBe('ConfigError');
    expect(error?.message).toMatch(/^invalid configuration: SF_CLIENT_ID is required/);
  });
});

describe('defaultJwtAudience, host by host', () => {
  it.each([
    ['https://test.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.sandbox.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme-dev-ed.scratch.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://acme--uat.my.salesforce.com', 'https://test.salesforce.com'],
    ['https://login.salesforce.com', 'https://login.salesforce.com'],
    ['https://acme.my.salesforce.com', 'https://login.salesforce.com'],
    ['https://mysandbox.example.com', 'https://mysandbox.example.com'],
    ['http://127.0.0.1:4000', 'http://127.0.0.1:4000'],
  ])('%s → %s', (login, audience) => {
    expect(defaultJwtAudience(login)).toBe(audience);
  });
});

describe('loadConfig: which URLs may be plain http', () => {
  it.each(['http://127.0.0.1:8443', 'http://localhost:8443/', 'http://[::1]:8443'])(
    'accepts %s (this machine)',
    (url) => {
      expect(problemsOf({ SF_LOGIN_URL: url })).toEqual([]);
    },
  );

  it.each(['http://login.salesforce.com', 'http://evillocalhost', 'http://localhost.evil.example'])(
    'refuses %s',
    (url) => {
      expect(problemsOf({ SF_LOGIN_URL: url })).toEqual([`SF_LOGIN_URL must be an https URL (got ${url})`]);
    },
  );
});

describe('defaultJwtAudience: the audience is the login host, never the URL as typed', () => {
  it.each([
    ['https://test.salesforce.com/', 'https://test.salesforce.com'],
    ['https://login.salesforce.com/', 'https://login.salesforce.com'],
    ['https://acme.scratch.my.salesforce.com/', 'https://test.salesforce.com'],
  ])('%s → %s', (loginUrl, audience) => {
    expect(defaultJwtAudience(loginUrl)).toBe(audience);
  });
});
