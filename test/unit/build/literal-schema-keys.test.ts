/**
 * scripts/build.ts's `literalSchemaKeys`: the SDK's schema module keeps every shape of a service
 * unless its computed trait keys are written out; with them written out, esbuild drops the shapes
 * nobody uses and the shapes that are used read the same.
 */
import { createRequire } from 'node:module';
import path from 'node:path';
import { build, type Plugin } from 'esbuild';
import { literalSchemaKeys } from '../../../scripts/build';

const root = path.resolve(__dirname, '../../..');

/** Bundles the schemas of one Connect operation and loads them. */
async function bundleListQueues(
  plugins: Plugin[],
): Promise<{ bytes: number; text: string; schemas: unknown }> {
  const result = await build({
    stdin: {
      contents:
        "export { ListQueues$, ListQueuesRequest$, ListQueuesResponse$ } from '@aws-sdk/client-connect/dist-es/schemas/schemas_0.js';",
      resolveDir: root,
      loader: 'ts',
    },
    bundle: true,
    write: false,
    platform: 'node',
    format: 'cjs',
    mainFields: ['module', 'main'],
    minify: true, // as scripts/build.ts builds
    plugins,
    logLevel: 'silent',
  });
  const text = result.outputFiles[0]?.text ?? '';
  const module = { exports: {} as Record<string, unknown> };
  new Function('module', 'exports', 'require', text)(module, module.exports, createRequire(__filename));
  const { ListQueues$, ListQueuesRequest$, ListQueuesResponse$ } = module.exports;
  return {
    bytes: Buffer.byteLength(text),
    text,
    schemas: { ListQueues$, ListQueuesRequest$, ListQueuesResponse$ },
  };
}

describe('literalSchemaKeys', () => {
  it('lets esbuild drop the shapes nobody uses; the used ones read the same', async () => {
    // Act
    const plain = await bundleListQueues([]);
    const literal = await bundleListQueues([literalSchemaKeys]);

    // Assess
    expect(plain.text).toContain('CreateEmailAddressRequest');
    expect(literal.text).not.toContain('CreateEmailAddressRequest');
    expect(literal.bytes).toBeLessThan(plain.bytes / 5);
    expect(JSON.stringify(literal.schemas)).toBe(JSON.stringify(plain.schemas));
    expect(JSON.stringify(literal.schemas)).toContain('/queues-summary/{InstanceId}');
  });
});
