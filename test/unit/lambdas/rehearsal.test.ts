/**
 * The provisioned container's rehearsal (wiring/rehearsal.ts): which containers rehearse, that the
 * canned wire carries a lookup all the way to an available agent through the real adapters (with
 * and without the presence table), and that it never reaches for the network or a secret.
 */
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { mockClient } from 'aws-sdk-client-mock';
import { resetPrivateKeyCache } from '../../../lambdas/src/salesforce/private-key';
import { loadConfig, type LookupConfig } from '../../../lambdas/src/shared/config';
import { rehearse } from '../../../lambdas/src/wiring/find-last-agent-prewarm';
import {
  REHEARSAL_ROUNDS,
  rehearsalEvents,
  rehearsalRoundsFor,
  rehearsalWire,
  type RehearsalWire,
} from '../../../lambdas/src/wiring/rehearsal';
import { privateKey } from '../../fixtures/scripted-org';

/** A deployment's configuration; nothing in it is reachable from this test. */
function config(env: Record<string, string> = {}): LookupConfig {
  return loadConfig({
    SF_LOGIN_URL: 'https://login.salesforce.com',
    SF_CLIENT_ID: 'client',
    SF_USERNAME: 'integration@example.com',
    SF_PRIVATE_KEY: privateKey,
    CONNECT_INSTANCE_ID: '11111111-2222-4333-8444-555555555555',
    AWS_REGION: 'eu-west-2',
    ...env,
  });
}

const aws = (path: string, target?: string) =>
  (
    rehearsalWire(config()).aws.requestHandler as {
      handle: (
        r: unknown,
      ) => Promise<{ response: { statusCode: number; headers: Record<string, string>; body: Uint8Array } }>;
    }
  ).handle({
    path,
    headers: target ? { 'x-amz-target': target } : {},
  });

interface CannedRequest {
  path: string;
  headers: Record<string, string>;
}

/** The rehearsal's wire for `cfg` with the AWS requests that `broken` picks failing. */
function failing(cfg: LookupConfig, broken: (r: CannedRequest) => boolean): RehearsalWire {
  const wire = rehearsalWire(cfg);
  const canned = wire.aws.requestHandler as unknown as { handle: (r: CannedRequest) => Promise<unknown> };
  const requestHandler = {
    ...canned,
    handle: (r: CannedRequest) =>
      broken(r) ? Promise.reject(new Error('not answering')) : canned.handle.call(canned, r),
  } as unknown as RehearsalWire['aws']['requestHandler'];
  return { ...wire, aws: { ...wire.aws, requestHandler } };
}

