import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

import { ENTRY_MODULE, writeEntryModule } from '../../../scripts/deploy/app';

/** Imports the entry module in a fresh Node process, as Lambda's init phase does, and calls its handler. */
function firstCall(bundleSource: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'scv-entry-'));
  try {
    writeFileSync(path.join(dir, 'index.js'), bundleSource);
    writeEntryModule(dir);
    const entry = pathToFileURL(path.join(dir, `${ENTRY_MODULE}.mjs`)).href;
    return execFileSync(
      process.execPath,
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(entry)}); console.log(await m.handler());`,
      ],
      { encoding: 'utf8' },
    ).trim();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('find-last-agent entry module (init.mjs)', () => {
  it("finishes the bundle's pre-warm before the first call", () => {
    // The pre-warm settles only after a macrotask; a handler called before it would see "cold".
    const out = firstCall(`let state = 'cold';
exports.prewarm = () => new Promise((resolve) => setImmediate(() => { state = 'warm'; resolve(); }));
exports.handler = async () => state;`);
    expect(out).toBe('warm');
  });

  it('still exports the handler of a bundle without a pre-warm', () => {
    expect(firstCall(`exports.handler = async () => 'answered';`)).toBe('answered');
  });
});
