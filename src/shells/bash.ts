import { posixHook, posixShell } from './posix.js';

export const bash = posixShell('bash', { hook: posixHook('aigate.bash') });
