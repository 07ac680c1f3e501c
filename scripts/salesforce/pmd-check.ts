/**
 * PMD rules for the Apex in force-app, run through Salesforce Code Analyzer's core library and PMD
 * engine (the rules of `sf code-analyzer run`, without the CLI plugin, which cannot install here).
 * Needs Java 11+ on the PATH.
 *
 *   npx tsx scripts/salesforce/pmd-check.ts [folder]   exits 1 on any violation of severity 1 or 2
 */
import { relative, resolve } from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';

const ROOT = resolve(__dirname, '..', '..');

/** Severity levels that fail the check: 1 Critical, 2 High. */
export const FAILING_SEVERITIES: readonly number[] = [1, 2];

/** One PMD finding. */
export interface PmdViolation {
  rule: string;
  severity: number;
  file: string;
  line: number | undefined;
  message: string;
}

/**
 * Runs every PMD rule for Apex (selector `pmd:Apex`) over the given files or folders.
 * @param paths files or folders to analyse (default: force-app)
 * @returns all violations, most severe first
 * @throws Error when PMD could not run (no Java, engine error)
 */
export async function runPmd(paths: string[] = [resolve(ROOT, 'force-app')]): Promise<PmdViolation[]> {
  const config = CodeAnalyzerConfig.fromObject({ engines: { cpd: { disable_engine: true } } });
  const analyzer = new CodeAnalyzer(config);
  await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
  const workspace = await analyzer.createWorkspace(paths);
  const rules = await analyzer.selectRules(['pmd:Apex'], { workspace });
  if (rules.getCount() === 0) throw new Error('No PMD Apex rules were selected: is Java 11+ on the PATH?');
  const results = await analyzer.run(rules, { workspace });
  const engineError = results
    .getEngineRunResults('pmd')
    .getViolations()
    .find((v) => v.getPrimaryLocation().getFile() === undefined);
  if (engineError) throw new Error(`PMD did not run: ${engineError.getMessage()}`);
  return results
    .getViolations()
    .map((v) => ({
      rule: v.getRule().getName(),
      severity: Number(v.getRule().getSeverityLevel()),
      file: v.getPrimaryLocation().getFile() ?? '',
      line: v.getPrimaryLocation().getStartLine(),
      message: v.getMessage().trim(),
    }))
    .sort((a, b) => a.severity - b.severity);
}

/**
 * Formats violations one per line: `sev 2 ApexCRUDViolation force-app/...cls:12 message`.
 * @param violations findings from {@link runPmd}
 * @returns the printable list
 */
export function formatViolations(violations: readonly PmdViolation[]): string {
  return violations
    .map((v) => `  sev ${v.severity} ${v.rule} ${relative(ROOT, v.file)}:${v.line ?? '?'} ${v.message}`)
    .join('\n');
}

async function main(): Promise<void> {
  const paths = process.argv.length > 2 ? process.argv.slice(2).map((p) => resolve(p)) : undefined;
  const violations = await runPmd(paths);
  const failing = violations.filter((v) => FAILING_SEVERITIES.includes(v.severity));
  if (violations.length) console.log(formatViolations(violations));
  if (failing.length) {
    console.error(`pmd-check: ${failing.length} violation(s) of severity 1 or 2: fix the Apex lines above.`);
    process.exit(1);
  }
  console.log(`pmd-check: no severity 1 or 2 violations (${violations.length} lower-severity findings).`);
}

if (require.main === module) {
  main().catch((e: unknown) => {
    console.error(`pmd-check: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  });
}
