import { Budget, InvocationEndedError, withinBudget } from '../../../lambdas/src/shared/budget';
import { DeadlineExceededError } from '../../../lambdas/src/shared/errors';
import { servedInstance } from '../../../lambdas/src/routing/contact-event';
import { deferred } from '../../fixtures/deferred';

describe('withinBudget', () => {
  it('settles with the work when it finishes first', async () => {
    // Prepare
    const budget = Budget.start(60_000);
    const work = deferred<string>();

    // Act
    const raced = withinBudget(work.promise, budget);
    work.resolve('answer');

    // Assess
    await expect(raced).resolves.toBe('answer');
    budget.end();
  });

  it('rejects with DeadlineExceededError at the deadline while the work still runs', async () => {
    // Prepare
    const budget = Budget.start(1);
    const work = deferred<string>();

    // Act
    const reason = await withinBudget(work.promise, budget).catch((e: unknown) => e);

    // Assess
    expect(reason).toBeInstanceOf(DeadlineExceededError);
  });

  it('abandons late work whose rejection never surfaces as unhandled', async () => {
    // Prepare
    const unhandled: unknown[] = [];
    const onUnhandled = (e: unknown): void => {
      unhandled.push(e);
    };
    process.on('unhandledRejection', onUnhandled);
    const budget = Budget.start(60_000);
    const work = deferred<string>();
    try {
      // Act
      const raced = withinBudget(work.promise, budget);
      budget.end();
      const reason = await raced.catch((e: unknown) => e);
      work.reject(new Error('late failure'));
      await new Promise((resolve) => setImmediate(resolve));

      // Assess
      expect(reason).toBeInstanceOf(InvocationEndedError);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});

describe('servedInstance', () => {
  const facts = (instanceArn?: string) => ({ contactId: 'c-1', channel: 'VOICE' as const, instanceArn });
  const ARN = 'arn:aws:connect:us-east-1:123456789012:instance/inst-1';

  it("takes the event's instance over the configured one", () => {
    // Act
    const served = servedInstance(facts(ARN), { connectInstanceId: 'configured', awsRegion: 'us-east-1' });

    // Assess
    expect(served.instance).toMatchObject({ instanceId: 'inst-1', instanceArn: ARN });
    expect(served.error).toBeUndefined();
  });

  it('falls back to the configured instance, and says so when there is none', () => {
    // Act / Assess
    expect(servedInstance(facts(), { connectInstanceId: 'configured' }).instance).toEqual({
      instanceId: 'configured',
      instanceArn: '',
    });
    expect(servedInstance(facts('not-an-arn'), {}).error).toMatch(/CONNECT_INSTANCE_ID unset/);
  });

  it("refuses an instance in another region or account than the Lambda's", () => {
    // Act
    const region = servedInstance(facts(ARN), { awsRegion: 'eu-west-2' });
    const account = servedInstance(
      facts(ARN),
      {},
      'arn:aws:lambda:us-east-1:210987654321:function:find-last-agent',
    );
    const same = servedInstance(
      facts(ARN),
      { awsRegion: 'eu-west-2' },
      'arn:aws:lambda:us-east-1:123456789012:function:find-last-agent',
    );

    // Assess
    expect(region.error).toMatch(/instance is in us-east-1; this Lambda serves eu-west-2/);
    expect(account.error).toMatch(/account 123456789012; this Lambda runs in 210987654321/);
    expect(same.instance?.instanceId).toBe('inst-1');
    expect(same.error).toBeUndefined();
  });
});
