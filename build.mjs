// Bundles src/ into dist/ so that `aigate env`, which runs in every new shell, loads one
// small file plus only the chunks its command imports (see the bench).
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await build({
  entryPoints: ['src/cli.ts'],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  // Some bundled CommonJS dependencies call require() for Node built-ins.
  banner: { js: "import { createRequire as __aigateRequire } from 'node:module'; const require = __aigateRequire(import.meta.url);" },
  define: { AIGATE_VERSION: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
});
