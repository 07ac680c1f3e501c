/** What the handlers read from Lambda's invocation context. */

/** Lambda's context, as far as the handlers use it (tests and scripts pass only parts of it). */
export interface InvocationContext {
  getRemainingTimeInMillis?: () => number;
  awsRequestId?: string;
  /** arn:aws:lambda:REGION:ACCOUNT:function:NAME — where this Lambda (and its Connect client) runs. */
  invokedFunctionArn?: string;
}

/**
 * The invocation's budget: the configured deadline, cut short when Lambda's own timeout comes
 * sooner, with `marginMs` kept back so the answer is still delivered.
 */
export function invocationBudgetMs(
  configuredMs: number,
  context: InvocationContext | undefined,
  marginMs: number,
): number {
  const remaining = context?.getRemainingTimeInMillis?.() ?? Number.POSITIVE_INFINITY;
  return Math.max(0, Math.min(configuredMs, remaining - marginMs));
}

/** The function ARN from the context, when it is a string. */
export const functionArnOf = (context: InvocationContext | undefined): string | undefined =>
  typeof context?.invokedFunctionArn === 'string' ? context.invokedFunctionArn : undefined;
