import { posixShell } from './posix.js';

/** Any POSIX shell: dash, ash, ksh, busybox sh. */
export const sh = posixShell('sh', ['dash', 'ash', 'ksh', 'mksh', 'posix']);
