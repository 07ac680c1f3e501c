/**
 * The one placeholder syntax of the flows in `flows/`: `${UPPER_SNAKE_NAME}` inside any string
 * value. Instance-specific ARNs cannot live in the repository, so the flows carry placeholders and
 * the deploy scripts fill them (`fillPlaceholders`) before `CreateContactFlow`. `${...}` never
 * collides with flow-language JSONPath, which is always `$.` followed by a namespace.
 */
import { isRecord } from './flow-model';

/** A well-formed placeholder; the capture is its name. */
export const PLACEHOLDER_PATTERN = /\$\{([A-Z][A-Z0-9_]*)\}/g;

/** Every placeholder the flows may use, with what fills it. */
export const PLACEHOLDERS = {
  FIND_LAST_AGENT_LAMBDA_ARN: 'ARN of the find-last-agent Lambda function (associated with the instance)',
  TELEPHONY_INTEGRATION_LAMBDA_ARN:
    "ARN of SCV's InvokeTelephonyIntegrationApiFunction Lambda (installed with Service Cloud Voice)",
  DEFAULT_QUEUE_ARN: 'ARN of the queue a call goes to when there is no last agent or last queue',
  PREFERRED_AGENT_SECONDS:
    'seconds the preferred-agent routing step waits for the last agent before the whole queue may answer (1-300)',
  SPEAK_LAST_CALL_REASON:
    '"true" to read the last call\'s free-text reason to the caller, "false" (recommended) for a generic question',
} as const;

/**
 * Values of the placeholders that are not ARNs, checked before a deploy fills them: a bad value
 * there would otherwise reach a caller (a step without a sane expiry, a reason read by accident).
 */
export function placeholderValueProblem(name: string, value: string): string | undefined {
  if (name === 'PREFERRED_AGENT_SECONDS') {
    const n = /^\d+$/.test(value) ? Number(value) : Number.NaN;
    return n >= 1 && n <= 300
      ? undefined
      : `must be a whole number of seconds from 1 to 300 (got "${value}")`;
  }
  if (name === 'SPEAK_LAST_CALL_REASON') {
    return value === 'true' || value === 'false' ? undefined : `must be "true" or "false" (got "${value}")`;
  }
  return undefined;
}

export type PlaceholderName = keyof typeof PLACEHOLDERS;

/** Values for some or all placeholders. */
export type PlaceholderValues = Partial<Record<string, string>>;

/** True when `name` is one of the documented placeholders. */
export function isKnownPlaceholder(name: string): name is PlaceholderName {
  return Object.prototype.hasOwnProperty.call(PLACEHOLDERS, name);
}

/** Thrown by `fillPlaceholders` when a value is missing, naming all of them at once. */
export class MissingPlaceholderError extends Error {
  override readonly name = 'MissingPlaceholderError';
  constructor(readonly missing: string[]) {
    super(`no value for placeholder(s): ${missing.join(', ')}`);
  }
}

/** Names of the well-formed placeholders in a string or JSON value, sorted and unique. */
export function listPlaceholders(input: unknown): string[] {
  const names = new Set<string>();
  walkStrings(input, (s) => {
    for (const m of s.matchAll(PLACEHOLDER_PATTERN)) names.add(m[1] as string);
    return s;
  });
  return [...names].sort();
}

/** A `${...}` expression found in a string, and whose syntax it is. */
export interface TemplateExpression {
  text: string;
  /**
   * `ours`: a well-formed `${UPPER_SNAKE}` placeholder. `malformed`: something that looks like one
   * of ours but is not (`${}`, an unclosed `${NAME`, `${default_queue_arn}`). `foreign`: another
   * tool's template (Terraform `${var.x}`, CloudFormation `${AWS::Region}`), which we do not check.
   */
  kind: 'ours' | 'malformed' | 'foreign';
}

const OURS = /^\$\{[A-Z][A-Z0-9_]*\}$/;

/** Every `${...}` expression in a string, classified (nested braces of other tools included). */
export function templateExpressions(text: string): TemplateExpression[] {
  const found: TemplateExpression[] = [];
  let from = 0;
  for (;;) {
    const start = text.indexOf('${', from);
    if (start < 0) return found;
    let depth = 0;
    let end = -1;
    for (let i = start + 1; i < text.length; i++) {
      if (text[i] === '{') depth++;
      else if (text[i] === '}' && --depth === 0) {
        end = i;
        break;
      }
    }
    if (end < 0) {
      const rest = /^\$\{[^}\s"]*/.exec(text.slice(start))?.[0] ?? '${';
      found.push({ text: rest, kind: 'malformed' });
      return found;
    }
    const expression = text.slice(start, end + 1);
    found.push({ text: expression, kind: classify(expression) });
    from = end + 1;
  }
}

function classify(expression: string): TemplateExpression['kind'] {
  if (OURS.test(expression)) return 'ours';
  const inner = expression.slice(2, -1).trim();
  if (inner === '') return 'malformed';
  // One of our names in the wrong case or with dashes is a typo, not another tool's syntax.
  const normalised = inner.toUpperCase().replace(/-/g, '_');
  if (isKnownPlaceholder(normalised)) return 'malformed';
  return 'foreign';
}

/**
 * Text in a string that looks like a placeholder of ours but is not one (`${}`, an unclosed
 * `${NAME`, `${default_queue_arn}`): a typo there would otherwise survive filling and reach Connect.
 */
export function malformedPlaceholders(text: string): string[] {
  return templateExpressions(text)
    .filter((e) => e.kind === 'malformed')
    .map((e) => e.text);
}

/**
 * Replaces every placeholder in a string or anywhere in a JSON value (returns a copy). Strict: if
 * any placeholder has no value, nothing is filled and `MissingPlaceholderError` lists them all.
 */
export function fillPlaceholders<T>(input: T, values: PlaceholderValues): T {
  const missing = listPlaceholders(input).filter((name) => values[name] === undefined);
  if (missing.length > 0) throw new MissingPlaceholderError(missing);
  return walkStrings(input, (s) =>
    s.replace(PLACEHOLDER_PATTERN, (_m, name: string) => values[name] as string),
  );
}

/**
 * Fills a flow file's text, keeping it valid JSON whatever the values contain (a value is never
 * pasted into the raw text, where a quote would break the document).
 */
export function fillPlaceholdersInJson(jsonText: string, values: PlaceholderValues): string {
  return JSON.stringify(fillPlaceholders(JSON.parse(jsonText) as unknown, values), null, 2);
}

function walkStrings<T>(input: T, map: (s: string) => string): T {
  const walk = (value: unknown): unknown => {
    if (typeof value === 'string') return map(value);
    if (Array.isArray(value)) return value.map(walk);
    if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, walk(v)]));
    return value;
  };
  return walk(input) as T;
}
