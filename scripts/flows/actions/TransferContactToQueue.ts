import { agentQueueArn } from '../connect-arns';
import { formatEnd, type SimulationEnd } from '../simulation-types';
import { playRoutingSteps, type RoutingAgents } from '../routing-steps';
import { SimulationError, type RoutingStep } from '../simulation-types';
import { QUEUE_HOLD_AND_WHISPER_FLOWS, REFERENCE, type ActionSpec, type StepContext } from './types';

export const TransferContactToQueue: ActionSpec = {
  type: 'TransferContactToQueue',
  source: `${REFERENCE}contact-actions-transfercontacttoqueue.html`,
  params: { optional: ['QueueId'] },
  errors: ['QueueAtCapacity', 'NoMatchingError'],
  requiredErrors: ['QueueAtCapacity', 'NoMatchingError'],
  terminal: true,
  flowTypes: {
    notIn: QUEUE_HOLD_AND_WHISPER_FLOWS,
    docs: 'not supported in whisper flows, customer queue flows, or hold flows',
  },
  simulate(ctx) {
    const { state, options } = ctx;
    const working = state.working;
    if (!working) {
      const { target } = ctx.onError('NoMatchingError');
      return { kind: 'next', target, detail: 'no working queue set', branch: 'error NoMatchingError' };
    }
    const arn = working.kind === 'queue' ? working.arn : agentQueueArn(working.agentArn);
    if ((options.queuesAtCapacity ?? []).includes(arn)) {
      const { target, branch } = ctx.onError('QueueAtCapacity');
      return { kind: 'next', target, detail: `queue ${arn} is at capacity`, branch };
    }
    const routing = state.routing;
    const hasRouting = Object.values(routing).some((v) => v !== undefined);
    if (working.kind === 'queue' && routing.steps && options.routingAgents) {
      const end = playedEnd(ctx, arn, routing.steps, options.routingAgents);
      return { kind: 'end', end, detail: `transferred to ${formatEnd(end)}` };
    }
    const end: SimulationEnd =
      working.kind === 'agent'
        ? {
            kind: 'agent',
            agentArn: working.agentArn,
            agentName: options.resolvers?.agentName?.(working.agentArn),
            queueArn: arn,
            via: 'agent-queue',
          }
        : {
            kind: 'queue',
            queueArn: arn,
            queueName: options.resolvers?.queueName?.(arn),
            ...(hasRouting ? { routing: { ...routing } } : {}),
          };
    return { kind: 'end', end, detail: `transferred to ${formatEnd(end)}` };
  },
};

/** Where a queued contact with routing steps goes on the simulated clock (routing criteria activate here). */
function playedEnd(
  ctx: StepContext,
  queueArn: string,
  steps: RoutingStep[],
  agents: RoutingAgents,
): SimulationEnd {
  const { options, state } = ctx;
  const outcome = playRoutingSteps(steps, queueArn, agents);
  if (outcome.kind === 'stranded') {
    throw new SimulationError(
      `routing step ${outcome.step} waits on ${outcome.agentIds.join(', ')} with no expiry and nobody can take the contact`,
    );
  }
  if (outcome.kind === 'agent') {
    const instance = state.contact.instanceArn ?? 'arn:aws:connect:us-east-1:000000000000:instance/simulated';
    const agentArn = `${instance}/agent/${outcome.agentId}`;
    return {
      kind: 'agent',
      agentArn,
      agentName: options.resolvers?.agentName?.(agentArn),
      queueArn,
      via: 'routing-step',
      afterSeconds: outcome.atSecond,
    };
  }
  return {
    kind: 'queue',
    queueArn,
    queueName: options.resolvers?.queueName?.(queueArn),
    routing: { ...state.routing },
    routingOutcome: `routing steps expired after ${outcome.atSecond} s; offered to anyone in the queue`,
  };
}
