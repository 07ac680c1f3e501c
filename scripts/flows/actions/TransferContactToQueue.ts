import { agentQueueArn } from '../connect-arns';
import { formatEnd, type SimulationEnd } from '../simulation-types';
import { QUEUE_HOLD_AND_WHISPER_FLOWS, REFERENCE, type ActionSpec } from './types';

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
