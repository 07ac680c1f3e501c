/**
 * Deploys the flows in `flows/*.json` to a Connect instance: fill the placeholders, run the
 * project's flow checker on the result, then create each flow or update its content, in
 * dependency order when one flow's ARN fills another's placeholder.
 *
 * Every flow is filled and checked before anything is written, so one bad flow stops the whole
 * deploy instead of leaving the instance with half the new flows.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

import {
  CreateContactFlowCommand,
  DescribeContactFlowCommand,
  UpdateContactFlowContentCommand,
  paginateListContactFlows,
  type ConnectClient,
  type ContactFlowSummary,
  type ContactFlowType,
} from '@aws-sdk/client-connect';

import { checkFlowText, formatProblem } from '../flows/check';
import { fillPlaceholdersInJson, listPlaceholders, MissingPlaceholderError } from '../flows/placeholders';
import type { Change } from './lambda';

/** `Metadata.type` of a console export → `ContactFlowType` of the API. */
const METADATA_TYPES: Record<string, ContactFlowType> = {
  contactFlow: 'CONTACT_FLOW',
  agentTransfer: 'AGENT_TRANSFER',
  queueTransfer: 'QUEUE_TRANSFER',
  customerQueue: 'CUSTOMER_QUEUE',
  customerHold: 'CUSTOMER_HOLD',
  customerWhisper: 'CUSTOMER_WHISPER',
  agentHold: 'AGENT_HOLD',
  agentWhisper: 'AGENT_WHISPER',
  outboundWhisper: 'OUTBOUND_WHISPER',
  campaign: 'CAMPAIGN',
};

/**
 * Placeholders filled with the ARN of another flow of this deploy, by the flow file that provides
 * it. None of today's flows references another (the chat disconnect flow is set by a chat inbound
 * flow that lives outside this repository); a new placeholder added to `PLACEHOLDERS` and here
 * makes the deploy order and fill it.
 */
export const FLOW_ARN_PLACEHOLDERS: Readonly<Record<string, string>> = {};

/** One flow file, read and classified. */
export interface FlowFile {
  /** File base name without `.json`; the key of `flows.names` in the config. */
  key: string;
  file: string;
  text: string;
  /** Name in Connect: the config's override, else `Metadata.name`, else the key. */
  defaultName: string;
  type: ContactFlowType;
  description?: string;
  placeholders: string[];
}

/** A problem with the flows that stops the deploy; `problems` are the lines to print. */
export class FlowDeployError extends Error {
  override readonly name = 'FlowDeployError';
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
  }
}

/** Reads every `*.json` in `dir`. The flow type comes from `Metadata.type`, as the console exports it. */
export function loadFlowFiles(dir: string): FlowFile[] {
  const problems: string[] = [];
  const out: FlowFile[] = [];
  for (const entry of readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()) {
    const file = path.join(dir, entry);
    const text = readFileSync(file, 'utf8');
    let doc: { Metadata?: { name?: unknown; type?: unknown; description?: unknown } };
    try {
      doc = JSON.parse(text) as typeof doc;
    } catch (e) {
      problems.push(`${file}: not valid JSON (${(e as Error).message})`);
      continue;
    }
    const metaType = doc.Metadata?.type;
    const type = typeof metaType === 'string' ? METADATA_TYPES[metaType] : undefined;
    if (!type) {
      problems.push(
        `${file}: Metadata.type ${JSON.stringify(metaType)} is not a flow type; use one of ${Object.keys(METADATA_TYPES).join(', ')}`,
      );
      continue;
    }
    const key = entry.replace(/\.json$/, '');
    out.push({
      key,
      file,
      text,
      defaultName: typeof doc.Metadata?.name === 'string' ? doc.Metadata.name : key,
      type,
      ...(typeof doc.Metadata?.description === 'string' ? { description: doc.Metadata.description } : {}),
      placeholders: listPlaceholders(JSON.parse(text) as unknown),
    });
  }
  if (problems.length > 0) throw new FlowDeployError(problems);
  return out;
}

/**
 * Orders flows so that a flow whose ARN fills another's placeholder comes first. Throws on a
 * cycle, which no deploy order can satisfy.
 */
