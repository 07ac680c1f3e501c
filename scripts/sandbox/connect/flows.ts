/**
 * Flow and Lambda-association operations of the Connect emulator: CreateContactFlow,
 * UpdateContactFlowContent, DescribeContactFlow, ListContactFlows, AssociateLambdaFunction and
 * ListLambdaFunctions. Deploy scripts run against these, so they reject what Connect rejects
 * (bad content, a duplicate name, an action the flow type does not allow) with Connect's errors.
 * What content the service refuses comes from the flow checker's registry (`scripts/flows/actions`).
 */
import { createHash, randomUUID } from 'node:crypto';

import {
  duplicateResource,
  invalidContactFlow,
  invalidParameter,
  notFound,
  resourceConflict,
} from './errors';
import { serviceProblems } from '../../flows/check';
import type { ConnectState, OperationHandler } from './operations';
import { epochSeconds, maxResults, optionalString, page, regionOf, resolveInstance } from './params';

/** A flow as the emulator keeps it. */
export interface StoredContactFlow {
  id: string;
  arn: string;
  name: string;
  type: ContactFlowTypeName;
  status: 'PUBLISHED' | 'SAVED';
  description?: string;
  content: string;
  tags: Record<string, string>;
  lastModified: Date;
}

/** `ContactFlowType` of client-connect 3.x. */
export const CONTACT_FLOW_TYPES = [
  'AGENT_HOLD',
  'AGENT_TRANSFER',
  'AGENT_WHISPER',
  'CAMPAIGN',
  'CONTACT_FLOW',
  'CUSTOMER_HOLD',
  'CUSTOMER_QUEUE',
  'CUSTOMER_WHISPER',
  'OUTBOUND_WHISPER',
  'QUEUE_TRANSFER',
] as const;

export type ContactFlowTypeName = (typeof CONTACT_FLOW_TYPES)[number];

const FLOW_STATUSES = new Set(['PUBLISHED', 'SAVED']);
/** Documented limits of CreateContactFlow / the flow language. */
const CONTENT_MAX_CHARS = 256_000;
const NAME_MAX = 127;
const DESCRIPTION_MAX = 500;
/** Documented ListLambdaFunctions page size limit. */
const LAMBDA_PAGE_MAX = 25;
const LAMBDA_ARN =
  /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):(\d{12}):function:[A-Za-z0-9_-]{1,64}(:[A-Za-z0-9$_-]+)?$/;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

function requiredString(body: Record<string, unknown>, member: string, max: number): string {
  const value = optionalString(body, member, max);
  if (value === undefined || value === '') {
    const wire = member.charAt(0).toLowerCase() + member.slice(1);
    throw invalidParameter(
      `1 validation error detected: Value null at '${wire}' failed to satisfy constraint: Member must not be null`,
    );
  }
  return value;
}

function flowType(raw: unknown): ContactFlowTypeName {
  if (typeof raw !== 'string' || !(CONTACT_FLOW_TYPES as readonly string[]).includes(raw)) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(raw)}' at 'type' failed to satisfy constraint: Member must satisfy enum value set: [${CONTACT_FLOW_TYPES.join(', ')}]`,
    );
  }
  return raw as ContactFlowTypeName;
}

/**
 * The checks Connect makes when it publishes content: JSON, then every rule of the flow checker's
 * catalogue marked `serviceRejects` (top level, unique identifiers, transitions that land,
 * action types the service refuses by name, static-only parameters, actions the flow type does
 * not allow), read from the same registry of action facts. Every finding is reported at once,
 * as Connect's `problems[]` does.
 */
export function contentProblems(content: string, type: ContactFlowTypeName): string[] {
  if (content.length > CONTENT_MAX_CHARS) {
    return [`Content is ${content.length} characters; the maximum is ${CONTENT_MAX_CHARS}`];
  }
  let doc: unknown;
  try {
    doc = JSON.parse(content);
  } catch {
    return ['Content is not valid JSON'];
  }
  return serviceProblems(doc, type, content.length).map((p) =>
    p.action !== undefined ? `Action ${p.action}: ${p.problem}` : p.problem,
  );
}

function checkContent(content: string, type: ContactFlowTypeName): void {
  const problems = contentProblems(content, type);
  if (problems.length > 0) throw invalidContactFlow(problems);
}

function sha256(content: string): string {
  return createHash('sha256').update(content).digest('hex');
}

function findFlow(state: ConnectState, idOrArn: string | undefined): StoredContactFlow {
  // Connect addresses a flow by id, or by id with a `:$SAVED` / `:$PUBLISHED` alias.
  const id = (idOrArn ?? '').replace(/:\$(SAVED|PUBLISHED)$/, '');
  const flow = state.contactFlows.get(id);
  if (!flow) throw notFound(`ContactFlow not found: ${idOrArn ?? ''}`);
  return flow;
}