describe('rehearsalRoundsFor', () => {
  it('rehearses only in a provisioned-concurrency container, whose init is off the call path', () => {
    expect(rehearsalRoundsFor({ AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency' })).toBe(
      REHEARSAL_ROUNDS,
    );
    expect(REHEARSAL_ROUNDS).toBeGreaterThan(0);
    expect(rehearsalRoundsFor({ AWS_LAMBDA_INITIALIZATION_TYPE: 'on-demand' })).toBe(0);
    expect(rehearsalRoundsFor({ AWS_LAMBDA_INITIALIZATION_TYPE: 'snap-start' })).toBe(0);
    expect(rehearsalRoundsFor({})).toBe(0);
  });
});

describe('rehearse', () => {
  const secrets = mockClient(SecretsManagerClient);
  beforeEach(() => {
    secrets.reset();
    resetPrivateKeyCache();
  });

  it.each([
    ['with the presence table', { PRESENCE_TABLE: 'presence' }, 'presence'],
    ['with live state from Connect', {}, 'connect'],
  ])('walks both callers to an available agent %s, taking no fallback', async (_name, env, source) => {
    // Act
    const summary = await rehearse(config(env), 4);

    // Assess
    expect(summary).toEqual(
      expect.objectContaining({
        rounds: 4,
        outcome: 'AGENT_AVAILABLE',
        degraded: 0,
        mappedBy: ['routing-map', 'scv-username'],
        sources: [source],
      }),
    );
  });

  it("rehearses to an available agent in the center's own status name", async () => {
    const summary = await rehearse(config({ AVAILABLE_STATUS_NAMES: 'Ready' }), 2);
    expect(summary).toEqual(expect.objectContaining({ outcome: 'AGENT_AVAILABLE', degraded: 0 }));
  });

  it('counts the rounds that fell back, as when a canned answer no longer fits its adapter', async () => {
    // Prepare: the presence table's answer lost (Connect's live state is still canned)
    const cfg = config({ PRESENCE_TABLE: 'presence' });
    const broken = failing(cfg, (r) => r.headers['x-amz-target'] === 'DynamoDB_20120810.GetItem');

    // Act
    const summary = await rehearse(cfg, 4, performance.now() + 5000, broken);

    // Assess: still answered (from Connect), but every round fell back
    expect(summary).toEqual(
      expect.objectContaining({ rounds: 4, outcome: 'AGENT_AVAILABLE', degraded: 4, sources: ['connect'] }),
    );
  });

  it("counts a round whose agent's queue stayed unknown as fallen back", async () => {
    const cfg = config({ PRESENCE_TABLE: 'presence' });
    const broken = failing(cfg, (r) => r.path.startsWith('/queues-summary/'));
    const summary = await rehearse(cfg, 2, performance.now() + 5000, broken);
    expect(summary).toEqual(expect.objectContaining({ outcome: 'AGENT_AVAILABLE', degraded: 2 }));
  });

  it('reports the first outcome that is not AGENT_AVAILABLE, whichever round it came in', async () => {
    // Prepare: SCV's username search fails, so the second caller's agent stays unknown
    const cfg = config({ PRESENCE_TABLE: 'presence' });
    const broken = failing(cfg, (r) => r.path === '/search-users');

    // Act: mapped, username, mapped
    const summary = await rehearse(cfg, 3, performance.now() + 5000, broken);

    // Assess
    expect(summary).toEqual(
      expect.objectContaining({
        rounds: 3,
        outcome: 'AGENT_STATUS_UNKNOWN',
        degraded: 1,
        mappedBy: ['routing-map'],
      }),
    );
  });

  it("stops when the pre-warm's time is up", async () => {
    const summary = await rehearse(config(), 5, performance.now() - 1);
    expect(summary).toEqual(expect.objectContaining({ rounds: 0, outcome: 'NOT_RUN' }));
  });

  it('never fetches the signing key: without one in memory the rehearsed lookup fails', async () => {
    // Prepare: the key lives in Secrets Manager and was never fetched
    const fromSecret = config({ SF_PRIVATE_KEY: '', SF_PRIVATE_KEY_SECRET_ID: 'scv/key' });

    // Act
    const summary = await rehearse(fromSecret, 1);

    // Assess
    expect(summary.outcome).toBe('LOOKUP_FAILED');
    expect(secrets.calls()).toHaveLength(0);
  });
});

describe('rehearsalWire', () => {
  it('answers only what the lookup asks, as the services refuse anything else', async () => {
    // Act
    const query = await rehearsalWire(config()).salesforceSend(
      {
        method: 'GET',
        url: 'https://rehearsal.invalid/services/data/v62.0/query?q=SELECT+Id+FROM+Account',
        headers: {},
      },
      AbortSignal.timeout(1000),
    );
    const other = await aws('/contacts/x', undefined);
    const put = await aws('/', 'DynamoDB_20120810.PutItem');

    // Assess
    expect(query.statusCode).toBe(400);
    expect(JSON.parse(query.body as string)).toEqual([
      expect.objectContaining({ errorCode: 'MALFORMED_QUERY' }),
    ]);
    expect(other.response.statusCode).toBe(400);
    expect(other.response.headers['x-amzn-errortype']).toBe('InvalidRequestException');
    expect(put.response.statusCode).toBe(400);
  });

  it("puts the caller on the configured instance, in the Lambda's region", () => {
    const events = rehearsalEvents(config()) as { Details: { ContactData: { InstanceARN: string } } }[];
    expect(events).toHaveLength(2);
    for (const event of events)
      expect(event.Details.ContactData.InstanceARN).toMatch(
        /^arn:aws:connect:eu-west-2:\d{12}:instance\/11111111-2222-4333-8444-555555555555$/,
      );
  });
});
