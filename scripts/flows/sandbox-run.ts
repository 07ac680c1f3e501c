/**
 * Runs the inbound flow against the local sandbox with the real `find-last-agent` handler
 * in-process: what `npm start` shows and what the end-to-end flow tests assert on.
 */
import type { JournalEntry } from '../sandbox/emulator-server';
import type { Sandbox } from '../sandbox/sandbox';
import {
  agentArn,
  queueArn,
  SAMPLE_AGENTS,
  SAMPLE_QUEUES,
  SANDBOX_DEFAULT_QUEUE_NAME,
} from '../sandbox/sample-data';
import { runInboundFlow, type Press } from './inbound';
import { agentQueueArn, type ContactFlowEvent, type SimulationResult } from './simulate';

/** The ARN the flows' `${FIND_LAST_AGENT_LAMBDA_ARN}` is filled with in the sandbox. */
export const SANDBOX_FIND_LAST_AGENT_ARN =
  'arn:aws:lambda:us-east-1:123456789012:function:scv-last-agent-find-last-agent';
export const SANDBOX_TELEPHONY_LAMBDA_ARN =
  'arn:aws:lambda:us-east-1:123456789012:function:InvokeTelephonyIntegrationApiFunction';

export type FindLastAgentHandler = (
  event: ContactFlowEvent,
  context: { getRemainingTimeInMillis: () => number; awsRequestId: string },
) => Promise<Record<string, string>>;

/** One invocation of the Lambda by the flow, with what it cost. */
export interface LambdaCall {
  ms: number;
  response?: Record<string, string>;
  error?: string;
  orgTrips: JournalEntry[];
  connectTrips: JournalEntry[];
  /** The handler's own structured log lines (JSON), as CloudWatch would receive them. */
  logs: Record<string, unknown>[];
}

export interface SandboxFlowRun {
  result: SimulationResult;
  lambdaCalls: LambdaCall[];
}

/** Placeholder values for the sandbox's instance. */
export function sandboxPlaceholders(): Record<string, string> {
  const basic = SAMPLE_QUEUES.find((q) => q.name === SANDBOX_DEFAULT_QUEUE_NAME);
  return {
    FIND_LAST_AGENT_LAMBDA_ARN: SANDBOX_FIND_LAST_AGENT_ARN,
    TELEPHONY_INTEGRATION_LAMBDA_ARN: SANDBOX_TELEPHONY_LAMBDA_ARN,
    DEFAULT_QUEUE_ARN: queueArn(basic?.id as string),
  };
}

/** Names for the sandbox's agents and queues (agent queues included). */
export const sandboxResolvers = {
  agentName(arn: string): string | undefined {
    const a = SAMPLE_AGENTS.find((x) => x.connectUserId && agentArn(x.connectUserId) === arn);
    return a ? `${a.firstName} ${a.lastName}` : undefined;
  },
  queueName(arn: string): string | undefined {
    const q = SAMPLE_QUEUES.find((x) => queueArn(x.id) === arn);
    if (q) return q.name;
    const a = SAMPLE_AGENTS.find((x) => x.connectUserId && agentQueueArn(agentArn(x.connectUserId)) === arn);
    return a ? `agent queue of ${a.firstName} ${a.lastName}` : undefined;
  },
};

/**
 * Walks the inbound flow for `caller`, invoking `handler` where the flow invokes find-last-agent.
 * The handler's stdout (its JSON logs) is captured while it runs, not printed.
 */
export async function runInboundOnSandbox(options: {
  sandbox: Sandbox;
  handler: FindLastAgentHandler;
  caller: string;
  press: Press;
  repoRoot?: string;
}): Promise<SandboxFlowRun> {
  const { sandbox, handler } = options;
  const lambdaCalls: LambdaCall[] = [];
  const result = await runInboundFlow({
    caller: options.caller,
    press: options.press,
    repoRoot: options.repoRoot,
    contact: { instanceArn: sandbox.instanceArn },
    placeholders: sandboxPlaceholders(),
    resolvers: sandboxResolvers,
    invokeLambda: async (arn, event, timeLimitMs) => {
      if (arn !== SANDBOX_FIND_LAST_AGENT_ARN) throw new Error(`no Lambda ${arn} in the sandbox`);
      const orgFrom = sandbox.org.journal.length;
      const connectFrom = sandbox.connect.journal.length;
      const logs: Record<string, unknown>[] = [];
      const write = process.stdout.write.bind(process.stdout);
      process.stdout.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
        const text = String(chunk);
        for (const line of text.split('\n')) {
          if (!line.startsWith('{')) continue;
          try {
            logs.push(JSON.parse(line) as Record<string, unknown>);
          } catch {
            // not one of the handler's JSON lines
          }
        }
        return text.startsWith('{') ? true : write(chunk as string, ...(rest as []));
      }) as typeof process.stdout.write;
      const t0 = performance.now();
      const call: LambdaCall = { ms: 0, orgTrips: [], connectTrips: [], logs };
      lambdaCalls.push(call);
      try {
        call.response = await handler(event, {
          awsRequestId: event.Details.ContactData.ContactId,
          getRemainingTimeInMillis: () => timeLimitMs,
        });
        return call.response;
      } catch (e) {
        call.error = (e as Error).message;
        throw e;
      } finally {
        process.stdout.write = write;
        call.ms = performance.now() - t0;
        call.orgTrips = sandbox.org.journal.slice(orgFrom);
        call.connectTrips = sandbox.connect.journal.slice(connectFrom);
      }
    },
  });
  return { result, lambdaCalls };
}
