import { PROMPT_PARAMS } from './prompt';
import { REFERENCE, type ActionSpec } from './types';

export const ConnectParticipantWithLexBot: ActionSpec = {
  type: 'ConnectParticipantWithLexBot',
  source: `${REFERENCE}participant-actions-connectparticipantwithlexbot.html`,
  evidence:
    'aws-samples/amazon-connect-gitlab-cicd-terraform ACME_Main_AUTO.json (LexV2Bot.AliasArn from $.FlowAttributes, intents as Equals conditions)',
  params: {
    optional: [
      ...PROMPT_PARAMS,
      'Media',
      'LexV2Bot',
      'LexBot',
      'LexSessionAttributes',
      'LexInitilizationData',
      'LexTimeoutSeconds',
    ],
  },
  errors: ['InputTimeLimitExceeded', 'NoMatchingError', 'NoMatchingCondition'],
  rules: {
    'one-bot': {
      // A published test flow gives both (636137/multi-tenancy-amazon-connect webrtc_test_flow.json).
      severity: 'warning',
      summary: 'exactly one of LexBot (Lex V1) or LexV2Bot ("Provide either LexBot or LexV2Bot")',
    },
  },
  check({ p, report }) {
    const bots = ['LexBot', 'LexV2Bot'].filter((k) => p[k] !== undefined);
    if (bots.length !== 1)
      report(
        'one-bot',
        `give either LexBot or LexV2Bot (found ${bots.length ? bots.join(' and ') : 'neither'})`,
      );
  },
};
