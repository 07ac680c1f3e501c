/**
 * Bundles each Lambda handler (lambdas/src/handlers/<name>.ts) with esbuild into
 * dist/lambdas/<name>/index.js: CommonJS exporting `handler`, for the nodejs22.x runtime.
 *
 * `mainFields: module,main` makes esbuild take the AWS SDK's ES modules, so commands a handler
 * never sends are shaken out; that roughly halves the SDK's share of the cold start.
 */
import { build, type Plugin } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';

const root = path.resolve(__dirname, '..');
const handlersDir = path.join(root, 'lambdas/src/handlers');
const outRoot = path.join(root, 'dist/lambdas');

/**
 * Modules jsforce (and node-fetch under it) require at load time but never use on the path our
 * Lambdas take (OAuth token + REST JSON): CSV and XML parsing for Bulk/SOAP, multipart uploads, and
 * a URL polyfill Node has built in. They are about half of jsforce's share of the bundle and of its
 * cold start. Each is replaced by a stand-in that fails loudly if it is ever used.
 */
const UNUSED_AT_RUNTIME: Record<string, string> = {
  'whatwg-url': 'module.exports = { URL: globalThis.URL, URLSearchParams: globalThis.URLSearchParams };',
  'form-data': `class FormData { constructor() { throw new Error('multipart bodies are not bundled into this Lambda'); } }
module.exports = FormData; module.exports.default = FormData;`,
  'csv-parse': 'module.exports = require("unused-module-stub")("csv-parse");',
  'csv-parse/sync': 'module.exports = require("unused-module-stub")("csv-parse/sync");',
  'csv-stringify': 'module.exports = require("unused-module-stub")("csv-stringify");',
  'csv-stringify/sync': 'module.exports = require("unused-module-stub")("csv-stringify/sync");',
  xml2js: 'module.exports = require("unused-module-stub")("xml2js");',
};

/** A module whose every use throws; loading it (and interop checks) stays harmless. */
const STUB_FACTORY = `module.exports = (name) => new Proxy({}, {
  get(_t, key) {
    if (key === '__esModule' || typeof key === 'symbol') return undefined;
    throw new Error(name + ' is not bundled into this Lambda (used: ' + String(key) + ')');
  },
});`;

export const trimUnusedModules: Plugin = {
  name: 'trim-unused-modules',
  setup(b) {
    const names = [...Object.keys(UNUSED_AT_RUNTIME), 'unused-module-stub'];
    const filter = new RegExp(`^(${names.map((n) => n.replace(/[/-]/g, '\\$&')).join('|')})$`);
    b.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'unused' }));
    b.onLoad({ filter: /.*/, namespace: 'unused' }, (args) => ({
      contents: args.path === 'unused-module-stub' ? STUB_FACTORY : UNUSED_AT_RUNTIME[args.path],
      loader: 'js',
    }));
  },
};

/**
 * The AWS SDK's generated schema modules (`dist-es/schemas/schemas_0.js`) key their trait objects
 * by constants (`{ [_h]: [...] }`, with `const _h = "http"`). A computed key may run code, so
 * esbuild keeps every schema of the service: 190 KB of Connect's 1,700 shapes for the four
 * operations this Lambda sends, all of it parsed at every cold start. Writing each such key as the
 * string its constant holds lets esbuild drop the unused schemas; nothing else in the file changes.
 */
export const literalSchemaKeys: Plugin = {
  name: 'literal-schema-keys',
  setup(b) {
    b.onLoad(
      { filter: /[\\/]@aws-sdk[\\/][^\\/]+[\\/]dist-es[\\/]schemas[\\/]schemas_\d+\.js$/ },
      async (args) => {
        const source = await readFile(args.path, 'utf8');
        const strings = new Map<string, string>();
        for (const m of source.matchAll(/^const (_\w+) = ("(?:[^"\\]|\\.)*");$/gm))
          strings.set(m[1] as string, m[2] as string);
        return {
          contents: source.replace(/\[(_\w+)\]:/g, (key, name: string) => {
            const value = strings.get(name);
            return value ? `${value}:` : key;
          }),
          loader: 'js',
        };
      },
    );
  },
};

/** Builds into `outDir` (default dist/lambdas; tests that run beside others pass their own). */
export async function buildLambdas(
  names?: string[],
  outDir = outRoot,
): Promise<{ name: string; file: string; bytes: number }[]> {
  const all = readdirSync(handlersDir)
    .filter((f) => f.endsWith('.ts'))
    .map((f) => f.replace(/\.ts$/, ''));
  const selected = names && names.length > 0 ? names : all;
  const unknown = selected.filter((n) => !all.includes(n));
  if (unknown.length > 0) throw new Error(`no handler named ${unknown.join(', ')} (have: ${all.join(', ')})`);
  const out: { name: string; file: string; bytes: number }[] = [];
  for (const name of selected) {
    const file = path.join(outDir, name, 'index.js');
    await build({
      entryPoints: [path.join(handlersDir, `${name}.ts`)],
      outfile: file,
      bundle: true,
      platform: 'node',
      target: 'node22',
      format: 'cjs',
      mainFields: ['module', 'main'],
      minify: true,
      sourcemap: 'external',
      legalComments: 'external',
      logLevel: 'warning',
      // Optional native/proxy dependencies of node-fetch and the SDK that Lambda never uses.
      external: ['encoding'],
      plugins: [trimUnusedModules, literalSchemaKeys],
    });
    out.push({ name, file: path.relative(root, file), bytes: statSync(file).size });
  }
  return out;
}

if (require.main === module) {
  buildLambdas(process.argv.slice(2))
    .then((built) => {
      for (const b of built) console.log(`built ${b.file} (${(b.bytes / 1024).toFixed(0)} KiB)`);
    })
    .catch((e: unknown) => {
      console.error(`build failed: ${(e as Error).message}`);
      process.exit(1);
    });
}
