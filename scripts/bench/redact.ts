/**
 * `npm run bench:redact`: how long `redact` (the log redaction of error text) takes on 1 MB of
 * hostile text of several shapes, best of 5 runs each. The target is under 50 ms per MB; the
 * script exits 1 when a shape misses it. (Speed lives here, not in tests: the test machine is noisy.)
 */
import { redact } from '../../lambdas/src/shared/logger';

const MB = 1024 * 1024;
const TARGET_MS = 50;
const fill = (unit: string): string => unit.repeat(Math.ceil(MB / unit.length)).slice(0, MB);

/** Shapes that made the earlier regex-based redaction quadratic, and a realistic echo. */
const SHAPES: Record<string, string> = {
  'SELECT lines, no caret': fill("\n SELECT Id FROM VoiceCall WHERE FromPhoneNumber IN ('+14155550101')"),
  'whitespace and newlines': fill(' \n\t \n'),
  'digit runs and separators': fill('+1 (415) 555-0101 '),
  'percent escapes': fill('%27%2B14155550101%27%2C%20'),
  'echo then long message': `\nSELECT Id FROM VoiceCall\n   ^\nERROR at Row:1:Column:8\n${fill('No such column. ')}`,
};

let failed = false;
for (const [name, text] of Object.entries(SHAPES)) {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    redact(text);
    best = Math.min(best, performance.now() - t0);
  }
  const ok = best < TARGET_MS;
  failed ||= !ok;
  console.log(
    `${name.padEnd(28)} ${(text.length / MB).toFixed(2)} MB  ${best.toFixed(2)} ms  ${ok ? 'ok' : `over ${TARGET_MS} ms`}`,
  );
}
process.exit(failed ? 1 : 0);
