import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import ts from 'typescript';

const ORG_DIR = resolve(__dirname, '..', '..', '..', 'scripts', 'sandbox', 'org');
const MAX_LINES = 80;

/** Every function-like node of a file with its line count. */
function functionLengths(file: string): { name: string; lines: number }[] {
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.ES2022, true);
  const found: { name: string; lines: number }[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = source.getLineAndCharacterOfPosition(node.getStart()).line;
      const end = source.getLineAndCharacterOfPosition(node.getEnd()).line;
      const name = node.name && ts.isIdentifier(node.name) ? node.name.text : '(anonymous)';
      found.push({ name: `${file.slice(ORG_DIR.length + 1)}:${start + 1} ${name}`, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

describe('the org emulator stays readable', () => {
  it(`has no function longer than ${MAX_LINES} lines`, () => {
    // Prepare
    const files = readdirSync(ORG_DIR, { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(ORG_DIR, f));

    // Act
    const lengths = files.flatMap(functionLengths);

    // Assess
    expect(files.some((f) => f.includes(`${sep}soql${sep}`))).toBe(true);
    expect(lengths.length).toBeGreaterThan(20);
    expect(lengths.filter((f) => f.lines > MAX_LINES)).toEqual([]);
  });
});
