/**
 * Runs the inbound flow against the local sandbox with the real `find-last-agent` handler
 * in-process and a stand-in for SCV's telephony Lambda that creates the VoiceCall in the org
 * emulator: what `npm start` shows and what the end-to-end flow tests assert on.
 */
import { randomUUID } from 'node:crypto';
import type { JournalEntry } from '../sandbox/emulator-server';
import type { Sandbox } from '../sandbox/sandbox';
import {
  agentArn,
  queueArn,
  SAMPLE_AGENTS,
  SAMPLE_QUEUES,
  SANDBOX_DEFAULT_QUEUE_NAME,
  SANDBOX_SYSTEM_NUMBER,
  type SObjectRecord,
} from '../sandbox/sample-data';
import { SANDBOX_PREFERRED_AGENT_SECONDS } from '../sandbox/sample-routing';
import { scvTelephonyLambda, type ScvTelephonyHandler } from '../sandbox/scv-telephony';
import { runInboundFlow, type InboundMode, type Press } from './inbound';
import { sandboxRoutingAgents } from './sandbox-routing';
import { agentQueueArn, type ContactFlowEvent, type SimulationResult } from './simulate';

/** The ARN the flows' `${FIND_LAST_AGENT_LAMBDA_ARN}` is filled with in the sandbox. */
export const SANDBOX_FIND_LAST_AGENT_ARN =
  'arn:aws:lambda:us-east-1:123456789012:function:scv-last-agent-find-last-agent';
/** The ARN `${TELEPHONY_INTEGRATION_LAMBDA_ARN}` is filled with; the sandbox answers it with the stand-in. */
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

/** One invocation of SCV's telephony Lambda (the sandbox's stand-in) by the flow. */
export interface TelephonyCall {
  methodName: string;
  /** The contact attributes SCV would have forwarded: the `sfdc-` ones, as sent. */
  sfdcAttributes: Record<string, string>;
  response?: Record<string, string>;
  error?: string;
}

export interface SandboxFlowRun {
  result: SimulationResult;
  /** The find-last-agent invocations only (what `npm start` describes in detail). */
  lambdaCalls: LambdaCall[];
  /** The telephony Lambda's invocations, in order (Connect's retries included). */
  telephonyCalls: TelephonyCall[];
  /** The VoiceCall record SCV created for this contact, as the org now holds it; undefined if none. */
  voiceCall?: SObjectRecord;
}

/** Placeholder values for the sandbox's instance. */
export function sandboxPlaceholders(): Record<string, string> {
  const basic = SAMPLE_QUEUES.find((q) => q.name === SANDBOX_DEFAULT_QUEUE_NAME);
  return {
    FIND_LAST_AGENT_LAMBDA_ARN: SANDBOX_FIND_LAST_AGENT_ARN,
    TELEPHONY_INTEGRATION_LAMBDA_ARN: SANDBOX_TELEPHONY_LAMBDA_ARN,
    DEFAULT_QUEUE_ARN: queueArn(basic?.id as string),
    PREFERRED_AGENT_SECONDS: String(SANDBOX_PREFERRED_AGENT_SECONDS),
    SPEAK_LAST_CALL_REASON: 'false',
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
  /** Replaces the telephony stand-in (tests use it to make SCV fail); default writes to the org. */
  telephony?: ScvTelephonyHandler;
  /** Connect's ContactId for this call; default a fresh one, as every call has its own. */
  contactId?: string;
  /** Which inbound flow; default "direct" (the agent-queue flow). */
  mode?: InboundMode;
}): Promise<SandboxFlowRun> {
  const { sandbox, handler } = options;
  const lambdaCalls: LambdaCall[] = [];
  const telephonyCalls: TelephonyCall[] = [];
  const telephony = options.telephony ?? scvTelephonyLambda(sandbox.data.org);
  const result = await runInboundFlow({
    caller: options.caller,
    press: options.press,
    repoRoot: options.repoRoot,
    mode: options.mode,
    routingAgents: sandboxRoutingAgents(sandbox.data.connect),
    contact: {
      instanceArn: sandbox.instanceArn,
      contactId: options.contactId ?? randomUUID(),
      systemNumber: SANDBOX_SYSTEM_NUMBER,
    },
    placeholders: sandboxPlaceholders(),
    resolvers: sandboxResolvers,
    invokeLambda: async (arn, event, timeLimitMs) => {
      if (arn === SANDBOX_TELEPHONY_LAMBDA_ARN) {
        const attributes = event.Details.ContactData.Attributes;
        const call: TelephonyCall = {
          methodName: event.Details.Parameters.methodName ?? '',
          sfdcAttributes: Object.fromEntries(
            Object.entries(attributes).filter(([key]) => key.startsWith('sfdc-')),
          ),
        };
        telephonyCalls.push(call);
        try {
          call.response = await telephony(event);
          return call.response;
        } catch (e) {
          call.error = (e as Error).message;
          throw e;
        }
      }
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
  const voiceCallId = result.attributes.voiceCallId;
  const voiceCall = voiceCallId
    ? (sandbox.data.org.VoiceCall ?? []).find((c) => c.Id === voiceCallId)
    : undefined;
  return { result, lambdaCalls, telephonyCalls, voiceCall };
}
