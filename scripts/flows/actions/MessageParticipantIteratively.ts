import { isRecord } from '../flow-model';
import { promptText } from './prompt';
import { REFERENCE, type ActionSpec } from './types';

/**
 * The looping prompt of customer queue and hold flows ("Loop prompts"): it plays its messages over
 * and over until the contact leaves the flow (an agent answers), so it has no next action by design.
 */
export const MessageParticipantIteratively: ActionSpec = {
  type: 'MessageParticipantIteratively',
  source: `${REFERENCE}participant-actions-messageparticipantiteratively.html`,
  evidence: 'default customer queue flow and aws-samples queue flows: Transitions with Errors only',
  params: { required: ['Messages'], optional: ['InterruptFrequencySeconds'] },
  errors: ['NoMatchingError'],
  terminal: true,
  rules: { messages: { severity: 'error', summary: 'Messages is a non-empty list of prompts' } },
  check({ p, report }) {
    if (p.Messages !== undefined && (!Array.isArray(p.Messages) || p.Messages.length === 0))
      report('messages', 'Messages must be a non-empty list of {Text|SSML|PromptId} objects');
  },
  simulate(ctx) {
    const messages = Array.isArray(ctx.p.Messages) ? ctx.p.Messages.filter(isRecord) : [];
    const prompt = messages.map((m) => promptText(ctx, m)).join(' / ');
    return {
      kind: 'end',
      end: { kind: 'held', reason: 'prompts repeat until the contact leaves the flow' },
      detail: 'plays its prompts until the contact leaves the flow',
      prompt,
    };
  },
};
