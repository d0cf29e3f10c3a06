// Two bundles: dist/env.cjs for `aigate env` alone (it runs at every shell start, so it holds only
// what env needs, as CommonJS, which Node loads faster than an ES module graph), and dist/cli.js for
// every other command, split so that each command's code loads only when that command runs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { AIGATE_VERSION: JSON.stringify(version) },
  legalComments: 'none',
  logLevel: 'warning',
  // dotenv (CommonJS, pulls in node:crypto) and toml-eslint-parser are needed only when a .env
  // exists or a config key is wrong; left external, Node loads them from node_modules only then.
  external: ['dotenv', 'toml-eslint-parser'],
};

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  // Minified: half the bytes for Node to parse at each shell start.
  build({ ...common, entryPoints: ['src/env-main.ts'], outfile: 'dist/env.cjs', format: 'cjs', minify: true }),
  build({ ...common, entryPoints: ['src/cli.ts'], outdir: 'dist', splitting: true, format: 'esm', chunkNames: 'chunks/[name]-[hash]' }),
]);