export function deployOrder(
  flows: FlowFile[],
  flowArnPlaceholders: Readonly<Record<string, string>>,
): FlowFile[] {
  const byKey = new Map(flows.map((f) => [f.key, f]));
  const ordered: FlowFile[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (flow: FlowFile, trail: string[]): void => {
    if (state.get(flow.key) === 'done') return;
    if (state.get(flow.key) === 'visiting') {
      throw new FlowDeployError([
        `flows reference each other in a cycle: ${[...trail, flow.key].join(' → ')}`,
      ]);
    }
    state.set(flow.key, 'visiting');
    for (const placeholder of flow.placeholders) {
      const providerKey = flowArnPlaceholders[placeholder];
      if (providerKey === undefined) continue;
      const provider = byKey.get(providerKey);
      if (!provider) {
        throw new FlowDeployError([
          `${flow.file}: \${${placeholder}} is filled by flows/${providerKey}.json, which is not being deployed`,
        ]);
      }
      visit(provider, [...trail, flow.key]);
    }
    state.set(flow.key, 'done');
    ordered.push(flow);
  };
  for (const flow of flows) visit(flow, []);
  return ordered;
}

/** Input of `deployFlows`. */
export interface DeployFlowsInput {
  instanceId: string;
  /** Instance ARN, for stand-in flow ARNs in a dry run; optional. */
  instanceArn?: string;
  flows: FlowFile[];
  /** Name overrides by flow key. */
  names: Record<string, string>;
  /** Every placeholder value, including the Lambda's ARN. */
  placeholders: Record<string, string>;
  dryRun: boolean;
  flowArnPlaceholders?: Readonly<Record<string, string>>;
}

/** One flow's outcome. */
export interface FlowResult {
  key: string;
  name: string;
  type: ContactFlowType;
  action: 'create' | 'update' | 'unchanged';
  /** The flow's ARN; undefined in a dry run that would create it. */
  arn?: string;
  /** Placeholder values filled into this flow. */
  filled: Record<string, string>;
  /** Warnings of the checker on the template (never blocking). */
  warnings: string[];
}

/** The outcome of `deployFlows`. */
export interface DeployFlowsResult {
  flows: FlowResult[];
  changes: Change[];
}

/** JSON with object keys sorted, so two documents compare equal whatever their key order or spacing. */
export function canonicalJson(text: string): string {
  const sort = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(sort);
    if (v !== null && typeof v === 'object') {
      return Object.fromEntries(
        Object.keys(v as Record<string, unknown>)
          .sort()
          .map((k) => [k, sort((v as Record<string, unknown>)[k])]),
      );
    }
    return v;
  };
  return JSON.stringify(sort(JSON.parse(text)));
}

/** Every flow of the instance by name (names are unique per instance). */
export async function listFlowsByName(
  connect: ConnectClient,
  instanceId: string,
): Promise<Map<string, ContactFlowSummary>> {
  const byName = new Map<string, ContactFlowSummary>();
  for await (const page of paginateListContactFlows(
    { client: connect, pageSize: 100 },
    { InstanceId: instanceId },
  )) {
    for (const s of page.ContactFlowSummaryList ?? []) if (s.Name) byName.set(s.Name, s);
  }
  return byName;
}

/** Fills one flow; the result is compact JSON (Connect counts characters against its 256,000 limit). */
function fill(
  flow: FlowFile,
  values: Record<string, string>,
): { content: string; filled: Record<string, string> } {
  const content = JSON.stringify(JSON.parse(fillPlaceholdersInJson(flow.text, values)));
  const filled = Object.fromEntries(flow.placeholders.map((p) => [p, values[p] as string]));
  return { content, filled };
}

/** The checker's errors on the template and on the filled content, as printable lines. */
function checkErrors(flow: FlowFile, content: string): { errors: string[]; warnings: string[] } {
  const template = checkFlowText(flow.file, flow.text);
  // The filled content necessarily holds literal ARNs, which the checker flags as warnings; only
  // its errors (a value that broke the document) matter there.
  const filled = checkFlowText(`${flow.file} (filled)`, content).filter((p) => p.severity === 'error');
  return {
    errors: [...template.filter((p) => p.severity === 'error'), ...filled].map(formatProblem),
    warnings: template.filter((p) => p.severity === 'warning').map(formatProblem),
  };
}

