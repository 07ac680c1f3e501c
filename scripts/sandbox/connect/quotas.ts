/**
 * Amazon Connect's default API request quotas (per account and Region), as `--connect-quotas real`
 * applies them. Source: the Amazon Connect service quotas page (API throttling quotas); the
 * low ones are what make per-call polling fail at a busy hour.
 */
export interface OperationQuota {
  /** Requests per second the bucket refills. */
  rate: number;
  /** Requests allowed at once after a quiet spell. */
  burst: number;
}

export const REAL_CONNECT_QUOTAS: Readonly<Record<string, OperationQuota>> = {
  GetCurrentUserData: { rate: 2, burst: 5 },
  SearchUsers: { rate: 2, burst: 5 },
  ListQueues: { rate: 2, burst: 5 },
  DescribeUser: { rate: 10, burst: 15 },
  UpdateContactAttributes: { rate: 10, burst: 15 },
};
