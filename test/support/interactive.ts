import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';

let sessions = 0;

/** How to write a command line for a shell: quote a word, and call a program by a quoted path. */
export interface CommandSyntax {
  quote(word: string): string;
  call(program: string, ...args: string[]): string;
  /** A command that does nothing. */
  noop: string;
  /** A command that creates an empty file. */
  touch(file: string): string;
  /** How the prompt ends, where the shell must be seen waiting before more is typed. */
  promptEnd?: RegExp;
  /** `first`, then `second` if it succeeded. */
  both(first: string, second: string): string;
}

const POSIX_SYNTAX: CommandSyntax = {
  quote: (word) => `'${word.replaceAll("'", "'\\''")}'`,
  call: (program, ...args) => [program, ...args].map(POSIX_SYNTAX.quote).join(' '),
  noop: 'true',
  touch: (file) => `echo > ${POSIX_SYNTAX.quote(file)}`,
  both: (first, second) => `${first} && ${second}`,
};

/** PowerShell: a quoted string first on a line is a value, so a program is called with `&`. */
export const POWERSHELL_SYNTAX: CommandSyntax = {
  // Every quote PowerShell ends a '…' string at (U+0027, U+2018–U+201B) is doubled.
  quote: (word) => `'${word.replace(/['\u2018-\u201b]/g, '$&$&')}'`,
  call: (program, ...args) => `& ${[program, ...args].map(POWERSHELL_SYNTAX.quote).join(' ')}`,
  noop: '$null',
  touch: (file) => `'' > ${POWERSHELL_SYNTAX.quote(file)}`,
  promptEnd: />$/,
  both: (first, second) => `${first} && ${second}`,
};

/** xonsh: a quoted word first on a line is Python, so a program is called inside ![…]. */
export const XONSH_SYNTAX: CommandSyntax = {
  quote: (word) => `'${word.replace(/[\\']/g, '\\$&')}'`,
  call: (program, ...args) => `![${[program, ...args].map(XONSH_SYNTAX.quote).join(' ')}]`,
  noop: 'true',
  touch: (file) => `echo > ${XONSH_SYNTAX.quote(file)}`,
  // The default prompt ends in # for root, @ for others.
  promptEnd: /[#@]$/,
  both: (first, second) => `${first} && ${second}`,
};

/** elvish: a quoted word with a slash at the head of a command is a program. */
export const ELVISH_SYNTAX: CommandSyntax = {
  quote: (word) => `'${word.replaceAll("'", "''")}'`,
  call: (program, ...args) => [program, ...args].map(ELVISH_SYNTAX.quote).join(' '),
  noop: 'nop',
  touch: (file) => `echo > ${ELVISH_SYNTAX.quote(file)}`,
  both: (first, second) => `${first}; ${second}`,
};

/** nushell: a quoted program is run with ^; no && (a failing command stops the line anyway). */
export const NU_SYNTAX: CommandSyntax = {
  quote: (word) => `'${word}'`,
  call: (program, ...args) => `^${[program, ...args].map(NU_SYNTAX.quote).join(' ')}`,
  noop: 'null',
  touch: (file) => `touch ${NU_SYNTAX.quote(file)}`,
  both: (first, second) => `${first}; ${second}`,
};

/** A real interactive shell in a tmux pane: type commands as a user would, read back its environment. */
export class InteractiveShell {
  /** A command that does nothing, in this shell. */
  get noop(): string {
    return this.syntax.noop;
  }

  /** `first`, then `second` if it succeeded, in this shell. */
  both(first: string, second: string): string {
    return this.syntax.both(first, second);
  }

  private readonly socket = `aigate-${process.pid}-${++sessions}`;
  /** Where the markers and dumps go: a plain path, whatever the home folder is called. */
  private readonly scratch = mkdtempSync(join(tmpdir(), 'aigate-tmux-'));
  private step = 0;
  private constructor(
    private readonly env: Record<string, string>,
    private readonly syntax: CommandSyntax,
  ) {}

  static async start(argv: string[], dir: string, env: Record<string, string>, syntax: CommandSyntax = POSIX_SYNTAX): Promise<InteractiveShell> {
    const shell = new InteractiveShell(env, syntax);
    await shell.tmux('new-session', '-d', '-x', '200', '-y', '50', '-c', dir, ...argv);
    await shell.settle();
    return shell;
  }

  private tmux(...args: string[]) {
    return execa('tmux', ['-L', this.socket, ...args], { env: { ...this.env, TERM: 'xterm-256color' }, extendEnv: false });
  }

  /**
   * Types `command` and Enter, and waits until it has run and the next prompt has been drawn (its
   * hooks run then): a second line, typed after, runs only once that prompt is there.
   */
  async type(command: string): Promise<void> {
    for (const line of [command, this.syntax.noop]) {
      const marker = join(this.scratch, `done-${++this.step}`);
      await this.tmux('send-keys', '-t', '0', '-l', `${line}; ${this.syntax.touch(marker)}`);
      await this.tmux('send-keys', '-t', '0', 'Enter');
      try {
        await waitFor(() => existsSync(marker), `\`${line}\` to finish`);
        // PowerShell drops what is typed while the prompt function runs a program: wait for the prompt.
        const { promptEnd } = this.syntax;
        if (promptEnd) await waitFor(async () => promptEnd.test((await this.screen()).trimEnd()), `the prompt after \`${line}\``);
      } catch (error) {
        throw new Error(`${(error as Error).message}; screen:\n${await this.screen()}`);
      }
    }
  }

  /** Types `text` (and Enter) without waiting: for a program that is asking for input. */
  async send(text: string, enter = true): Promise<void> {
    await this.tmux('send-keys', '-t', '0', '-l', text);
    if (enter) await this.tmux('send-keys', '-t', '0', 'Enter');
  }

  /** Presses keys by tmux's names (`Enter`, `C-c`, `C-u`, `Down`). */
  async keys(...names: string[]): Promise<void> {
    await this.tmux('send-keys', '-t', '0', ...names);
  }

  /** Waits until the screen shows `text`. */
  async waitForScreen(text: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await this.screen()).includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)} on screen:\n${await this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /**
   * Waits until the shell has drawn a prompt and answers (its rc files are read). Nothing is typed
   * before the first prompt: PowerShell's line editor drops what was typed while it started.
   */
  private async settle(): Promise<void> {
    const { promptEnd } = this.syntax;
    await waitFor(async () => {
      const screen = (await this.screen()).trimEnd();
      return promptEnd ? promptEnd.test(screen) : screen !== '';
    }, 'a first prompt');
    await this.type(this.syntax.noop);
  }

  /** The environment of a child started from the shell now. */
  async environment(): Promise<Record<string, string>> {
    const out = join(this.scratch, `env-${++this.step}.json`);
    const script = join(this.scratch, 'dump-env.cjs');
    writeFileSync(script, "require('fs').writeFileSync(process.argv[2], JSON.stringify(process.env))");
    await this.type(this.syntax.call(process.execPath, script, out));
    return JSON.parse(readFileSync(out, 'utf8'));
  }

  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', '0', '-S', '-200')).stdout;
  }

  async stop(): Promise<void> {
    await this.tmux('kill-server').catch(() => {});
  }
}

export async function waitFor(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
