/**
 * The org's daily API allocation: every REST call is counted, reported in Sforce-Limit-Info and on
 * /limits, and refused with 403 REQUEST_LIMIT_EXCEEDED once the `apiRequestsRemaining` fault runs out.
 */
import type { EmulatorResponse } from '../emulator-server';
import { SalesforceError } from './errors';
import { restError } from './responses';

/** Developer Edition's daily allocation, used when no limit fault is set. */
const DAILY_API_MAX = 15_000;

/** The fault that sets how many calls are left today (undefined: the default allocation). */
export interface LimitFaults {
  apiRequestsRemaining?: number;
}

/** Counts the API calls of one org. */
export class ApiLimits {
  private used = 0;

  /**
   * Charges one call; the refusal to send when the allocation is spent. Decrements the live fault
   * object, so later requests see what is left.
   */
  public charge(faults: LimitFaults): EmulatorResponse | undefined {
    if (faults.apiRequestsRemaining !== undefined) {
      if (faults.apiRequestsRemaining <= 0) {
        return restError(
          new SalesforceError('REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.', 403),
          'limit exceeded',
          this.headers(faults),
        );
      }
      faults.apiRequestsRemaining -= 1;
    }
    this.used += 1;
    return undefined;
  }

  /** The Sforce-Limit-Info header of every REST response. */
  public headers(faults: LimitFaults): Record<string, string> {
    return { 'Sforce-Limit-Info': `api-usage=${this.used}/${this.max(faults)}` };
  }

  /** The /limits body. */
  public body(faults: LimitFaults): Record<string, unknown> {
    const max = this.max(faults);
    return { DailyApiRequests: { Max: max, Remaining: Math.max(0, max - this.used) } };
  }

  private max(faults: LimitFaults): number {
    return faults.apiRequestsRemaining === undefined
      ? DAILY_API_MAX
      : this.used + faults.apiRequestsRemaining;
  }
}
