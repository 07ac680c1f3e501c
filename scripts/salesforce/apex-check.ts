/**
 * Static checks of the Apex in force-app without an org: every class parses with the Apex
 * grammar of @apexdevtools/apex-parser (the parser behind Apex language tooling), and the
 * package's own rules hold (with sharing, WITH USER_MODE on every SOQL query, no dynamic SOQL).
 *
 *   npx tsx scripts/salesforce/apex-check.ts      exits 1 and names the file and line to fix
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';

const ROOT = resolve(__dirname, '..', '..');

/** A syntax error: 1-based line, 0-based column. */
export interface ApexSyntaxError {
  line: number;
  column: number;
  message: string;
}

class CollectingListener extends ApexErrorListener {
  readonly errors: ApexSyntaxError[] = [];

  override apexSyntaxError(line: number, column: number, message: string): void {
    this.errors.push({ line, column, message });
  }
}

/**
 * Parses Apex source as a class (or a trigger, for `.trigger` files).
 * @param source the Apex text
 * @param kind `class` or `trigger`
 * @returns the syntax errors, empty when the source parses
 */
export function parseApex(source: string, kind: 'class' | 'trigger' = 'class'): ApexSyntaxError[] {
  const listener = new CollectingListener();
  const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
  if (kind === 'trigger') parser.triggerUnit();
  else parser.compilationUnit();
  return listener.errors;
}

/**
 * Lists the Apex files (.cls, .trigger) under a folder.
 * @param folder folder to search (default: force-app)
 * @returns absolute paths, sorted
 */
export function listApexFiles(folder: string = resolve(ROOT, 'force-app')): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (/\.(cls|trigger)$/.test(entry.name)) found.push(path);
    }
  };
  walk(folder);
  return found.sort();
}

/**
 * The package's security rules for one Apex file, on source with comments and strings removed.
 * @param source the Apex text
 * @returns one message per broken rule
 */
export function securityFindings(source: string): string[] {
  const code = source
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\/\/.*$/gm, '')
    .replace(/'(?:\\.|[^'\\])*'/g, "''");
  const findings: string[] = [];
  const isTest = /@IsTest/i.test(code);
  const classDecl =
    /\b(public|global)\s+(?:(with|without|inherited)\s+sharing\s+)?(?:virtual\s+|abstract\s+)?class\b/i.exec(
      code,
    );
  if (!isTest && classDecl && classDecl[2]?.toLowerCase() !== 'with') {
    findings.push('top-level class must be declared "with sharing"');
  }
  if (/Database\s*\.\s*(query|queryWithBinds|countQuery)\s*\(/i.test(code)) {
    findings.push('dynamic SOQL (Database.query...) is not allowed: use a static query with bind variables');
  }
  if (!isTest) {
    for (const match of code.matchAll(/\[\s*SELECT\b[\s\S]*?\]/gi)) {
      if (!/\bWITH\s+USER_MODE\b/i.test(match[0])) {
        const line = code.slice(0, match.index).split('\n').length;
        findings.push(`line ${line}: SOQL query without WITH USER_MODE`);
      }
    }
  }
  return findings;
}

function main(): void {
  const files = listApexFiles();
  if (files.length === 0) {
    console.error('apex-check: no Apex files found under force-app.');
    process.exit(1);
  }
  let problems = 0;
  for (const file of files) {
    const source = readFileSync(file, 'utf8');
    const name = relative(ROOT, file);
    for (const e of parseApex(source, file.endsWith('.trigger') ? 'trigger' : 'class')) {
      console.error(`${name}:${e.line}:${e.column + 1} syntax error: ${e.message}`);
      problems += 1;
    }
    for (const finding of securityFindings(source)) {
      console.error(`${name}: ${finding}`);
      problems += 1;
    }
  }
  if (problems) {
    console.error(`apex-check: ${problems} problem(s): fix the lines above.`);
    process.exit(1);
  }
  console.log(`apex-check: ${files.length} Apex file(s) parse and follow the package's rules.`);
}

if (require.main === module) main();
