import fc from 'fast-check';
import { functionArnOf, invocationBudgetMs } from '../../../lambdas/src/shared/invocation';

/** A Lambda context whose own timeout is `remainingMs` away. */
const lambdaWith = (remainingMs: number) => ({ getRemainingTimeInMillis: () => remainingMs });

describe('invocationBudgetMs (the deadline every external call runs under)', () => {
  it('is the configured deadline when there is no Lambda context (scripts, tests)', () => {
    // Prepare / Act
    const budgets = [invocationBudgetMs(3000, undefined, 200), invocationBudgetMs(3000, {}, 200)];

    // Assess
    expect(budgets).toEqual([3000, 3000]);
  });

  it("is cut short by Lambda's own timeout, keeping the margin to deliver the answer", () => {
    // Prepare
    const context = lambdaWith(1000);

    // Act
    const budget = invocationBudgetMs(3000, context, 200);

    // Assess
    expect(budget).toBe(800);
  });

  it('stays the configured deadline when Lambda has more time left than that', () => {
    expect(invocationBudgetMs(3000, lambdaWith(10_000), 200)).toBe(3000);
  });

  it('is never negative when the margin eats the rest of the time', () => {
    expect(invocationBudgetMs(3000, lambdaWith(150), 200)).toBe(0);
  });

  it('is min(configured, remaining - margin) and never below 0, for any times', () => {
    fc.assert(
      fc.property(fc.nat(60_000), fc.nat(900_000), fc.nat(1_000), (configured, remaining, margin) => {
        // Act
        const budget = invocationBudgetMs(configured, lambdaWith(remaining), margin);

        // Assess
        expect(budget).toBeGreaterThanOrEqual(0);
        expect(budget).toBeLessThanOrEqual(configured);
        expect(budget).toBeLessThanOrEqual(Math.max(0, remaining - margin));
        expect(budget === configured || budget === Math.max(0, remaining - margin)).toBe(true);
      }),
    );
  });
});

describe('functionArnOf', () => {
  it("returns the context's function ARN", () => {
    const arn = 'arn:aws:lambda:eu-west-1:123456789012:function:find-last-agent';
    expect(functionArnOf({ invokedFunctionArn: arn })).toBe(arn);
  });

  it('is undefined without a context or when the ARN is not a string', () => {
    const odd = { invokedFunctionArn: 42 as unknown as string };
    expect([functionArnOf(undefined), functionArnOf({}), functionArnOf(odd)]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });
});
