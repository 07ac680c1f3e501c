/**
 * The flows in `flows/` as the stack deploys them: each file's Connect type, its placeholders
 * filled from stack values, and the flow checker's verdict on both the template and the filled
 * content. Everything is checked at synth time, so a bad flow never reaches CloudFormation.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import { checkFlowDocument, checkFlowText, flowTypeKey, formatProblem } from '../flows/check';
import { CONTACT_FLOW_TYPES } from '../sandbox/connect/flows';
import { fillPlaceholders, listPlaceholders, MissingPlaceholderError } from '../flows/placeholders';

/** A console export's `Metadata.type` (`agentTransfer`) as the API's `ContactFlowType` (`AGENT_TRANSFER`). */
export function contactFlowType(metadataType: unknown): string | undefined {
  const key = flowTypeKey(metadataType);
  return CONTACT_FLOW_TYPES.find((t) => flowTypeKey(t) === key);
}

/** The repository's flow directory. */
export const FLOWS_DIR = path.resolve(__dirname, '../../flows');

/** One flow file, read and classified. */
export interface FlowFile {
  /** Base name without `.json`: the key of `flows.deploy` and `flows.names`. */
  key: string;
  file: string;
  document: unknown;
  text: string;
  /** The file's `Metadata.name`, else the key. */
  defaultName: string;
  type: string;
  description?: string;
  placeholders: string[];
}

/** Flow problems that stop the synth; `problems` are the lines to print. */
export class FlowDeployError extends Error {
  override readonly name = 'FlowDeployError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Base names of the flow files in `dir`. */
export function flowKeys(dir = FLOWS_DIR): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.replace(/\.json$/, ''))
    .sort();
}

/** Reads the named flow files; every unreadable or untyped file is reported at once. */
export function loadFlowFiles(keys: string[], dir = FLOWS_DIR): FlowFile[] {
  const problems: string[] = [];
  const out: FlowFile[] = [];
  for (const key of keys) {
    const file = path.join(dir, `${key}.json`);
    const text = readFileSync(file, 'utf8');
    let document: { Metadata?: { name?: unknown; type?: unknown; description?: unknown } };
    try {
      document = JSON.parse(text) as typeof document;
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    const metaType = document.Metadata?.type;
    const type = contactFlowType(metaType);
    if (!type) {
      problems.push(
        `${file}: Metadata.type ${JSON.stringify(metaType)} is not a flow type; use a ContactFlowType (${CONTACT_FLOW_TYPES.join(', ')}) in camelCase, as the console exports it`,
      );
      continue;
    }
    const description = document.Metadata?.description;
    out.push({
      key,
      file,
      document,
      text,
      defaultName: typeof document.Metadata?.name === 'string' ? document.Metadata.name : key,
      type,
      ...(typeof description === 'string' ? { description: description.slice(0, 500) } : {}),
      placeholders: listPlaceholders(document),
    });
  }
  if (problems.length > 0) throw new FlowDeployError(problems);
  return out;
}

/**
 * Fills a flow and returns compact JSON content (Connect counts characters against its 256,000
 * limit). Values may be CDK tokens: they stay strings here and become `Fn::Join` in the template.
 */
export function fillFlow(flow: FlowFile, values: Record<string, string>): string {
  try {
    return JSON.stringify(fillPlaceholders(flow.document, values));
  } catch (e) {
    if (!(e instanceof MissingPlaceholderError)) throw e;
    throw new FlowDeployError([
      `${flow.file}: the stack has no value for ${e.missing.map((m) => `\${${m}}`).join(', ')}; add it to PLACEHOLDER_VALUES in scripts/deploy/stack.ts`,
    ]);
  }
}

/**
 * Runs the flow checker on the template and on content filled with concrete example values of
 * the right shape (tokens are unresolved at synth). Errors stop the synth; warnings on the
 * template are returned. The filled content necessarily holds literal ARNs, which the checker
 * flags as warnings, so only its errors (a value that broke the document) count there.
 */
export function checkFlow(flow: FlowFile, exampleValues: Record<string, string>): string[] {
  const template = checkFlowText(flow.file, flow.text);
  // The filled content as CreateContactFlow receives it: its length against Connect's limit, its
  // Type against the actions it uses.
  const content = fillFlow(flow, exampleValues);
  const filled = checkFlowDocument(
    `${flow.file} (filled, as ${flow.type})`,
    JSON.parse(content) as unknown,
    content.length,
    flow.type,
  ).filter((p) => p.severity === 'error');
  const errors = [...template.filter((p) => p.severity === 'error'), ...filled].map(formatProblem);
  if (errors.length > 0) throw new FlowDeployError(errors);
  return template.filter((p) => p.severity === 'warning').map(formatProblem);
}
