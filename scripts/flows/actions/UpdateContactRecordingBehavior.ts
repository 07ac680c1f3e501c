import { isRecord } from '../flow-model';
import { REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateContactRecordingBehavior: ActionSpec = {
  type: 'UpdateContactRecordingBehavior',
  source: `${REFERENCE}contact-actions-updatecontactrecordingbehavior.html`,
  params: { optional: ['RecordingBehavior', 'AnalyticsBehavior', 'IVRRecordingBehavior'] },
  // "Errors: None" on the page; a deploy log of a published flow confirms the service refuses a
  // NoMatchingError branch here with InvalidContactFlowException (Richard1007/claude-connect-skills
  // output/stuck-issues.md, IVR #5).
  evidence:
    'a NoMatchingError branch is refused with InvalidContactFlowException (Richard1007/claude-connect-skills output/stuck-issues.md, IVR #5)',
  errors: [],
  rules: { behavior: { severity: 'error', summary: 'RecordingBehavior or AnalyticsBehavior is set' } },
  check({ p, report }) {
    if (
      !isRecord(p.RecordingBehavior) &&
      !isRecord(p.AnalyticsBehavior) &&
      p.IVRRecordingBehavior === undefined
    ) {
      report('behavior', 'missing parameter RecordingBehavior (or AnalyticsBehavior)');
    }
  },
  simulate(ctx) {
    ctx.state.settings.recording = ctx.p.RecordingBehavior;
    ctx.state.settings.analytics = ctx.p.AnalyticsBehavior;
    return nextStep(ctx, 'recording and analytics behavior set');
  },
};
