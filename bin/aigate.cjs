#!/usr/bin/env node
'use strict';
// `aigate env` runs at every shell start and `aigate run` before every agent, so each has a small
// bundle of its own; its main() returns false for what only the full CLI does (help). Every other
// command loads the full CLI. Both are built by `npm install`.
const { join } = require('node:path');

const dist = join(__dirname, '..', 'dist');
const [command, ...args] = process.argv.slice(2);
const fastEntry = { env: 'env.cjs', run: 'run.cjs' }[command];

function notBuilt(error) {
  if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND') && String(error.message).includes(dist)) {
    process.stderr.write('aigate: not built yet; run `npm install` (or `npm run build`) in the aigate folder\n');
    process.exitCode = 1;
    return true;
  }
  throw error;
}

let handled = false;
if (fastEntry) {
  try {
    handled = require(join(dist, fastEntry)).main(args);
  } catch (error) {
    handled = notBuilt(error);
  }
}
if (!handled) import(require('node:url').pathToFileURL(join(dist, 'cli.js')).href).catch(notBuilt);
