/**
 * The Amazon Connect flow language as this project reads it: the document shape of
 * `CreateContactFlow`/`DescribeContactFlow` `Content`, and parsing that copes with what people
 * actually have on disk (console exports, `DescribeContactFlow` output, the legacy editor format).
 */

/** The only flow-language version Connect accepts. */
export const FLOW_LANGUAGE_VERSION = '2019-10-30';

/** Connect rejects a flow with more actions than this. */
export const MAX_ACTIONS = 250;

/** Connect rejects `Content` longer than this many characters. */
export const MAX_CONTENT_CHARS = 256_000;

/** A condition on a transition, e.g. `{Operator: 'Equals', Operands: ['1']}`. */
export interface FlowCondition {
  Operator: string;
  Operands: unknown[];
}

export interface FlowConditionTransition {
  NextAction: string;
  Condition: FlowCondition;
}

export interface FlowErrorTransition {
  NextAction: string;
  ErrorType: string;
}

export interface FlowTransitions {
  NextAction?: string;
  Errors?: FlowErrorTransition[];
  Conditions?: FlowConditionTransition[];
}

/** One step of a flow. Parameters are loosely typed: each action type has its own shape. */
export interface FlowAction {
  Identifier: string;
  Type: string;
  Parameters: Record<string, unknown>;
  Transitions: FlowTransitions;
}

export interface FlowDocument {
  Version: string;
  StartAction: string;
  Metadata?: Record<string, unknown>;
  Actions: FlowAction[];
}

/** Why a file could not be read as a flow at all; the checker reports it as one problem. */
export class FlowParseError extends Error {
  override readonly name = 'FlowParseError';
  /** The checker's rule: `json`, `wrapper`, `content-size` or `legacy-format`. */
  constructor(
    message: string,
    readonly rule: 'json' | 'wrapper' | 'content-size' | 'legacy-format',
  ) {
    super(message);
  }
}

/** A file's flow: the document, and the flow type a DescribeContactFlow wrapper states. */
export interface ParsedFlowFile {
  doc: unknown;
  /** `ContactFlow.Type` of a DescribeContactFlow wrapper (`CONTACT_FLOW`, `CUSTOMER_QUEUE`...). */
  wrapperType?: string;
  /** Characters of the flow-language document itself (the wrapper's Content, or the file). */
  contentChars: number;
}

/**
 * Turns file text into the flow's JSON value, unwrapping `DescribeContactFlow` output
 * (`{"ContactFlow": {"Content": "<json string>", "Type": ...}}`) and refusing the legacy `modules`
 * format. Only the outer envelope is checked here; the document shape is the checker's job so
 * that it can report every problem rather than the first.
 *
 * @throws FlowParseError for malformed JSON, a malformed wrapper or the legacy format.
 */
export function parseFlowFile(text: string): ParsedFlowFile {
  const outer = parseJson(text, 'malformed JSON');
  let doc: unknown = outer;
  let wrapperType: string | undefined;
  let contentChars = text.length;
  const envelope = envelopeOf(outer);
  if (envelope !== undefined) {
    const { record, what, field } = envelope;
    if (!isRecord(record) || typeof record.Content !== 'string') {
      throw new FlowParseError(`${what} without a string ${field}`, 'wrapper');
    }
    if (record.Content.length > MAX_CONTENT_CHARS) {
      throw new FlowParseError(
        `${field} is ${record.Content.length} characters; Connect allows ${MAX_CONTENT_CHARS}`,
        'content-size',
      );
    }
    doc = parseJson(record.Content, `malformed JSON in ${field}`);
    if (typeof record.Type === 'string') wrapperType = record.Type;
    contentChars = record.Content.length;
  }
  if (isRecord(doc) && 'modules' in doc && !('Actions' in doc)) {
    throw new FlowParseError(
      'legacy flow format (top-level "modules"): open it in the current flow designer and export it again in the flow language (Version 2019-10-30)',
      'legacy-format',
    );
  }
  return { doc, contentChars, ...(wrapperType !== undefined ? { wrapperType } : {}) };
}

/**
 * The envelope a flow document travels in, if any: `DescribeContactFlow` output (`ContactFlow`),
 * `DescribeContactFlowModule` output (`ContactFlowModule`), or a `CreateContactFlow` request body
 * (`{"Name", "Type", "Content": "<json string>"}`), which teams keep as files and feed to
 * `aws connect create-contact-flow --cli-input-json` (aws-samples/amazon-connect-gitlab-cicd-terraform).
 */
function envelopeOf(outer: unknown): { record: unknown; what: string; field: string } | undefined {
  if (!isRecord(outer)) return undefined;
  if ('ContactFlow' in outer)
    return { record: outer.ContactFlow, what: 'DescribeContactFlow wrapper', field: 'ContactFlow.Content' };
  if ('ContactFlowModule' in outer)
    return {
      record: outer.ContactFlowModule,
      what: 'DescribeContactFlowModule wrapper',
      field: 'ContactFlowModule.Content',
    };
  if ('Content' in outer && !('Actions' in outer))
    return { record: outer, what: 'CreateContactFlow request', field: 'Content' };
  return undefined;
}

/** The flow document of a file's text (see `parseFlowFile`). */
export function parseFlowText(text: string): unknown {
  return parseFlowFile(text).doc;
}

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new FlowParseError(`${what}: ${(error as Error).message}`, 'json');
  }
}

/** Plain-object test that also narrows for indexing. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a number the way Connect does: exports write numbers as strings ("8"), hand-written flows
 * as numbers. Returns undefined for anything else, including JSONPath references.
 */
export function numberParam(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^-?\d+(\.\d+)?$/.test(value.trim())) return Number(value.trim());
  return undefined;
}

/** Every transition target of an action, with a label saying which branch it is. */
export function transitionTargets(action: FlowAction): { label: string; target: string }[] {
  const out: { label: string; target: string }[] = [];
  const t = action.Transitions;
  if (typeof t.NextAction === 'string') out.push({ label: 'NextAction', target: t.NextAction });
  for (const e of t.Errors ?? []) out.push({ label: `error ${e.ErrorType}`, target: e.NextAction });
  for (const c of t.Conditions ?? []) {
    const operands = Array.isArray(c.Condition?.Operands) ? c.Condition.Operands.join(',') : '?';
    out.push({ label: `condition ${c.Condition?.Operator} ${operands}`, target: c.NextAction });
  }
  return out;
}

/** A whole value that is one JSONPath reference (a dynamic parameter), e.g. `$.External.key`. */
export const SINGLE_JSONPATH = /^\$\.[A-Za-z][A-Za-z0-9]*(\.[A-Za-z0-9_-]+)*$/;

/** True when a parameter is set dynamically: it contains a flow-language reference. */
export function isDynamic(value: unknown): boolean {
  return typeof value === 'string' && /\$\.[A-Za-z]/.test(value);
}

/** JSONPath references in a string, e.g. `$.External.lastAgentFirstName` inside prompt text. */
export const JSONPATH_REFERENCE = /\$\.[A-Za-z][A-Za-z0-9]*(?:\.[A-Za-z0-9_-]+)*/g;

/** Collects every string in a parameter tree, with a dotted path for messages. */
export function collectStrings(value: unknown, path: string, out: { path: string; value: string }[] = []) {
  if (typeof value === 'string') out.push({ path, value });
  else if (Array.isArray(value)) value.forEach((v, i) => collectStrings(v, `${path}[${i}]`, out));
  else if (isRecord(value))
    for (const [k, v] of Object.entries(value)) collectStrings(v, `${path}.${k}`, out);
  return out;
}
