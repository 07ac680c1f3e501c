import { isRecord } from '../flow-model';
import { REFERENCE, nextStep, type ActionSpec } from './types';

const ATTRIBUTE_KEY = /^[A-Za-z0-9_-]+$/;

export const UpdateContactAttributes: ActionSpec = {
  type: 'UpdateContactAttributes',
  source: `${REFERENCE}contact-actions-updatecontactattributes.html`,
  params: { required: ['Attributes'], optional: ['TargetContact'] },
  errors: ['NoMatchingError'],
  rules: {
    attributes: { severity: 'error', summary: 'Attributes is a non-empty map of strings' },
    'attribute-key': { severity: 'error', summary: 'attribute keys hold only letters, digits, - and _' },
  },
  check({ p, report }) {
    const attrs = p.Attributes;
    if (attrs === undefined) return;
    if (!isRecord(attrs) || Object.keys(attrs).length === 0) {
      report('attributes', 'missing parameter Attributes (a non-empty map)');
      return;
    }
    for (const [key, value] of Object.entries(attrs)) {
      if (!ATTRIBUTE_KEY.test(key))
        report('attribute-key', `attribute key "${key}" may hold only letters, digits, - and _`);
      if (typeof value !== 'string') report('attributes', `attribute "${key}" must be a string`);
    }
  },
  simulate(ctx) {
    const attrs = isRecord(ctx.p.Attributes) ? ctx.p.Attributes : {};
    const set: string[] = [];
    for (const [key, value] of Object.entries(attrs)) {
      ctx.state.attributes[key] = ctx.resolve(value);
      set.push(`${key}=${JSON.stringify(ctx.state.attributes[key])}`);
    }
    return nextStep(ctx, `set ${set.join(' ')}`);
  },
};
