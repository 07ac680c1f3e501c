import { isRecord } from '../flow-model';
import { REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateContactRecordingBehavior: ActionSpec = {
  type: 'UpdateContactRecordingBehavior',
  source: `${REFERENCE}contact-actions-updatecontactrecordingbehavior.html`,
  params: { optional: ['RecordingBehavior', 'AnalyticsBehavior', 'IVRRecordingBehavior'] },
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
