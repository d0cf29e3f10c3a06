import { posixShell } from './posix.js';

/** Any POSIX shell: dash, ash, ksh, busybox sh. No hook: they have no prompt hook to run one from. */
export const sh = posixShell('sh', {
  aliases: ['dash', 'ash', 'ksh', 'mksh', 'posix'], processes: ['sh', 'dash', 'ash', 'ksh', 'mksh', 'busybox'],
  load: (args) => `eval "$(aigate ${args})"`,
});
