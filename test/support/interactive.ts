import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';

let sessions = 0;

/** A real interactive shell in a tmux pane: type commands as a user would, read back its environment. */
export class InteractiveShell {
  private readonly socket = `aigate-${process.pid}-${++sessions}`;
  private step = 0;
  private constructor(
    private readonly dir: string,
    private readonly env: Record<string, string>,
  ) {}

  static async start(argv: string[], dir: string, env: Record<string, string>): Promise<InteractiveShell> {
    const shell = new InteractiveShell(dir, env);
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
    for (const line of [command, ':']) {
      const marker = join(this.dir, `.done-${this.socket}-${++this.step}`);
      await this.tmux('send-keys', '-t', '0', '-l', `${line}; echo > ${marker}`);
      await this.tmux('send-keys', '-t', '0', 'Enter');
      await waitFor(() => existsSync(marker), `\`${line}\` to finish; screen:\n${await this.screen()}`);
    }
  }

  /** Types `text` (and Enter) without waiting: for a program that is asking for input. */
  async send(text: string, enter = true): Promise<void> {
    await this.tmux('send-keys', '-t', '0', '-l', text);
    if (enter) await this.tmux('send-keys', '-t', '0', 'Enter');
  }

  /** Waits until the screen shows `text`. */
  async waitForScreen(text: string): Promise<void> {
    const deadline = Date.now() + 20_000;
    while (!(await this.screen()).includes(text)) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${JSON.stringify(text)} on screen:\n${await this.screen()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Waits until the shell has drawn a prompt and answers (its rc files are read). */
  private async settle(): Promise<void> {
    await this.type('true');
  }

  /** The environment of a child started from the shell now. */
  async environment(): Promise<Record<string, string>> {
    const out = join(this.dir, `.env-${this.socket}-${++this.step}.json`);
    const script = join(this.dir, '.dump-env.cjs');
    writeFileSync(script, "require('fs').writeFileSync(process.argv[2], JSON.stringify(process.env))");
    await this.type(`${JSON.stringify(process.execPath)} ${JSON.stringify(script)} ${JSON.stringify(out)}`);
    return JSON.parse(readFileSync(out, 'utf8'));
  }

  async screen(): Promise<string> {
    return (await this.tmux('capture-pane', '-p', '-t', '0', '-S', '-200')).stdout;
  }

  async stop(): Promise<void> {
    await this.tmux('kill-server').catch(() => {});
  }
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
