import { getEventListeners } from 'node:events';
import { Budget, InvocationEndedError, raceAbort, SharedFlights } from '../../../lambdas/src/shared/budget';
import { DeadlineExceededError } from '../../../lambdas/src/shared/errors';
import { deferred } from '../../fixtures/deferred';

/** Abort listeners on a signal: a container serves thousands of invocations, so none may be left behind. */
const listeners = (signal: AbortSignal): number => getEventListeners(signal, 'abort').length;

/** How a promise stands once pending callbacks have run: its value, its reason, or 'pending'. */
async function settledNow(promise: Promise<unknown>): Promise<unknown> {
  const pending = new Promise((resolve) => setImmediate(() => resolve('pending')));
  return Promise.race([
    promise.then(
      (v) => ({ value: v }),
      (e: unknown) => ({ reason: e }),
    ),
    pending,
  ]);
}

describe('Budget: the deadline every external call runs under', () => {
  afterEach(() => jest.useRealTimers());

  it('gives a child the time from its parent’s start to its own deadline, and says so when it runs out', () => {
    // Prepare
    jest.useFakeTimers();
    jest.advanceTimersByTime(5_000); // the clock is not at 0 when an invocation starts
    const root = Budget.start(1_000);
    jest.advanceTimersByTime(300);

    // Act
    const child = root.withReserve(200);
    jest.advanceTimersByTime(500);

    // Assess
    expect(child.signal.reason).toBeInstanceOf(DeadlineExceededError);
    expect((child.signal.reason as DeadlineExceededError).deadlineMs).toBe(800);
    expect(root.signal.aborted).toBe(false);
  });

  it('rejects `expired` at once for a budget already spent, and leaves no listener on it', async () => {
    // Prepare
    const budget = Budget.start(60_000);
    budget.end();

    // Act
    const outcome = await settledNow(budget.expired);

    // Assess
    expect(outcome).toEqual({ reason: expect.any(InvocationEndedError) });
    expect(listeners(budget.signal)).toBe(0);
  });

  it('leaves no listener of its own or of `expired` once it has ended', () => {
    // Prepare
    const budget = Budget.start(60_000);
    void budget.expired;

    // Act
    budget.end();

    // Assess
    expect(listeners(budget.signal)).toBe(0);
  });

  it('takes a child’s listener off its parent when the child ends first', () => {
    // Prepare
    const root = Budget.start(60_000);
    const before = listeners(root.signal);
    const child = root.withReserve(100);
    const attached = listeners(root.signal);

    // Act
    child.end();

    // Assess
    expect(attached).toBe(before + 1);
    expect(listeners(root.signal)).toBe(before);
    expect(root.signal.aborted).toBe(false);
  });

  it('ends a child carved from a budget that has already ended, with its reason', () => {
    // Prepare
    const root = Budget.start(60_000);
    root.end();

    // Act
    const child = root.withReserve(100);

    // Assess
    expect(child.signal.aborted).toBe(true);
    expect(child.signal.reason).toBeInstanceOf(InvocationEndedError);
  });

  it('names the end of an invocation as such', () => {
    // Act
    const error = new InvocationEndedError();

    // Assess
    expect(error).toMatchObject({
      name: 'InvocationEndedError',
      message: 'the invocation has answered; its work is abandoned',
    });
  });
});

describe('raceAbort: a waiter stops at its own deadline', () => {
  it('rejects at once on a signal that has already aborted', async () => {
    // Prepare
    const budget = Budget.start(60_000);
    budget.end();

    // Act
    const outcome = await settledNow(raceAbort(deferred<string>().promise, budget.signal));

    // Assess
    expect(outcome).toEqual({ reason: expect.any(InvocationEndedError) });
  });

  it.each([
    ['resolves', (d: ReturnType<typeof deferred<string>>) => d.resolve('done')],
    ['rejects', (d: ReturnType<typeof deferred<string>>) => d.reject(new Error('refused'))],
  ])('takes its listener off the signal when the work %s', async (_, settle) => {
    // Prepare
    const budget = Budget.start(60_000);
    const before = listeners(budget.signal);
    const work = deferred<string>();
    const waiting = raceAbort(work.promise, budget.signal).catch(() => undefined);

    // Act
    settle(work);
    await waiting;

    // Assess
    expect(listeners(budget.signal)).toBe(before);
  });

  it('leaves no listener on the signal after it aborted, while the work never ends', async () => {
    // Prepare
    const budget = Budget.start(60_000);
    const waiting = raceAbort(deferred<string>().promise, budget.signal).catch((e: unknown) => e);

    // Act
    budget.end();

    // Assess
    expect(await waiting).toBeInstanceOf(InvocationEndedError);
    expect(listeners(budget.signal)).toBe(0);
  });
});

describe('SharedFlights: how long a flight may be joined', () => {
  afterEach(() => jest.useRealTimers());

  it('is joined up to and including its age bound', async () => {
    // Prepare
    jest.useFakeTimers();
    const flights = new SharedFlights<string, string>(100);
    const budget = Budget.start(60_000);
    const work = deferred<string>();
    const start = jest.fn(() => work.promise);
    const first = flights.run('token', budget, budget, start);

    // Act
    jest.advanceTimersByTime(100);
    const second = flights.run('token', budget, budget, start);
    work.resolve('t1');

    // Assess
    await expect(Promise.all([first, second])).resolves.toEqual(['t1', 't1']);
    expect(start).toHaveBeenCalledTimes(1);
    budget.end();
  });

  it('keeps the flight that replaced a stale one when the stale one ends later', async () => {
    // Prepare
    jest.useFakeTimers();
    const flights = new SharedFlights<string, string>(100);
    const budget = Budget.start(60_000);
    const stale = deferred<string>();
    const fresh = deferred<string>();
    const start = jest.fn().mockReturnValueOnce(stale.promise).mockReturnValueOnce(fresh.promise);
    void flights.run('token', budget, budget, start);
    jest.advanceTimersByTime(101);
    const second = flights.run('token', budget, budget, start);

    // Act
    stale.resolve('old');
    await stale.promise;
    const third = flights.run('token', budget, budget, start);
    fresh.resolve('new');

    // Assess
    await expect(Promise.all([second, third])).resolves.toEqual(['new', 'new']);
    expect(start).toHaveBeenCalledTimes(2);
    budget.end();
  });
});
