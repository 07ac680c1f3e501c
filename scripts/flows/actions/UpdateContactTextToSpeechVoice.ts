import { REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateContactTextToSpeechVoice: ActionSpec = {
  type: 'UpdateContactTextToSpeechVoice',
  source: `${REFERENCE}contact-actions-updatecontacttexttospeechvoice.html`,
  // The page now says NoMatchingError "Must always be defined" (an older revision said "Errors:
  // None"); working published flows still have no error branch, so it is not required here.
  evidence:
    'no Errors in aws-samples/amazon-connect-gitlab-cicd-terraform ACME_Main_AUTO.json, aws-samples/sample-amazon-connect-outbound-call InitModule.json, amazon-connect/amazon-connect-snippets BankIDAuth contact-flow.json, GoodMeasuresLLC/connect _00_routing_flow.json',
  params: { required: ['TextToSpeechVoice'], optional: ['TextToSpeechEngine', 'TextToSpeechStyle'] },
  errors: ['NoMatchingError'],
  simulate(ctx) {
    ctx.state.settings.voice = ctx.p.TextToSpeechVoice;
    return nextStep(ctx, `voice ${String(ctx.p.TextToSpeechVoice)}`);
  },
};
