/**
 * How a benchmark worker (`worker.cjs`, a bundled handler in its own process) is started: the
 * bundle to load and the contact event it answers, built by the one builder of Connect's event
 * (`scripts/flows/contact-flow-event.ts`); the worker puts each call's caller number into a copy.
 */
import path from 'node:path';
import { contactFlowEvent } from '../flows/contact-flow-event';

export const BENCH_WORKER = path.join(__dirname, 'worker.cjs');

/** The worker's argv: the bundle's path and the event template (JSON). */
export function benchWorkerArgs(bundle: string, instanceArn: string): string[] {
  const template = contactFlowEvent(
    { contactId: 'bench', instanceArn, customerNumber: null, systemNumber: '+18005550100' },
    {},
  );
  return [bundle, JSON.stringify(template)];
}
