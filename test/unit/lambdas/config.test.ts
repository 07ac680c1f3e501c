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
      lookbackDays: 7,
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
