import { formatEnd, type SimulationEnd } from '../simulation-types';
import { REFERENCE, type ActionSpec } from './types';

export const TransferContactToAgent: ActionSpec = {
  type: 'TransferContactToAgent',
  source: `${REFERENCE}contact-actions-transfercontacttoagent.html`,
  evidence: 'Salesforce sample transfer flow writes "Transitions": {}',
  errors: [],
  terminal: true,
  noTransitions: true,
  flowTypes: {
    allowedIn: ['agenttransfer', 'queuetransfer'],
    docs: 'supported in only transfer to agent and transfer to queue flows',
  },
  simulate(ctx) {
    // "Ends the current flow… If the agent is already with someone else, the contact is
    // disconnected." It has no error branch: a transfer that cannot reach an agent hangs up.
    const agentArn = ctx.state.contact.transferAgentArn;
    if (!agentArn) {
      return {
        kind: 'end',
        end: { kind: 'disconnected', reason: 'no agent to transfer to' },
        detail: 'no agent to transfer to: the contact is disconnected',
      };
    }
    const end: SimulationEnd = {
      kind: 'agent',
      agentArn,
      agentName: ctx.options.resolvers?.agentName?.(agentArn),
      via: 'transfer-to-agent',
    };
    return { kind: 'end', end, detail: `transferred to ${formatEnd(end)}` };
  },
};
