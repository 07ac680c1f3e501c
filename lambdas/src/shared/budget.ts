/**
 * The time one invocation may spend, carried as an `AbortSignal` that every external call takes.
 * The handler creates one `Budget` per invocation and passes it down to every port; steps that may
 * give up early (a status read, the queue list) get a child that ends sooner. Ending the budget
 * aborts whatever is still in flight, so nothing keeps running after the handler has answered and
 * no later invocation waits on an earlier one's work.
 */
import { DeadlineExceededError } from './errors';

export class Budget {
  private readonly controller = new AbortController();
  private readonly timer: NodeJS.Timeout;
  private readonly detach: () => void;
  private expiry: Promise<never> | undefined;
  /** Aborted when the deadline passes (reason: `DeadlineExceededError`) or the budget is ended. */
  public readonly signal: AbortSignal = this.controller.signal;
  /** The invocation's budget this one was carved from (itself for the invocation's own). */
  public readonly root: Budget;

  private constructor(
    /** `performance.now()` at which the budget runs out. */
    public readonly deadlineAt: number,
    private readonly totalMs: number,
    parent?: Budget,
  ) {
    this.root = parent?.root ?? this;
    const ms = Math.max(0, deadlineAt - performance.now());
    this.timer = setTimeout(() => this.controller.abort(new DeadlineExceededError(totalMs)), ms);
    // A budget never keeps a process alive on its own (tests, scripts); Lambda freezes it anyway.
    this.timer.unref?.();
    if (parent) {
      const onAbort = (): void => this.controller.abort(parent.signal.reason);
      if (parent.signal.aborted) onAbort();
      else parent.signal.addEventListener('abort', onAbort, { once: true });
      this.detach = () => parent.signal.removeEventListener('abort', onAbort);
    } else {
      this.detach = () => undefined;
    }
    this.signal.addEventListener('abort', () => this.release(), { once: true });
  }

  /** An invocation's budget: `ms` from now. */
  public static start(ms: number): Budget {
    return new Budget(performance.now() + Math.max(0, ms), ms);
  }

  /** Milliseconds left (0 when spent). */
  public remainingMs(): number {
    return this.signal.aborted ? 0 : Math.max(0, this.deadlineAt - performance.now());
  }

  /**
   * A child budget that ends `reserveMs` before this one (and whenever this one ends), for a step
   * whose failure still leaves something worth answering with.
   */
  public withReserve(reserveMs: number): Budget {
    const at = this.deadlineAt - Math.max(0, reserveMs);
    return new Budget(at, Math.max(0, Math.round(at - (this.deadlineAt - this.totalMs))), this);
  }

  /** Rejects with `DeadlineExceededError` (or the end reason) when the budget is spent. */
  public get expired(): Promise<never> {
    this.expiry ??= new Promise<never>((_, reject) => {
      const fail = (): void => reject(this.signal.reason);
      if (this.signal.aborted) fail();
      else this.signal.addEventListener('abort', fail, { once: true });
    });
    // Nobody has to await it: its rejection must not surface as unhandled.
    this.expiry.catch(() => undefined);
    return this.expiry;
  }

  /** Ends the budget: everything still running on it (and on its children) is aborted. */
  public end(): void {
    if (!this.signal.aborted) this.controller.abort(new InvocationEndedError());
  }

  private release(): void {
    clearTimeout(this.timer);
    this.detach();
  }
}

/**
 * Settles like `work`, or rejects with the budget's reason (`DeadlineExceededError` at the
 * deadline) once the budget is spent. Work still running then is abandoned, never awaited: its
 * later rejection is caught here so it never surfaces as unhandled.
 */
export function withinBudget<T>(work: Promise<T>, budget: Budget): Promise<T> {
  work.catch(() => undefined);
  return Promise.race([work, budget.expired]);
}

/** The reason work is aborted once the handler has answered. */
export class InvocationEndedError extends Error {
  public override readonly name = 'InvocationEndedError';
  public constructor() {
    super('the invocation has answered; its work is abandoned');
  }
}

/**
 * Settles like `promise`, or rejects with the signal's reason as soon as `signal` aborts: a caller
 * waiting on shared work stops at its own deadline even when the work goes on.
 */
export function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason as Error);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason as Error);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (v) => {
        signal.removeEventListener('abort', onAbort);
        resolve(v);
      },
      (e: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(e as Error);
      },
    );
  });
}

interface Flight<T> {
  promise: Promise<T>;
  signal: AbortSignal;
  startedAt: number;
}

/**
 * Work that concurrent callers share (a token grant, a cache fill), keyed. A flight is joined only
 * while it is still running on a live budget and younger than `maxAgeMs`; a failed, aborted or
 * stale one is dropped, so the next caller starts fresh instead of inheriting a hang.
 */
export class SharedFlights<K, T> {
  private readonly flights = new Map<K, Flight<T>>();

  public constructor(private readonly maxAgeMs: number) {}

  /**
   * Joins or starts the flight for `key`. A new flight runs on `owner` (so it ends with that
   * budget); the caller waits at most as long as `waiter` allows.
   */
  public run(key: K, owner: Budget, waiter: Budget, start: (budget: Budget) => Promise<T>): Promise<T> {
    let flight = this.flights.get(key);
    if (!flight || flight.signal.aborted || performance.now() - flight.startedAt > this.maxAgeMs) {
      const started: Flight<T> = {
        promise: start(owner),
        signal: owner.signal,
        startedAt: performance.now(),
      };
      flight = started;
      this.flights.set(key, started);
      const drop = (): void => {
        if (this.flights.get(key) === started) this.flights.delete(key);
      };
      started.promise.then(drop, drop);
    }
    return raceAbort(flight.promise, waiter.signal);
  }

  /** True while a live flight for `key` is running (joining it starts no new work). */
  public isRunning(key: K): boolean {
    const flight = this.flights.get(key);
    return flight !== undefined && !flight.signal.aborted;
  }
}
