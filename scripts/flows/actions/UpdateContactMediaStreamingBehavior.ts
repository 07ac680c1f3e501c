import { REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateContactMediaStreamingBehavior: ActionSpec = {
  type: 'UpdateContactMediaStreamingBehavior',
  source: `${REFERENCE}contact-actions-updatecontactmediastreamingbehavior.html`,
  evidence: 'aws-samples/sample-amazon-connect-outbound-call InitModule.json (start and stop, in a module)',
  params: { required: ['MediaStreamingState'], optional: ['Participants', 'MediaStreamType'] },
  staticOnly: ['MediaStreamingState', 'MediaStreamType', 'Participants[].ParticipantType'],
  errors: ['NoMatchingError'],
  flowTypes: { notIn: ['customerhold', 'agenthold'], docs: 'It is not supported in hold flows' },
  rules: { state: { severity: 'error', summary: 'MediaStreamingState is "Enabled" or "Disabled"' } },
  check({ p, report }) {
    const state = p.MediaStreamingState;
    if (state !== undefined && state !== 'Enabled' && state !== 'Disabled')
      report('state', `MediaStreamingState must be "Enabled" or "Disabled" (got ${JSON.stringify(state)})`);
  },
  simulate(ctx) {
    ctx.state.settings.mediaStreaming = ctx.p.MediaStreamingState;
    return nextStep(ctx, `media streaming ${String(ctx.p.MediaStreamingState)}`);
  },
};
