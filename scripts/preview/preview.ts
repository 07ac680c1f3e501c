/**
 * `npm run preview`: builds the LWC preview and serves it on 127.0.0.1 (default port 4173).
 *
 *   npm run preview [-- --port 4173] [-- --no-build]
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { buildPreview, PREVIEW_DIR } from './build';
import { startPreviewServer } from './server';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const portIndex = args.indexOf('--port');
  const port = portIndex >= 0 ? Number(args[portIndex + 1]) : Number(process.env.PREVIEW_PORT ?? 4173);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new Error('--port must be a number from 0 to 65535');
  if (!args.includes('--no-build') || !existsSync(join(PREVIEW_DIR, 'main.js'))) {
    console.log('Building the preview (LWC OSS + lightning-base-components)…');
    await buildPreview();
  }
  const { url } = await startPreviewServer(port);
  console.log(`Prior Call Context preview: ${url}/?caller=%2B14155550101   (Ctrl+C to stop)`);
  console.log(`A first-time caller:        ${url}/?caller=%2B14155550199`);
}

main().catch((e: unknown) => {
  console.error(`preview: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
