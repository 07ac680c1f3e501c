/**
 * `npm run flows:corpus -- <folder>`: checks every `.json` under a folder of collected flows, laid
 * out as `<owner>__<repo>/<path in the repository>`, and prints the Markdown rows and totals that
 * test/fixtures/flows/corpus/README.md keeps (one row per document: source, path, flow type,
 * result; totals by exit code and warnings by rule). `flows:check` says what is wrong with a flow;
 * this says what a corpus run found, so the manifest is regenerated rather than hand-counted.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { checkFlowText, exitCodeFor, type FlowProblem } from './check';
import { expandArgs } from './check-cli';
import { isRecord, parseFlowFile } from './flow-model';

/** One document's line in the manifest. */
export interface CorpusRow {
  source: string;
  path: string;
  /** From `<folder>/commits.tsv` (`<owner>__<repo>/<path>` TAB commit), when the collector kept one. */
  commit: string;
  flowType: string;
  exit: 0 | 1;
  problems: FlowProblem[];
}

/** The flow type a document states: its wrapper's Type, Metadata.type, or "module" for Settings. */
function flowTypeOf(text: string): string {
  try {
    const { doc, wrapperType } = parseFlowFile(text);
    if (wrapperType !== undefined) return wrapperType;
    if (isRecord(doc) && isRecord(doc.Metadata) && typeof doc.Metadata.type === 'string')
      return doc.Metadata.type;
    if (isRecord(doc) && doc.Settings !== undefined) return 'module';
  } catch {
    // The checker reports why the file could not be read.
  }
  return '-';
}

/** Checks each file under `root` and describes it as a manifest row. */
export function corpusRows(root: string): CorpusRow[] {
  const commitsFile = join(root, 'commits.tsv');
  const commits = new Map(
    (existsSync(commitsFile) ? readFileSync(commitsFile, 'utf8') : '')
      .split('\n')
      .filter((line) => line.includes('\t'))
      .map((line) => line.split('\t').map((x) => x.trim()) as [string, string]),
  );
  return expandArgs([root]).map((file) => {
    const key = relative(root, file).split(sep).join('/');
    const [source = '-', ...rest] = key.split('/');
    const text = readFileSync(file, 'utf8');
    const problems = checkFlowText(rest.join('/'), text);
    return {
      source: source.replace('__', '/'),
      path: rest.join('/'),
      commit: commits.get(key)?.slice(0, 7) ?? '-',
      flowType: flowTypeOf(text),
      exit: exitCodeFor(problems),
      problems,
    };
  });
}

/** Counts of each rule among the problems of one severity. */
function byRule(problems: FlowProblem[], severity: FlowProblem['severity']): string {
  const counts = new Map<string, number>();
  for (const p of problems.filter((x) => x.severity === severity))
    counts.set(p.rule, (counts.get(p.rule) ?? 0) + 1);
  return [...counts].map(([rule, n]) => `${rule} ×${n}`).join(', ');
}

/** The manifest table and totals as Markdown lines. */
export function corpusReport(rows: CorpusRow[]): string[] {
  const lines = [
    '| Source | Path | Commit | Type | Exit | Findings |',
    '| --- | --- | --- | --- | --- | --- |',
  ];
  for (const r of rows) {
    const findings = [byRule(r.problems, 'error'), byRule(r.problems, 'warning')].filter(Boolean);
    const shown = findings.length ? findings.join('; ') : 'none';
    lines.push(`| ${r.source} | ${r.path} | ${r.commit} | ${r.flowType} | ${r.exit} | ${shown} |`);
  }
  const all = rows.flatMap((r) => r.problems);
  const sources = new Set(rows.map((r) => r.source));
  const owners = new Set(rows.map((r) => r.source.split('/')[0]));
  lines.push(
    '',
    `${rows.length} document(s) from ${sources.size} repositories (${owners.size} owners): ` +
      `${rows.filter((r) => r.exit === 0).length} exit 0, ${rows.filter((r) => r.exit === 1).length} exit 1`,
    `errors by rule: ${byRule(all, 'error') || 'none'}`,
    `warnings by rule: ${byRule(all, 'warning') || 'none'}`,
  );
  return lines;
}

if (require.main === module) {
  const roots = process.argv.slice(2);
  if (roots.length === 0) {
    console.error('usage: npm run flows:corpus -- <folder of <owner>__<repo>/... flow files>');
    process.exitCode = 2;
  } else {
    const rows = roots.flatMap(corpusRows);
    console.log(corpusReport(rows).join('\n'));
    process.exitCode = rows.some((r) => r.exit === 1) ? 1 : 0;
  }
}
