import { RoutingMapRepository, parseAgentArn } from '../../../lambdas/src/salesforce/routing-map';
import type { SalesforceSession } from '../../../lambdas/src/salesforce/session';
import { Budget } from '../../../lambdas/src/shared/budget';
import { SalesforceError } from '../../../lambdas/src/shared/errors';

const ARN = 'arn:aws:connect:us-east-1:123456789012:instance/inst-1/agent/a1';

/** A session whose query answers are scripted, counting the queries made. */
function fakeSession(answers: (() => Promise<unknown[]>)[]): SalesforceSession & { queries: number } {
  const fake = {
    queries: 0,
    query: async () => {
      const next = answers[fake.queries] ?? answers[answers.length - 1];
      fake.queries += 1;
      return (next as () => Promise<unknown[]>)();
    },
  };
  return fake as unknown as SalesforceSession & { queries: number };
}

describe('RoutingMapRepository', () => {
  it('reads the map once per TTL, keyed by the 15-character user id, agents only', async () => {
    // Prepare
    const session = fakeSession([
      async () => [
        { ReferenceRecordId: '005SB0000001ANAYA2', ExternalId: ARN },
        {
          ReferenceRecordId: '00GSB0000000001AAA',
          ExternalId: 'arn:aws:connect:us-east-1:123456789012:instance/inst-1/queue/q1',
        },
      ],
    ]);
    const repo = new RoutingMapRepository(session, 60_000);

    // Act
    const byId18 = await repo.agentArnFor('005SB0000001ANAYA2', Budget.start(5000));
    const byId15 = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));
    const queueRow = await repo.agentArnFor('00GSB0000000001AAA', Budget.start(5000));

    // Assess
    expect([byId18, byId15, queueRow]).toEqual([ARN, ARN, undefined]);
    expect(session.queries).toBe(1);
  });

  it('remembers an unreadable map (INVALID_TYPE: no Manage Call Centers) as empty for a while', async () => {
    // Prepare
    const session = fakeSession([
      async () =>
        Promise.reject(
          new SalesforceError("sObject type 'CallCenterRoutingMap' is not supported", 'INVALID_TYPE'),
        ),
    ]);
    const repo = new RoutingMapRepository(session, 300_000);

    // Act
    const first = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));
    const second = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));

    // Assess
    expect([first, second]).toEqual([undefined, undefined]);
    expect(session.queries).toBe(1);
    expect(repo.lastReadError).toContain('INVALID_TYPE');
  });
});

describe('RoutingMapRepository: only a refusal is remembered', () => {
  it.each([
    ['a passing outage (FetchError)', Object.assign(new Error('socket hang up'), { name: 'FetchError' })],
    [
      'an error code that says nothing about access (SERVER_UNAVAILABLE)',
      new SalesforceError('try later', 'SERVER_UNAVAILABLE'),
    ],
  ])('reads the map again on the next call after %s', async (_name, error) => {
    // Prepare
    const session = fakeSession([
      async () => Promise.reject(error),
      async () => [{ ReferenceRecordId: '005SB0000001ANAYA2', ExternalId: ARN }],
    ]);
    const repo = new RoutingMapRepository(session, 300_000);

    // Act
    const first = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));
    const second = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));

    // Assess
    expect([first, second]).toEqual([undefined, ARN]);
    expect(session.queries).toBe(2);
    expect(repo.lastReadError).toBeUndefined();
  });

  it('says ERROR when what was thrown has neither a code nor a name', async () => {
    // Prepare
    const repo = new RoutingMapRepository(fakeSession([async () => Promise.reject('boom')]), 300_000);

    // Act
    await repo.load(Budget.start(5000));

    // Assess
    expect(repo.lastReadError).toBe('ERROR: boom');
  });
});

describe('parseAgentArn', () => {
  it('reads agent ARNs and refuses queue ARNs and junk', () => {
    expect(parseAgentArn(ARN)).toEqual({ instanceId: 'inst-1', connectUserId: 'a1' });
    expect(
      parseAgentArn('arn:aws:connect:us-east-1:123456789012:instance/inst-1/queue/agent/a1'),
    ).toBeUndefined();
    expect(parseAgentArn('a1')).toBeUndefined();
  });
});

describe('RoutingMapRepository, row by row and over time', () => {
  afterEach(() => jest.useRealTimers());

  it('skips rows without a user or an ARN, and trims the ARN it keeps', async () => {
    // Prepare
    const session = fakeSession([
      async () => [
        { ReferenceRecordId: null, ExternalId: ARN },
        { ReferenceRecordId: '005SB0000002BENAAA', ExternalId: null },
        { ReferenceRecordId: '005SB0000001ANAYA2', ExternalId: `  ${ARN}  ` },
      ],
    ]);
    const repo = new RoutingMapRepository(session, 60_000);

    // Act / Assess
    expect(await repo.agentArnFor('005SB0000001ANAYA2', Budget.start(5000))).toBe(ARN);
    expect(await repo.agentArnFor('005SB0000002BENAAA', Budget.start(5000))).toBeUndefined();
    expect(repo.lastReadError).toBeUndefined();
  });

  it('says why the map could not be read, with the error code or the error name', async () => {
    const session = fakeSession([
      async () => Promise.reject(new SalesforceError('no access', 'INSUFFICIENT_ACCESS')),
      async () => Promise.reject(Object.assign(new Error('socket hang up'), { name: 'FetchError' })),
    ]);
    const refused = new RoutingMapRepository(session, 60_000);
    await refused.load(Budget.start(5000));
    expect(refused.lastReadError).toBe('INSUFFICIENT_ACCESS: no access');
    const outage = new RoutingMapRepository(session, 60_000);
    await outage.load(Budget.start(5000));
    expect(outage.lastReadError).toBe('FetchError: socket hang up');
  });

  it('retries an unreadable map after at most a minute, or the map TTL when shorter', async () => {
    // Prepare
    jest.useFakeTimers({ now: 1_000_000 });
    const refusal = async () => Promise.reject(new SalesforceError('not supported', 'INVALID_TYPE'));
    const long = fakeSession([refusal]);
    const short = fakeSession([refusal]);
    const longTtl = new RoutingMapRepository(long, 300_000);
    const shortTtl = new RoutingMapRepository(short, 10_000);
    await Promise.all([longTtl.load(Budget.start(5000)), shortTtl.load(Budget.start(5000))]);

    // Act
    jest.setSystemTime(1_000_000 + 10_000);
    await Promise.all([longTtl.load(Budget.start(5000)), shortTtl.load(Budget.start(5000))]);
    jest.setSystemTime(1_000_000 + 60_000);
    await longTtl.load(Budget.start(5000));

    // Assess
    expect(short.queries).toBe(2);
    expect(long.queries).toBe(2);
  });
});
