/**
 * What string parameters refer to: our `${UPPER_SNAKE}` placeholders (strict), other tools'
 * template expressions (reported once, not checked), JSONPath namespaces and literal ARNs.
 */
import type { Report } from './check-context';
import { JSONPATH_REFERENCE, collectStrings, type FlowAction } from './flow-model';
import { PLACEHOLDER_PATTERN, isKnownPlaceholder, templateExpressions } from './placeholders';

/** Namespaces a flow may read with `$.` (first segment), per the flow-language contact data. */
const NAMESPACES = new Set([
  'External',
  'Attributes',
  'Queue',
  'Metrics',
  'Lex',
  'LexV2',
  'CustomerEndpoint',
  'SystemEndpoint',
  'Channel',
  'ContactId',
  'InitialContactId',
  'PreviousContactId',
  'RelatedContactId',
  'InstanceARN',
  'StoredCustomerInput',
  'Customer',
  'FlowAttributes',
  'SegmentAttributes',
  'Case',
  'Views',
  'Name',
  'Description',
  'References',
  'Tags',
  'TextToSpeechVoice',
  'LanguageCode',
  'Agent',
  'MediaStreams',
  'AgentId',
  'CustomerId',
  'AuthenticationProfile',
  'Modules',
  'Flow',
  'Contact',
  'ContactDetails',
  'Data',
  'Event',
  'Journey',
  'Task',
  'Email',
  'Chat',
  'Wisdom',
  'QueueTimeAdjustmentSeconds',
  'QueuePriority',
]);

const LITERAL_CONNECT_ARN = /^arn:aws[a-z-]*:(connect|lambda):/;

/**
 * Build-script tokens of published samples, filled before CreateContactFlow:
 * `%%NAME%%` (amazon-connect/amazon-connect-salesforce-scv), `%Name%`
 * (aws-samples/sample-cdk-constructs-for-amazon-connect), `<<NAME>>`
 * (aws-samples/sample-amazon-connect-outbound-call), `{{NAME}}` (636137/multi-tenancy-amazon-connect).
 */
const BUILD_TOKEN = /%%[A-Za-z0-9_]+%%|%[A-Za-z][A-Za-z0-9_]*%|<<[A-Za-z0-9_]+>>|\{\{ *[A-Za-z0-9_.]+ *\}\}/g;

/** Checks every string parameter of one action; returns the foreign template expressions seen. */
export function checkReferences(action: FlowAction, report: Report): string[] {
  const id = action.Identifier;
  const foreign: string[] = [];
  for (const { path, value } of collectStrings(action.Parameters, 'Parameters')) {
    const expressions = templateExpressions(value);
    const tokens = value.match(BUILD_TOKEN) ?? [];
    foreign.push(...tokens);
    for (const e of expressions) {
      if (e.kind === 'malformed') {
        report(
          'placeholder-malformed',
          `${path}: malformed placeholder "${e.text}" (the syntax is \${UPPER_SNAKE_NAME})`,
          id,
        );
      } else if (e.kind === 'foreign') foreign.push(e.text);
    }
    for (const m of value.matchAll(PLACEHOLDER_PATTERN)) {
      if (!isKnownPlaceholder(m[1] as string))
        report('placeholder-unknown', `${path}: unknown placeholder \${${m[1]}} (see flows/README.md)`, id);
    }
    for (const m of value.matchAll(JSONPATH_REFERENCE)) {
      const [, namespace, key] = m[0].split('.');
      if (!NAMESPACES.has(namespace as string)) {
        const near = [...NAMESPACES].find((n) => n.toLowerCase() === namespace?.toLowerCase());
        if (near)
          report(
            'jsonpath-case',
            `${path}: "${m[0]}" should be $.${near}... (JSONPath is case-sensitive)`,
            id,
          );
        else report('jsonpath-namespace', `${path}: "${m[0]}" reads an unknown namespace $.${namespace}`, id);
      } else if ((namespace === 'External' || namespace === 'Attributes') && key === undefined) {
        // `$.Attributes.["key with spaces"]` is the bracket form; the key is there.
        if (!value.slice((m.index ?? 0) + m[0].length).startsWith('.['))
          report('jsonpath-key', `${path}: "${m[0]}" names no key`, id);
      }
    }
    if (LITERAL_CONNECT_ARN.test(value) && expressions.length === 0 && tokens.length === 0) {
      report(
        'hardcoded-arn',
        `${path}: hard-coded ARN; use a placeholder so the flow deploys to any instance`,
        id,
      );
    }
  }
  return foreign;
}

/** One warning per file for other tools' template expressions, with a few examples. */
export function reportForeignTemplates(foreign: string[], report: Report): void {
  if (foreign.length === 0) return;
  const distinct = [...new Set(foreign)];
  const shown = distinct.slice(0, 3).join(', ');
  report(
    'template-foreign',
    `${distinct.length} template expression(s) of another tool (${shown}${distinct.length > 3 ? ', ...' : ''}) were not checked; check the rendered flow`,
  );
}
