/**
 * A strict, offline checker for Amazon Connect flow-language documents. Connect validates a flow
 * only when it is published, and some mistakes (a JSONPath to a key the Lambda never returns) it
 * never catches: the caller just hears silence or lands in the wrong queue. This finds them first,
 * while accepting what real, working published flows do (see `rules.ts`).
 *
 * Pure: `checkFlowText` takes file text and returns problems; the CLI does the I/O. The parts:
 * `check-shape` (document and actions), `check-graph` (transitions), `check-params` (each action
 * against its registry entry), `check-references` (placeholders, templates, JSONPath) and
 * `check-external` (what `$.External` holds where it is read).
 */
import { reporter, type FlowProblem, type Report } from './check-context';
import { checkExternalReads } from './check-external';
import { checkReachability, checkTransitions } from './check-graph';
import { checkAction } from './check-params';
import { checkReferences, reportForeignTemplates } from './check-references';
import { checkDocumentShape, collectActions } from './check-shape';
import { FlowParseError, isRecord, parseFlowFile, type FlowDocument } from './flow-model';
import { GENERIC_RULES, allRules } from './rules';

export type { FlowProblem, Severity } from './check-context';
export { OPERATORS, reachableFrom } from './check-graph';
export { flowTypeKey } from './check-params';
export { FIND_LAST_AGENT_ARN_PLACEHOLDER } from './project';

/** Checks one file's text. Never throws: unreadable input becomes one error problem. */
export function checkFlowText(file: string, text: string): FlowProblem[] {
  try {
    const { doc, wrapperType, contentChars } = parseFlowFile(text);
    return checkFlowDocument(file, doc, contentChars, wrapperType);
  } catch (error) {
    if (error instanceof FlowParseError)
      return [{ file, problem: error.message, severity: 'error', rule: error.rule }];
    // The contract is one line per file, never a stack trace: an unexpected failure is a finding too.
    return [
      {
        file,
        problem: `the checker could not read this file: ${(error as Error).message}`,
        severity: 'error',
        rule: 'document',
      },
    ];
  }
}

/**
 * Checks an already parsed document (the value of `Content`). `flowType` is the flow's type when
 * something outside the document states it (a DescribeContactFlow wrapper, CreateContactFlow's
 * `Type`); otherwise `Metadata.type` is used.
 */
export function checkFlowDocument(
  file: string,
  doc: unknown,
  contentChars = 0,
  flowType?: string,
): FlowProblem[] {
  const problems: FlowProblem[] = [];
  const report = reporter(file, problems);
  const raw = checkDocumentShape(doc, contentChars, report);
  if (!raw || !isRecord(doc)) return problems;
  const actions = collectActions(raw, report);
  const start = typeof doc.StartAction === 'string' ? doc.StartAction : undefined;
  if (start !== undefined && !actions.has(start))
    report('start-action', `StartAction "${start}" is not an action Identifier`);

  const type = flowType ?? (isRecord(doc.Metadata) ? doc.Metadata.type : undefined);
  const foreign: string[] = [];
  for (const action of actions.values()) {
    checkTransitions(action, actions, report);
    checkAction(action, type, report);
    foreign.push(...checkReferences(action, report));
  }
  reportForeignTemplates(foreign, report);
  if (start !== undefined && actions.has(start)) {
    checkReachability(start, actions, report);
    checkExternalReads(start, actions, report);
  }
  return problems;
}

/**
 * What the service itself refuses on CreateContactFlow / UpdateContactFlowContent: the problems
 * of rules marked `serviceRejects`. The Connect emulator answers InvalidContactFlowException with them.
 */
export function serviceProblems(doc: unknown, flowType: string, contentChars: number): FlowProblem[] {
  const rules = allRules();
  return checkFlowDocument('Content', doc, contentChars, flowType).filter(
    (p) => rules.get(p.rule)?.serviceRejects,
  );
}

/** One line per problem, as the CLI prints it: `file: action <Identifier>: problem`. */
export function formatProblem(p: FlowProblem): string {
  const where = p.action !== undefined ? `action ${p.action}: ` : '';
  const tag = p.severity === 'warning' ? 'warning: ' : '';
  // A JSON parser's message may span lines; the contract is one line per problem.
  return `${p.file}: ${where}${tag}${p.problem.replace(/\s*\n\s*/g, ' ')}`;
}

/** Exit code for a set of problems: 1 when any is an error, warnings alone pass. */
export function exitCodeFor(problems: FlowProblem[]): 0 | 1 {
  return problems.some((p) => p.severity === 'error') ? 1 : 0;
}

export type { FlowDocument, Report };
export { GENERIC_RULES };
