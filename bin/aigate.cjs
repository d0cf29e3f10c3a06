#!/usr/bin/env node
'use strict';
// `aigate env` runs at every shell start, so it has a bundle of its own holding only what it needs;
// every other command (and `env --help`) loads the full CLI. Both are built by `npm install`.
const [command, ...rest] = process.argv.slice(2);
const wantsHelp = rest.includes('--help') || rest.includes('-h');
const dist = require('node:path').join(__dirname, '..', 'dist');

function notBuilt(error) {
  if (error && (error.code === 'MODULE_NOT_FOUND' || error.code === 'ERR_MODULE_NOT_FOUND') && String(error.message).includes('dist')) {
    process.stderr.write('aigate: not built yet; run `npm install` (or `npm run build`) in the aigate folder\n');
    process.exitCode = 1;
    return;
  }
  throw error;
}

if (command === 'env' && !wantsHelp) {
  try {
    require(`${dist}/env.cjs`);
  } catch (error) {
    notBuilt(error);
  }
} else {
  import(require('node:url').pathToFileURL(`${dist}/cli.js`).href).catch(notBuilt);
}
