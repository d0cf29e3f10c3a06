// Bundles: dist/env.cjs and dist/run.cjs for `aigate env` (run at every shell start) and `aigate run`
// (run before every agent), each holding only what its command needs, as minified CommonJS, which
// Node loads faster than an ES module graph; and dist/cli.js for every other command, split so that
// each command's code loads only when that command runs.
import { build } from 'esbuild';
import { readFileSync, rmSync } from 'node:fs';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  define: { AIGATE_VERSION: JSON.stringify(version) },
  legalComments: 'none',
  // ES module builds first: jsonc-parser's main is a UMD bundle whose dynamic require()s a bundle cannot follow.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  // dotenv (CommonJS, pulls in node:crypto) and toml-eslint-parser are needed only when a .env
  // exists or a config key is wrong; left external, Node loads them from node_modules only then.
  // @napi-rs/keyring loads a native binary from its platform package: it cannot be bundled.
  external: ['dotenv', 'toml-eslint-parser', '@napi-rs/keyring'],
};

rmSync(new URL('./dist', import.meta.url), { recursive: true, force: true });
await Promise.all([
  // Minified: half the bytes for Node to parse at each start.
  build({ ...common, entryPoints: ['src/env-main.ts'], outfile: 'dist/env.cjs', format: 'cjs', minify: true }),
  build({ ...common, entryPoints: ['src/run-main.ts'], outfile: 'dist/run.cjs', format: 'cjs', minify: true }),
  build({
    ...common,
    entryPoints: ['src/cli.ts'],
    outdir: 'dist',
    splitting: true,
    format: 'esm',
    chunkNames: 'chunks/[name]-[hash]',
    // execa's cross-spawn is CommonJS and require()s Node built-ins: give the ES module chunks a require.
    banner: { js: "import { createRequire as __aigateCreateRequire } from 'node:module'; const require = __aigateCreateRequire(import.meta.url);" },
  }),
]);
