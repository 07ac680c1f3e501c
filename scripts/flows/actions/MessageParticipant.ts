import { PROMPT_PARAMS, promptText } from './prompt';
import { REFERENCE, nextStep, type ActionSpec } from './types';

export const MessageParticipant: ActionSpec = {
  type: 'MessageParticipant',
  source: `${REFERENCE}participant-actions-messageparticipant.html`,
  params: { optional: [...PROMPT_PARAMS, 'Media', 'LanguageCode'] },
  errors: ['NoMatchingError'],
  check({ p, oneOf }) {
    if (p.Media === undefined) oneOf(PROMPT_PARAMS);
  },
  simulate: (ctx) => nextStep(ctx, 'played a message', { prompt: promptText(ctx) }),
};
