/**
 * Every rule the checker applies, with its severity and where it comes from. A rule that a real,
 * working published flow breaks is a warning, unless an AWS reference page says the service
 * rejects it and no published flow contradicts the page. Rules of one action type live in its
 * registry file (`actions/<Type>.ts`) and appear here as `<Type>/<rule>`.
 */
import { ACTIONS } from './actions';
import { LIVE_API_EVIDENCE, REFERENCE } from './actions/types';

export type Severity = 'error' | 'warning';

export interface Rule {
  severity: Severity;
  summary: string;
  /** A reference page, a published flow or this project's own contract. */
  source: string;
  /** The service refuses such a flow on CreateContactFlow/UpdateContactFlowContent (the emulator does too). */
  serviceRejects?: boolean;
}

const LANGUAGE = `${REFERENCE}flow-language.html`;
const ACTION_PAGE = "the action's reference page (see the registry entry)";
const PUBLISHED = 'published flows (test/fixtures/flows/corpus)';
const LIVE = LIVE_API_EVIDENCE;

/** Rules of the document, the graph and the references, whatever the action types. */
export const GENERIC_RULES = {
  unreadable: { severity: 'error', summary: 'the file can be read', source: 'the file system' },
  json: { severity: 'error', summary: 'the file is JSON', source: LANGUAGE, serviceRejects: true },
  'legacy-format': {
    severity: 'error',
    summary: 'the legacy editor format (top-level "modules") is not the flow language; export it again',
    source: LANGUAGE,
  },
  wrapper: {
    severity: 'error',
    summary: 'a DescribeContactFlow wrapper has a string ContactFlow.Content',
    source: `${REFERENCE}API_DescribeContactFlow.html`,
  },
  document: {
    severity: 'error',
    summary: 'the document is an object with Version, StartAction and Actions',
    source: LANGUAGE,
    serviceRejects: true,
  },
  version: { severity: 'error', summary: 'Version is "2019-10-30"', source: LANGUAGE, serviceRejects: true },
  'content-size': {
    severity: 'error',
    summary: 'Content is at most 256,000 characters',
    source: `${REFERENCE}API_CreateContactFlow.html`,
    serviceRejects: true,
  },
  'actions-count': {
    severity: 'error',
    summary: 'Actions is a non-empty list of at most 250 actions',
    source: LANGUAGE,
    serviceRejects: true,
  },
  metadata: { severity: 'error', summary: 'Metadata is an object', source: LANGUAGE },
  'start-action': {
    severity: 'error',
    summary: 'StartAction names an action',
    source: LANGUAGE,
    serviceRejects: true,
  },
  'action-shape': {
    severity: 'error',
    summary: 'an action is an object with Identifier, Type, Parameters and Transitions objects',
    source: LANGUAGE,
    serviceRejects: true,
  },
  'transitions-missing': {
    severity: 'warning',
    summary:
      'an action without Transitions is read as {} (published Terraform-deployed modules omit it on terminal actions)',
    source: PUBLISHED,
  },
  'identifier-duplicate': {
    severity: 'error',
    summary: 'Identifiers are unique',
    source: LANGUAGE,
    serviceRejects: true,
  },
  'identifier-length': {
    severity: 'error',
    summary: 'an Identifier has at most 50 characters',
    source: LANGUAGE,
  },
  'identifier-chars': {
    severity: 'error',
    summary:
      'an Identifier has none of % : ( \\ / ) = $ , ; [ ] { } (spaces, * and # are fine: published flows use them)',
    source: LANGUAGE,
  },
  'identifier-reserved': {
    severity: 'error',
    summary: 'an Identifier is not a JavaScript object member name',
    source: LANGUAGE,
  },
  'transition-shape': {
    severity: 'error',
    summary: 'transitions have NextAction, ErrorType or Condition {Operator, Operands[]}',
    source: LANGUAGE,
  },
  'transition-target': {
    severity: 'error',
    summary: 'every transition goes to an action of the flow',
    source: LANGUAGE,
    serviceRejects: true,
  },
  'dead-end': {
    severity: 'error',
    summary: 'a non-terminal action has a NextAction or conditions',
    source: LANGUAGE,
  },
  unreachable: {
    severity: 'warning',
    summary: 'an action nothing leads to (published flows keep some)',
    source: PUBLISHED,
  },
  'no-transitions': {
    severity: 'error',
    summary: 'a terminal action with "Errors: None" has "Transitions": {}',
    source: ACTION_PAGE,
  },
  errorless: {
    severity: 'error',
    summary: 'an action documented "Errors: None" has no error branches',
    source: ACTION_PAGE,
  },
  'error-required': {
    severity: 'error',
    summary: 'an action has the error branches without which a contact gets stuck',
    source: ACTION_PAGE,
  },
  'error-type': {
    severity: 'warning',
    summary: 'an error branch names an error type its action can raise',
    source: ACTION_PAGE,
  },
  operator: {
    severity: 'error',
    summary: 'a condition operator is one of the flow language',
    source: `${REFERENCE}flow-language-conditions.html`,
  },
  operand: {
    severity: 'error',
    summary: 'a condition has one string operand, numeric for Number* operators',
    source: `${REFERENCE}flow-language-conditions.html`,
    serviceRejects: true,
  },
  'operand-empty': {
    severity: 'error',
    summary: 'no condition compares with "" (no published flow does; the service rejects it)',
    source: LIVE,
    serviceRejects: true,
  },
  'next-action': {
    severity: 'error',
    summary: 'a non-terminal action with conditions still has a NextAction',
    source: LIVE,
    serviceRejects: true,
  },
  'param-empty': {
    severity: 'error',
    summary: 'no parameter value is "" (the service rejects empty values)',
    source: LIVE,
    serviceRejects: true,
  },
  'param-spelling-rejected': {
    severity: 'error',
    summary:
      "a parameter spelt as the reference page does where the service rejects that spelling (Wait's TimeoutSeconds)",
    source: LIVE,
    serviceRejects: true,
  },
  'action-unmodeled': {
    severity: 'warning',
    summary: 'an action type the registry does not model yet: only its shape and references are checked',
    source: 'scripts/flows/actions/',
  },
  'type-spelling': {
    severity: 'error',
    summary: 'an action type spelt as a reference page does but the service refuses',
    source: 'registry entries with rejectedSpellingOf',
    serviceRejects: true,
  },
  'param-required': { severity: 'error', summary: 'required parameters are present', source: ACTION_PAGE },
  'param-one-of': {
    severity: 'error',
    summary: 'exactly one of exclusive parameters is present',
    source: ACTION_PAGE,
  },
  'param-static': {
    severity: 'error',
    summary: 'a parameter the page says must be static holds no $. reference',
    source: ACTION_PAGE,
    serviceRejects: true,
  },
  'param-spelling': {
    severity: 'warning',
    summary: 'a parameter spelt as the reference page does, where every published flow spells it otherwise',
    source: PUBLISHED,
  },
  'flow-type': {
    severity: 'error',
    summary: 'an action used in a flow type its Restrictions section excludes',
    source: ACTION_PAGE,
    serviceRejects: true,
  },
  'placeholder-malformed': {
    severity: 'error',
    summary: 'something that looks like one of our ${UPPER_SNAKE} placeholders but is not well formed',
    source: 'flows/README.md',
  },
  'placeholder-unknown': {
    severity: 'error',
    summary: 'a ${UPPER_SNAKE} placeholder flows/README.md does not list',
    source: 'flows/README.md',
  },
  'template-foreign': {
    severity: 'warning',
    summary:
      "another tool's template expressions (Terraform, CloudFormation) are not checked, reported once per file",
    source: PUBLISHED,
  },
  'jsonpath-case': {
    severity: 'error',
    summary: 'a JSONPath namespace spelt in the wrong case (JSONPath is case-sensitive)',
    source: `${REFERENCE}flow-language.html`,
  },
  'jsonpath-namespace': {
    severity: 'warning',
    summary: 'a JSONPath namespace the checker does not know',
    source: `${REFERENCE}flow-language.html`,
  },
  'jsonpath-key': {
    severity: 'error',
    summary: '$.External and $.Attributes reads name a key',
    source: `${REFERENCE}flow-language.html`,
  },
  'hardcoded-arn': {
    severity: 'warning',
    summary: 'a literal ARN where a placeholder would let the flow deploy anywhere',
    source: 'flows/README.md',
  },
  'external-before-lambda': {
    severity: 'warning',
    summary: '$.External read before any Lambda ran',
    source: `${REFERENCE}interactions-invokelambdafunction.html`,
  },
  'external-key': {
    severity: 'error',
    summary:
      "a $.External read after one of our Lambdas names a key it returns (or that it replaced another Lambda's)",
    source: 'lambdas/src/routing/response.ts',
  },
  'external-value': {
    severity: 'error',
    summary: "a Compare operand on find-last-agent's enumerations is a value it returns",
    source: 'lambdas/src/routing/response.ts',
  },
} as const satisfies Record<string, Rule>;

export type GenericRuleId = keyof typeof GENERIC_RULES;

/** The whole catalogue: generic rules plus each action's own, as `<Type>/<rule>`. */
export function allRules(): Map<string, Rule> {
  const rules = new Map<string, Rule>(Object.entries(GENERIC_RULES));
  for (const spec of ACTIONS.values()) {
    for (const [id, rule] of Object.entries(spec.rules ?? {})) {
      rules.set(`${spec.type}/${id}`, {
        ...rule,
        source: spec.evidence && rule.serviceRejects ? `${spec.source}; ${spec.evidence}` : spec.source,
      });
    }
  }
  return rules;
}

const CATALOGUE = allRules();

/** The severity of a rule; an unknown id is a programming error. */
export function severityOf(rule: string): Severity {
  const found = CATALOGUE.get(rule);
  if (!found) throw new Error(`no rule ${rule} in the catalogue`);
  return found.severity;
}
