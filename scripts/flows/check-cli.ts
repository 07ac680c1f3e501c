/**
 * `npm run flows:check [files...]`: checks flow files (default `flows/*.json`), prints one line per
 * problem and exits 1 when any is an error. Warnings alone exit 0.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { checkFlowText, exitCodeFor, formatProblem, type FlowProblem } from './check';

/** Runs the checker over files and returns the exit code; printing goes through `log`. */
export function runCheck(files: string[], log: (line: string) => void = console.log): 0 | 1 {
  const problems: FlowProblem[] = [];
  for (const file of files) {
    const name = relative(process.cwd(), file) || file;
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (error) {
      problems.push({ file: name, problem: `cannot read: ${(error as Error).message}`, severity: 'error' });
      continue;
    }
    problems.push(...checkFlowText(name, text));
  }
  for (const p of problems) log(formatProblem(p));
  const errors = problems.filter((p) => p.severity === 'error').length;
  log(`${files.length} flow file(s) checked: ${errors} error(s), ${problems.length - errors} warning(s)`);
  return exitCodeFor(problems);
}

function defaultFiles(): string[] {
  const dir = join(process.cwd(), 'flows');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => join(dir, f));
}

if (require.main === module) {
  const args = process.argv.slice(2);
  process.exitCode = runCheck(args.length > 0 ? args : defaultFiles());
}
