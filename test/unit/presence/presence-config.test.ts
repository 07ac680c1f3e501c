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