/** `PUT /contact-flows/{InstanceId}` */
export const createContactFlow: OperationHandler = (state, { params, body }) => {
  resolveInstance(state, params.InstanceId);
  const name = requiredString(body, 'Name', NAME_MAX);
  const type = flowType(body.Type);
  const content = requiredString(body, 'Content', Number.MAX_SAFE_INTEGER);
  const description = optionalString(body, 'Description', DESCRIPTION_MAX);
  const status = body.Status ?? 'PUBLISHED';
  if (typeof status !== 'string' || !FLOW_STATUSES.has(status)) {
    throw invalidParameter(
      `1 validation error detected: Value '${String(status)}' at 'status' failed to satisfy constraint: Member must satisfy enum value set: [PUBLISHED, SAVED]`,
    );
  }
  checkContent(content, type);
  // Connect keeps flow names unique per instance, whatever their type.
  if ([...state.contactFlows.values()].some((f) => f.name === name)) {
    throw duplicateResource(`A flow with the name ${name} already exists.`);
  }
  const id = randomUUID();
  const flow: StoredContactFlow = {
    id,
    arn: `${state.data.instanceArn}/contact-flow/${id}`,
    name,
    type,
    status: status as StoredContactFlow['status'],
    ...(description !== undefined ? { description } : {}),
    content,
    tags: isObject(body.Tags) ? (body.Tags as Record<string, string>) : {},
    lastModified: new Date(),
  };
  state.contactFlows.set(id, flow);
  return { ContactFlowId: id, ContactFlowArn: flow.arn, FlowContentSha256: sha256(content) };
};

/** `POST /contact-flows/{InstanceId}/{ContactFlowId}/content` */
export const updateContactFlowContent: OperationHandler = (state, { params, body }) => {
  resolveInstance(state, params.InstanceId);
  const flow = findFlow(state, params.ContactFlowId);
  const content = requiredString(body, 'Content', Number.MAX_SAFE_INTEGER);
  checkContent(content, flow.type);
  flow.content = content;
  flow.lastModified = new Date();
  return {};
};

/** `GET /contact-flows/{InstanceId}/{ContactFlowId}` */
export const describeContactFlow: OperationHandler = (state, { params }) => {
  resolveInstance(state, params.InstanceId);
  const flow = findFlow(state, params.ContactFlowId);
  return {
    ContactFlow: {
      Arn: flow.arn,
      Id: flow.id,
      Name: flow.name,
      Type: flow.type,
      State: 'ACTIVE',
      Status: flow.status,
      ...(flow.description !== undefined ? { Description: flow.description } : {}),
      Content: flow.content,
      Tags: flow.tags,
      FlowContentSha256: sha256(flow.content),
      LastModifiedTime: epochSeconds(flow.lastModified),
      LastModifiedRegion: regionOf(state),
    },
  };
};

/** `GET /contact-flows-summary/{InstanceId}` */
export const listContactFlows: OperationHandler = (state, { params, query }) => {
  resolveInstance(state, params.InstanceId);
  const types = query.getAll('contactFlowTypes');
  if (types.length > 10) {
    throw invalidParameter(
      "1 validation error detected: Value at 'contactFlowTypes' failed to satisfy constraint: Member must have length less than or equal to 10",
    );
  }
  types.forEach(flowType);
  const limit = maxResults(query.get('maxResults') ?? undefined, 'maxResults', 1000, 100);
  const flows = [...state.contactFlows.values()].filter((f) => types.length === 0 || types.includes(f.type));
  const { items, NextToken } = page('ListContactFlows', flows, query.get('nextToken') ?? undefined, limit);
  return {
    ContactFlowSummaryList: items.map((f) => ({
      Id: f.id,
      Arn: f.arn,
      Name: f.name,
      ContactFlowType: f.type,
      ContactFlowState: 'ACTIVE',
      ContactFlowStatus: f.status,
    })),
    ...(NextToken ? { NextToken } : {}),
  };
};

/** `PUT /instance/{InstanceId}/lambda-function` */
export const associateLambdaFunction: OperationHandler = (state, { params, body }) => {
  resolveInstance(state, params.InstanceId);
  const arn = requiredString(body, 'FunctionArn', 140);
  const match = LAMBDA_ARN.exec(arn);
  if (!match) throw invalidParameter(`Invalid Lambda function ARN: ${arn}`);
  // Connect invokes only functions of its own Region.
  if (match[1] !== regionOf(state)) {
    throw invalidParameter(
      `The Lambda function ${arn} must be in the same Region as the instance (${regionOf(state)})`,
    );
  }
  // Real Connect's answer to a repeat is not documented; answering a conflict is the strict
  // choice, so callers must check first or tolerate it.
  if (state.lambdaFunctions.includes(arn)) {
    throw resourceConflict(`The Lambda function ${arn} is already associated with the instance.`);
  }
  state.lambdaFunctions.push(arn);
  return {};
};

/** `GET /instance/{InstanceId}/lambda-functions` */
export const listLambdaFunctions: OperationHandler = (state, { params, query }) => {
  resolveInstance(state, params.InstanceId);
  const limit = maxResults(query.get('maxResults') ?? undefined, 'maxResults', LAMBDA_PAGE_MAX, 10);
  const { items, NextToken } = page(
    'ListLambdaFunctions',
    state.lambdaFunctions,
    query.get('nextToken') ?? undefined,
    limit,
  );
  return { LambdaFunctions: items, ...(NextToken ? { NextToken } : {}) };
};
