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

  it('does not remember a passing outage: the next call reads the map again', async () => {
    // Prepare
    const session = fakeSession([
      async () => Promise.reject(Object.assign(new Error('socket hang up'), { name: 'FetchError' })),
      async () => [{ ReferenceRecordId: '005SB0000001ANAYA2', ExternalId: ARN }],
    ]);
    const repo = new RoutingMapRepository(session, 300_000);

    // Act
    const duringOutage = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));
    const after = await repo.agentArnFor('005SB0000001ANA', Budget.start(5000));

    // Assess
    expect([duringOutage, after]).toEqual([undefined, ARN]);
    expect(session.queries).toBe(2);
    expect(repo.lastReadError).toBeUndefined();
  });
});

describe('parseAgentArn', () => {
  it('reads agent ARNs and refuses queue ARNs and junk', () => {
    expect(parseAgentArn(ARN)).toEqual({ instanceId: 'inst-1', userId: 'a1' });
    expect(
      parseAgentArn('arn:aws:connect:us-east-1:123456789012:instance/inst-1/queue/agent/a1'),
    ).toBeUndefined();
    expect(parseAgentArn('a1')).toBeUndefined();
  });
});
