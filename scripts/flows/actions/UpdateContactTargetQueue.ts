import { QUEUE_HOLD_AND_WHISPER_FLOWS, REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateContactTargetQueue: ActionSpec = {
  type: 'UpdateContactTargetQueue',
  source: `${REFERENCE}contact-actions-updatecontacttargetqueue.html`,
  evidence: 'Salesforce "Direct to Rep" sample: {"AgentId": "$.Attributes.agentArn"}',
  params: { optional: ['QueueId', 'AgentId'] },
  errors: ['NoMatchingError'],
  requiredErrors: ['NoMatchingError'],
  flowTypes: {
    notIn: QUEUE_HOLD_AND_WHISPER_FLOWS,
    docs: 'not supported in whisper flows, hold flows, or customer queue flows',
  },
  check: ({ oneOf }) => oneOf(['QueueId', 'AgentId']),
  simulate(ctx) {
    const { p, state, options } = ctx;
    const queueArn = p.QueueId !== undefined ? ctx.resolve(p.QueueId) : '';
    const agentArn = p.AgentId !== undefined ? ctx.resolve(p.AgentId) : '';
    if (agentArn) {
      state.working = { kind: 'agent', agentArn };
      return nextStep(
        ctx,
        `working queue: agent queue of ${options.resolvers?.agentName?.(agentArn) ?? agentArn}`,
      );
    }
    if (queueArn) {
      state.working = { kind: 'queue', arn: queueArn };
      return nextStep(ctx, `working queue: ${options.resolvers?.queueName?.(queueArn) ?? queueArn}`);
    }
    const { target } = ctx.onError('NoMatchingError');
    return {
      kind: 'next',
      target,
      detail: 'no queue or agent to set (empty reference)',
      branch: 'error NoMatchingError',
    };
  },
};
