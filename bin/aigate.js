#!/usr/bin/env node
// Launcher: the CLI itself is the bundle in dist/, built by `npm install` (the prepare script).
import('../dist/cli.js').catch((error) => {
  if (error?.code === 'ERR_MODULE_NOT_FOUND' && String(error.message).includes('dist/cli.js')) {
    process.stderr.write('aigate: not built yet; run `npm install` (or `npm run build`) in the aigate folder\n');
  } else {
    process.stderr.write(`aigate: ${error?.stack ?? error}\n`);
  }
  process.exitCode = 1;
});
