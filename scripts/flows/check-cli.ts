/**
 * `npm run flows:check [files or folders...]`: checks flow files (default `flows/*.json`; a folder
 * means every `.json` under it), prints one line per problem and exits 1 when any is an error.
 * Warnings alone exit 0.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
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
      problems.push({
        file: name,
        problem: `cannot read: ${(error as Error).message}`,
        severity: 'error',
        rule: 'unreadable',
      });
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

/** Files named on the command line, folders expanded to the `.json` files under them. */
export function expandArgs(args: string[]): string[] {
  return args.flatMap((arg) => {
    const isDir = statSync(arg, { throwIfNoEntry: false })?.isDirectory() ?? false;
    // A missing path is passed on and reported as unreadable.
    if (!isDir) return [arg];
    return readdirSync(arg, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.json'))
      .sort()
      .map((f) => join(arg, f));
  });
}

if (require.main === module) {
  const args = process.argv.slice(2);
  process.exitCode = runCheck(args.length > 0 ? expandArgs(args) : defaultFiles());
}