/**
 * Deploys the flows. Reads first (ListContactFlows, DescribeContactFlow), then writes only flows
 * that are missing or whose content differs. A dry run stops after the reads.
 */
export async function deployFlows(
  connect: ConnectClient,
  input: DeployFlowsInput,
): Promise<DeployFlowsResult> {
  const flowArnPlaceholders = input.flowArnPlaceholders ?? FLOW_ARN_PLACEHOLDERS;
  const ordered = deployOrder(input.flows, flowArnPlaceholders);
  const nameOf = (f: FlowFile): string => input.names[f.key] ?? f.defaultName;
  const existing = await listFlowsByName(connect, input.instanceId);

  // A flow ARN known now (the flow exists) or a stand-in of the right shape, so every flow can be
  // filled and checked before the first write.
  const flowArns = new Map<string, string>();
  for (const f of ordered) {
    const arn = existing.get(nameOf(f))?.Arn;
    flowArns.set(
      f.key,
      arn ??
        `${input.instanceArn ?? `arn:aws:connect:region:000000000000:instance/${input.instanceId}`}/contact-flow/00000000-0000-4000-8000-000000000000`,
    );
  }
  const valuesFor = (): Record<string, string> => {
    const values = { ...input.placeholders };
    for (const [placeholder, key] of Object.entries(flowArnPlaceholders)) {
      const arn = flowArns.get(key);
      if (arn) values[placeholder] = arn;
    }
    return values;
  };

  const problems: string[] = [];
  const warnings = new Map<string, string[]>();
  for (const f of ordered) {
    const existingFlow = existing.get(nameOf(f));
    if (existingFlow && existingFlow.ContactFlowType !== f.type) {
      problems.push(
        `${f.file}: a flow named "${nameOf(f)}" exists with type ${existingFlow.ContactFlowType ?? '?'}, not ${f.type}; Connect cannot change a flow's type, so rename one of them (flows.names in the config)`,
      );
      continue;
    }
    try {
      const { content } = fill(f, valuesFor());
      const checked = checkErrors(f, content);
      problems.push(...checked.errors);
      warnings.set(f.key, checked.warnings);
    } catch (e) {
      if (!(e instanceof MissingPlaceholderError)) throw e;
      problems.push(
        `${f.file}: no value for ${e.missing.map((m) => `\${${m}}`).join(', ')}; add it under flows.placeholders`,
      );
    }
  }
  if (problems.length > 0) throw new FlowDeployError(problems);

  const results: FlowResult[] = [];
  const changes: Change[] = [];
  for (const f of ordered) {
    const name = nameOf(f);
    const { content, filled } = fill(f, valuesFor());
    const summary = existing.get(name);
    let action: FlowResult['action'];
    let arn = summary?.Arn;
    if (!summary) {
      action = 'create';
      if (!input.dryRun) {
        const created = await connect.send(
          new CreateContactFlowCommand({
            InstanceId: input.instanceId,
            Name: name,
            Type: f.type,
            Content: content,
            ...(f.description ? { Description: f.description } : {}),
          }),
        );
        arn = created.ContactFlowArn;
        if (arn) flowArns.set(f.key, arn);
      }
    } else {
      const described = await connect.send(
        new DescribeContactFlowCommand({ InstanceId: input.instanceId, ContactFlowId: summary.Id }),
      );
      const current = described.ContactFlow?.Content;
      const same = current !== undefined && safeCanonical(current) === canonicalJson(content);
      action = same ? 'unchanged' : 'update';
      if (!same && !input.dryRun) {
        await connect.send(
          new UpdateContactFlowContentCommand({
            InstanceId: input.instanceId,
            ContactFlowId: summary.Id,
            Content: content,
          }),
        );
      }
    }
    results.push({
      key: f.key,
      name,
      type: f.type,
      action,
      ...(arn ? { arn } : {}),
      filled,
      warnings: warnings.get(f.key) ?? [],
    });
    changes.push({ target: `flow "${name}" (${f.type})`, action, ...(arn ? { detail: arn } : {}) });
  }
  return { flows: results, changes };
}

/** Content Connect holds may be anything; unparsable content simply differs. */
function safeCanonical(text: string): string | undefined {
  try {
    return canonicalJson(text);
  } catch {
    return undefined;
  }
}
