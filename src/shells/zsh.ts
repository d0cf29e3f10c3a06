import { posixHook, posixShell } from './posix.js';

export const zsh = posixShell('zsh', { hook: posixHook('aigate.zsh') });
