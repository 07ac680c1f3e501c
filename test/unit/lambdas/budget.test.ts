import { Budget, InvocationEndedError, raceAbort, SharedFlights } from '../../../lambdas/src/shared/budget';
import { DeadlineExceededError } from '../../../lambdas/src/shared/errors';
import { deferred } from '../../fixtures/deferred';

describe('Budget', () => {
  it('aborts with DeadlineExceededError when its time runs out', async () => {
    // Prepare
    const budget = Budget.start(5);

    // Act
    const reason = await budget.expired.catch((e: unknown) => e);

    // Assess
    expect(reason).toBeInstanceOf(DeadlineExceededError);
    expect(budget.signal.aborted).toBe(true);
    expect(budget.remainingMs()).toBe(0);
  });

  it('ends a child before its parent, and ending the parent ends every child', () => {
    // Prepare
    const root = Budget.start(60_000);
    const child = root.withReserve(1_000);

    // Act / Assess
    expect(child.deadlineAt).toBe(root.deadlineAt - 1_000);
    expect(child.root).toBe(root);
    root.end();
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBeInstanceOf(InvocationEndedError);
  });
});

describe('raceAbort', () => {
  it('rejects with the signal’s reason while the work goes on', async () => {
    // Prepare
    const work = deferred<string>();
    const budget = Budget.start(60_000);

    // Act
    const waiting = raceAbort(work.promise, budget.signal);
    budget.end();

    // Assess
    await expect(waiting).rejects.toBeInstanceOf(InvocationEndedError);
    work.resolve('late');
  });
});

describe('SharedFlights', () => {
  it('lets callers of one live budget share one flight', async () => {
    // Prepare
    const flights = new SharedFlights<string, number>(60_000);
    const budget = Budget.start(60_000);
    const work = deferred<number>();
    const start = jest.fn(() => work.promise);

    // Act
    const a = flights.run('k', budget, budget, start);
    const b = flights.run('k', budget, budget, start);
    work.resolve(7);

    // Assess
    await expect(Promise.all([a, b])).resolves.toEqual([7, 7]);
    expect(start).toHaveBeenCalledTimes(1);
    budget.end();
  });

  it('never hands a later budget the flight an ended one left hanging', async () => {
    // Prepare: the first invocation starts work that never settles, then answers
    const flights = new SharedFlights<string, number>(60_000);
    const first = Budget.start(60_000);
    const hung = flights.run('k', first, first, () => new Promise<number>(() => undefined));
    hung.catch(() => undefined);
    first.end();
    const second = Budget.start(60_000);

    // Act
    const fresh = await flights.run('k', second, second, async (owner) => {
      expect(owner).toBe(second);
      return 8;
    });

    // Assess
    expect(fresh).toBe(8);
    await expect(hung).rejects.toBeInstanceOf(InvocationEndedError);
    second.end();
  });

  it('does not join a flight older than its bound', async () => {
    // Prepare
    const flights = new SharedFlights<string, number>(0);
    const budget = Budget.start(60_000);
    const start = jest.fn(() => new Promise<number>(() => undefined));
    flights.run('k', budget, budget, start).catch(() => undefined);
    await new Promise((r) => setImmediate(r));

    // Act
    flights.run('k', budget, budget, start).catch(() => undefined);

    // Assess
    expect(start).toHaveBeenCalledTimes(2);
    budget.end();
  });

  it('drops a failed flight so the next caller starts again', async () => {
    // Prepare
    const flights = new SharedFlights<string, number>(60_000);
    const budget = Budget.start(60_000);

    // Act
    await expect(
      flights.run('k', budget, budget, async () => Promise.reject(new Error('boom'))),
    ).rejects.toThrow('boom');
    const again = await flights.run('k', budget, budget, async () => 9);

    // Assess
    expect(again).toBe(9);
    budget.end();
  });
});
