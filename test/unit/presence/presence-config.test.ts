import { loadAgentEventsConfig, loadConfig } from '../../../lambdas/src/shared/config';
import { ConfigError } from '../../../lambdas/src/shared/errors';

const lookupEnv = {
  SF_LOGIN_URL: 'https://login.salesforce.com',
  SF_CLIENT_ID: 'key',
  SF_USERNAME: 'integration@example.com',
  SF_PRIVATE_KEY: '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----',
};

describe('presence configuration', () => {
  it('find-last-agent reads the table and a max age just above the 120 s heartbeat by default', () => {
    // Act
    const off = loadConfig(lookupEnv);
    const on = loadConfig({ ...lookupEnv, PRESENCE_TABLE: 'presence', PRESENCE_MAX_AGE_SECONDS: '300' });

    // Assess
    expect(off.presenceTable).toBeUndefined();
    expect(off.presenceMaxAgeMs).toBe(150_000);
    expect(on).toMatchObject({ presenceTable: 'presence', presenceMaxAgeMs: 300_000 });
  });

  it.each([
    [{ PRESENCE_TABLE: 'no spaces allowed' }, /PRESENCE_TABLE/],
    [{ PRESENCE_MAX_AGE_SECONDS: '5' }, /PRESENCE_MAX_AGE_SECONDS/],
  ])('find-last-agent names a bad presence setting (%j)', (env, problem) => {
    // Act / Assess
    expect(() => loadConfig({ ...lookupEnv, ...env })).toThrow(problem);
  });

  it('agent-events needs the table and bounds the TTL', () => {
    // Act
    const config = loadAgentEventsConfig({
      PRESENCE_TABLE: 'presence',
      AVAILABLE_STATUS_NAMES: 'Available, Ready',
    });

    // Assess
    expect(config).toEqual({
      presenceTable: 'presence',
      availableStatusNames: ['Available', 'Ready'],
      presenceTtlSeconds: 86_400,
    });
    expect(() => loadAgentEventsConfig({})).toThrow(ConfigError);
    expect(() => loadAgentEventsConfig({ PRESENCE_TABLE: 'presence', PRESENCE_TTL_SECONDS: '60' })).toThrow(
      /PRESENCE_TTL_SECONDS/,
    );
  });
});

describe('agent-events configuration, rule by rule', () => {
  const problems = (env: Record<string, string>): string[] => {
    try {
      loadAgentEventsConfig({ PRESENCE_TABLE: 'presence', ...env });
      return [];
    } catch (e) {
      if (e instanceof ConfigError) return e.problems;
      throw e;
    }
  };

  it('keeps items a day by default, and takes a TTL from an hour to 30 days', () => {
    expect(
      loadAgentEventsConfig({ PRESENCE_TABLE: 'presence', PRESENCE_TTL_SECONDS: ' ' }).presenceTtlSeconds,
    ).toBe(86_400);
    expect(
      loadAgentEventsConfig({ PRESENCE_TABLE: 'presence', PRESENCE_TTL_SECONDS: ' 7200 ' })
        .presenceTtlSeconds,
    ).toBe(7200);
    expect(problems({ PRESENCE_TTL_SECONDS: '3600' })).toEqual([]);
    expect(problems({ PRESENCE_TTL_SECONDS: '2592000' })).toEqual([]);
    for (const bad of ['3599', '2592001', '7200.5', 'day'])
      expect(problems({ PRESENCE_TTL_SECONDS: bad })).toEqual([
        `PRESENCE_TTL_SECONDS must be an integer from 3600 to 2592000 (got ${bad})`,
      ]);
  });

  it('trims the table name and the status names, and defaults the status names to Available', () => {
    // Act
    const given = loadAgentEventsConfig({
      PRESENCE_TABLE: ' presence ',
      AVAILABLE_STATUS_NAMES: ' Available , Ready ,',
    });
    const defaulted = loadAgentEventsConfig({ PRESENCE_TABLE: 'presence', AVAILABLE_STATUS_NAMES: '  ' });

    // Assess
    expect(given).toMatchObject({ presenceTable: 'presence', availableStatusNames: ['Available', 'Ready'] });
    expect(defaulted.availableStatusNames).toEqual(['Available']);
  });

  it('refuses a missing or malformed table name, saying which', () => {
    expect(problems({ PRESENCE_TABLE: '  ' })).toEqual([
      'PRESENCE_TABLE is required (the presence DynamoDB table)',
    ]);
    expect(problems({ PRESENCE_TABLE: 'ab' })).toEqual([
      'PRESENCE_TABLE is not a DynamoDB table name (got ab)',
    ]);
  });
});
