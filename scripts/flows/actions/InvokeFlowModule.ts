import { REFERENCE, type ActionSpec } from './types';

export const InvokeFlowModule: ActionSpec = {
  type: 'InvokeFlowModule',
  source: `${REFERENCE}flow-language-actions-invoke-flow-module.html`,
  evidence:
    'aws-samples/amazon-connect-gitlab-cicd-terraform ACME_Main_AUTO.json (FlowModuleId from $.FlowAttributes)',
  params: { required: ['FlowModuleId'] },
  errors: ['NoMatchingError'],
  flowTypes: { allowedIn: ['contactflow'], docs: 'only supports Inbound flow types' },
};
