/** What every part of the checker shares: the problem type and the way problems are reported. */
import { severityOf, type Severity } from './rules';

export type { Severity } from './rules';

/** One finding. `action` is the Identifier involved, or undefined for document-level problems. */
export interface FlowProblem {
  file: string;
  action?: string;
  problem: string;
  severity: Severity;
  /** The catalogue entry (`rules.ts`, or `<Type>/<rule>` from the registry) that found it. */
  rule: string;
}

/** Reports one finding of `rule` (its severity comes from the catalogue). */
export type Report = (rule: string, problem: string, action?: string) => void;

/** A reporter that collects into `problems`. */
export function reporter(file: string, problems: FlowProblem[]): Report {
  return (rule, problem, action) =>
    problems.push({
      file,
      ...(action !== undefined ? { action } : {}),
      problem,
      severity: severityOf(rule),
      rule,
    });
}
