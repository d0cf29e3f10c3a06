import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { cac } from 'cac';
import { configFile } from './config/paths.js';
import { packagePaths } from './integration/package.js';
import { ENV_OPTIONS } from './commands/env-options.js';
import { AigateError } from './errors.js';
import { runEntry } from './entry.js';
import { didYouMean } from './suggest.js';
import { AGENTS, CLIENTS } from './agents/index.js';
import { COMPLETION_SHELLS, INTEGRATION_SHELLS, listed, SHELLS, shellNamed } from './shells/index.js';

declare const AIGATE_VERSION: string;

/** Each command's module is imported only when it runs, so `aigate env` loads nothing it does not use. */
const cli = cac('aigate');
/** This file is dist/cli.js: the package is one folder up. */
const PATHS = packagePaths(fileURLToPath(new URL('..', import.meta.url)));

const env = cli.command('env', 'Print the profile as code for your shell to evaluate');
for (const [name, { value, description }] of Object.entries(ENV_OPTIONS)) env.option(`--${name}${value ? ` ${value}` : ''}`, description);
for (const shell of SHELLS) if (shell.load) env.example(`${`${shell.load('env')}`.padEnd(57)} # ${shell.name}`);
env
  .action(async (options) =>
    (await import('./commands/env.js')).envCommand(options, options.explain ? (await import('./commands/explain.js')).explain : undefined),
  );

cli
  .command('off', 'Print code that removes what aigate set in this shell and restores what was there')
  .option('--shell <shell>', `${listed(SHELLS.filter((shell) => shell.evaluated).map((shell) => shell.name))} (default: the calling shell)`)
  .example('eval "$(aigate off)"   # with the shell integration, just: aigate off')
  .action(async (options) => (await import('./commands/off.js')).offCommand(options));

const SHELL_OPTION = `${listed(INTEGRATION_SHELLS)} (default: the calling shell)`;

const init = cli.command('init <shell>', `Print the shell integration script (${INTEGRATION_SHELLS.join(', ')})`);
for (const name of INTEGRATION_SHELLS) init.example(shellNamed(name).load!(`init ${name}`));
init
  .action(async (shell: string) => (await import('./commands/init.js')).initCommand(shell, PATHS));

cli
  .command('install', "Load the shell integration in your shell's startup file")
  .option('--shell <shell>', SHELL_OPTION)
  .action(async (options) => (await import('./commands/install.js')).installCommand(options, PATHS));

cli
  .command('uninstall', 'Remove exactly what `aigate install` added')
  .option('--shell <shell>', SHELL_OPTION)
  .action(async (options) => (await import('./commands/uninstall.js')).uninstallCommand(options));

cli
  .command('use <profile>', 'Switch this shell to a profile (shell integration)')
  .action(async (profile: string) => (await import('./commands/use.js')).useCommand('use', profile));

cli.command('reload', 'Apply the profile again in this shell (shell integration)').action(async () => (await import('./commands/use.js')).useCommand('reload'));

cli
  .command('trust [dir]', "Allow the nearest .aigate.toml to set base_url, api_key_env, api_key_command, claude.base_url and [env]")
  .action(async (dir?: string) => (await import('./commands/trust.js')).trustCommand(dir));

cli
  .command('untrust [dir]', 'Withdraw the trust from the nearest .aigate.toml')
  .action(async (dir?: string) => (await import('./commands/trust.js')).untrustCommand(dir));

const completion = cli.command('completion <shell>', `Print the completion script (${COMPLETION_SHELLS.join(', ')})`);
for (const name of COMPLETION_SHELLS) completion.example(shellNamed(name).load!(`completion ${name}`));
completion
  .action(async (shell: string) => (await import('./commands/completion.js')).completionCommand(shell, completionTable()));

cli
  .command('models [filter]', 'List the model ids exactly as the gateway spells them')
  .option('--json', "Print the gateway's entries as JSON")
  .option('--refresh', 'Ask the gateway even if the cached list is fresh')
  .option('--profile <name>', 'Use this profile')
  .option('--timeout <seconds>', 'How long to wait for the gateway (default 15)')
  .example('aigate models claude --json')
  .action(async (filter: string | undefined, options) => (await import('./commands/models.js')).modelsCommand(filter, options));

cli
  .command('test', 'Send "Say OK." on each route the agents use and explain what fails')
  .option('--model <id>', "Use this model on every route instead of the profile's")
  .option('--route <route>', 'chat, messages, responses or all (default)')
  .option('--profile <name>', 'Use this profile')
  .option('--timeout <seconds>', 'How long to wait for each answer (default 30)')
  .action(async (options) => (await import('./commands/test.js')).testCommand(options));

cli
  .command('doctor', 'Check the setup on this machine and say what to fix')
  .option('--json', 'Print the checks as JSON')
  .action(async (options) => (await import('./commands/doctor.js')).doctorCommand(options));

const SETUP_AGENTS = AGENTS.filter((a) => a.setup).map((a) => a.name);
/** The options of the guide alone (`aigate setup` without an agent). */
const GUIDE_OPTIONS = ['yes', 'baseUrl', 'model', 'agents', 'keyStdin', 'shell'] as const;
cli
  .command('setup [agent]', `Guided setup (gateway, key, models, shell, agents); with AGENT, write that agent's own configuration: ${SETUP_AGENTS.join(', ')}`)
  .option('--profile <name>', 'Use this profile')
  .option('--yes', 'guide: no questions; take the flags below and the current answers (for scripts and dotfiles)')
  .option('--base-url <url>', 'guide: the gateway (checked with GET /v1/models)')
  .option('--model <id>', "guide: the agents' model")
  .option('--agents <names>', `guide: the agents to set up, comma-separated (default: those on PATH among ${SETUP_AGENTS.join(', ')})`)
  .option('--key-stdin', 'guide: read the key from standard input (else AIGATE_API_KEY, else the stored key)')
  .option('--shell <shell>', `guide: the shell integration to install (${INTEGRATION_SHELLS.join(', ')}; default: the calling shell)`)
  .option('--dry-run', 'Print the change as a diff; write nothing')
  .option('--remove', 'Take out what aigate added; put back what it replaced')
  .option('--global', "The agent's user-wide file (opencode: ~/.config/opencode/opencode.json)")
  .option('--project', "The project's file (claude: .claude/settings.local.json)")
  .option('--print', "kilo: print the settings for the extension's own UI (before v7) instead")
  .option('--statusline', "claude: also show aigate's status line (profile, model, gateway), unless you have your own")
  .option('--replace-statusline', "claude: aigate's status line in place of yours")
  .option('--replace', 'Take back the values you changed since aigate wrote them (setup keeps them, and says which)')
  .option('--json', 'with --print: the settings as JSON')
  .example('aigate setup                      # at a terminal: asks, step by step')
  .example('aigate setup codex --dry-run       # what setup codex would change, as a diff')
  .example('printf %s "$KEY" | aigate setup --yes --key-stdin --base-url https://gw.example/v1 --agents codex,opencode')
  .action(async (agent: string | undefined, options) => {
    const guideOnly = GUIDE_OPTIONS.filter((name) => options[name] !== undefined);
    if (agent === undefined) {
      const agentOnly = ['dryRun', 'remove', 'global', 'project', 'print', 'statusline', 'replaceStatusline', 'replace', 'json'].filter((name) => options[name]);
      if (agentOnly.length) throw new AigateError(`--${kebab(agentOnly[0]!)} needs an agent: aigate setup AGENT --${kebab(agentOnly[0]!)} (${SETUP_AGENTS.join(', ')})`, 2);
      return (await import('./commands/guide.js')).guideCommand(options, PATHS);
    }
    if (guideOnly.length) throw new AigateError(`--${kebab(guideOnly[0]!)} is for the guide (aigate setup without an agent)`, 2);
    return (await import('./commands/setup.js')).setupCommand(agent, options, PATHS);
  });

cli
  .command('key', 'Print the API key (for scripts and agent key helpers)')
  .option('--profile <name>', 'Use this profile')
  .action(async (options) => (await import('./commands/key.js')).keyCommand(options));

cli
  .command('login', 'Store the API key in the system keychain (checked with the gateway first)')
  .option('--profile <name>', 'The profile the key is for')
  .option('--stdin', 'Read the key from standard input (one line), also at a terminal')
  .option('--no-verify', 'Store it without asking the gateway')
  .example('printf %s "$KEY" | aigate login')
  .action(async (options) => (await import('./commands/login.js')).loginCommand(options));

cli
  .command('logout', "Remove the profile's stored key")
  .option('--profile <name>', 'The profile')
  .action(async (options) => (await import('./commands/login.js')).logoutCommand(options));

cli
  .command('profile <action> [name]', 'Profiles: list, add NAME, remove NAME, use NAME (the default in config.toml)')
  .option('--base-url <url>', 'add: the base URL')
  .option('--model <id>', 'add: the model')
  .option('--from <profile>', 'add: copy the settings of this profile')
  .example('aigate profile add work --base-url https://gw.work.example --from default')
  .action(async (action: string, name: string | undefined, options) => {
    const profile = await import('./commands/profile.js');
    const needName = () => name ?? (() => { throw new AigateError(`aigate profile ${action} needs a NAME`, 2); })();
    if (action === 'list') return profile.profileListCommand();
    if (action === 'add') return profile.profileAddCommand(needName(), options);
    if (action === 'remove') return profile.profileRemoveCommand(needName());
    if (action === 'use') return profile.profileUseCommand(needName());
    throw new AigateError(`unknown action "${action}"; choose list, add, remove or use`, 2);
  });

cli
  .command('config <action> <key> [value]', 'config.toml by dotted key: get KEY, set KEY VALUE (comments kept)')
  .example('aigate config set profiles.work.claude.opus anthropic/claude-opus-4.7')
  .action(async (action: string, key: string, value: string | undefined) => {
    const config = await import('./commands/config.js');
    if (action === 'get') return config.configGetCommand(key);
    if (action === 'set' && value !== undefined) return config.configSetCommand(key, value);
    throw new AigateError('usage: aigate config get KEY | aigate config set KEY VALUE', 2);
  });


// Registered for help only: main() hands `run` its raw arguments, which cac would otherwise parse.
cli
  .command('run <command> [...args]', `Run a command with the profile in its environment; for ${CLIENTS.map((a) => a.commands[0]).join(', ')} also their own settings`)
  .option('--profile <name>', 'Use this profile instead of the active one')
  .option('--model <id>', "Override the profile's model")
  .example('aigate run claude')
  .example('aigate run codex exec "fix the tests"')
  .example('aigate run --profile work opencode');

cli
  .command('statusline', "Print a one-line status for Claude Code's statusLine: profile, model, gateway (reads Claude Code's JSON on stdin)")
  .option('--profile <name>', 'Use this profile')
  .action(async (options) => (await import('./commands/statusline.js')).statuslineCommand(options));

// A command's help begins with what the command does (cac shows it only in the list of commands).
cli.help((sections) => {
  const command = cli.matchedCommand;
  if (command?.description) sections.splice(2, 0, { body: command.description });
  return sections;
});

/** `dryRun` as the user types it: `dry-run`. */
function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * An option the command does not have, as typed (`--dry-rn`), with the nearest one it has: cac
 * would name it camel-cased (`--dryRn`) and suggest nothing.
 */
function checkOptions(args: readonly string[], command: (typeof cli.commands)[number] | undefined): void {
  const flags = [...(command?.options ?? []), ...cli.globalCommand.options].flatMap((option) =>
    option.rawName.split(',').map((name) => name.trim().split(' ')[0]!),
  );
  // --no-verify also makes --verify known, as cac reads it.
  const known = [...flags, ...flags.filter((flag) => flag.startsWith('--no-')).map((flag) => `--${flag.slice(5)}`)];
  for (const arg of args) {
    if (arg === '--') return;
    const flag = arg.split('=')[0]!;
    if (!flag.startsWith('--') || known.includes(flag)) continue;
    const where = command ? `aigate ${command.name} --help` : 'aigate --help';
    throw new AigateError(`unknown option ${flag}${didYouMean(flag, known.filter((name) => name.startsWith('--')))}; see \`${where}\``, 2);
  }
}

/**
 * A shell name that no command knows and that is near one the command takes is a typo: that one is
 * suggested. Anything else is left to the command, which lists what it takes and says why.
 */
function checkShell(name: unknown, candidates: readonly string[]): void {
  if (typeof name !== 'string' || SHELLS.some((shell) => shell.name === name || shell.aliases?.includes(name))) return;
  const near = didYouMean(name, candidates);
  if (near) throw new AigateError(`unknown shell "${name}"${near}; choose one of: ${candidates.join(', ')}`, 2);
}

/** The short help for `aigate` alone: where to start, not every command. */
function shortHelp(): string {
  return [
    `aigate ${AIGATE_VERSION}: connect coding agents to the AIGate gateway`,
    '',
    '  aigate setup            guided: gateway, key, models, shell integration, agents',
    `  aigate setup AGENT      write one agent's configuration (${SETUP_AGENTS.join(', ')})`,
    '  aigate run AGENT …      run an agent with the profile',
    '  aigate env --explain    what the profile sets, and where each value came from',
    '  aigate models | test | doctor    the gateway\'s models, a quick test, a check of this machine',
    '  aigate help [COMMAND]   every command, or one in full',
    '',
  ].join('\n');
}

/** The commands and their options as cac knows them, for the completion scripts. */
function completionTable() {
  const argument = { init: 'integration', completion: 'completion', use: 'profile' } as const;
  const flag = (option: { names: string[] }) => `--${option.names.at(-1)!.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
  return cli.commands.map((command) => {
    const options = command.options.filter((option) => option.name !== 'hook');
    return {
      name: command.name,
      options: options.map(flag),
      valued: options.filter((option) => !option.isBoolean).map(flag),
      ...(command.name in argument && { argument: argument[command.name as keyof typeof argument] }),
      ...(command.name === 'run' && { passthrough: true }),
    };
  });
}
cli.version(AIGATE_VERSION);

async function main(argv: string[]): Promise<void> {
  // For the completion scripts: answered before cac, so that it is not listed in help.
  if (argv[2] === '__complete') return (await import('./commands/completion.js')).completeCommand(argv[3] ?? '');
  // `aigate run …` reaches here only for its help (bin/aigate.cjs sends the rest to dist/run.cjs);
  // cac would read the command's own options as aigate's.
  if (argv[2] === 'run') argv = [...argv.slice(0, 3), '--help'];
  // `aigate help [COMMAND]`, as git and npm have it.
  if (argv[2] === 'help') argv = [...argv.slice(0, 2), ...argv.slice(3, 4), '--help'];
  // Without any argument: where to start, not the whole help.
  if (argv.length === 2) {
    const file = configFile(process.env);
    process.stdout.write(
      existsSync(file)
        ? shortHelp()
        : `aigate connects Claude Code, Codex, OpenCode and other coding agents to the AIGate gateway. There is no\nconfiguration yet (${file}): run \`aigate setup\`, which asks for the gateway, your key and the models,\nand sets up your shell and the agents it finds. \`aigate help\` lists every command.\n`,
    );
    return;
  }
  cli.parse(argv, { run: false });
  const command = cli.matchedCommand;
  if (!command) {
    if (cli.args.length) {
      const word = String(cli.args[0]);
      const near = didYouMean(word, cli.commands.map((c) => c.name.split(' ')[0]!).filter(Boolean));
      throw new AigateError(`unknown command "${word}"${near || '; see `aigate --help`'}`, 2);
    }
    checkOptions(argv.slice(2), undefined);
    if (!cli.options.help && !cli.options.version) cli.outputHelp();
    return;
  }
  checkOptions(argv.slice(3), command);
  const shells = { init: INTEGRATION_SHELLS, install: INTEGRATION_SHELLS, uninstall: INTEGRATION_SHELLS, setup: INTEGRATION_SHELLS, completion: COMPLETION_SHELLS };
  const candidates = (shells as Record<string, readonly string[]>)[command.name] ?? SHELLS.map((shell) => shell.name);
  checkShell(cli.options.shell, candidates);
  if (command.name === 'init' || command.name === 'completion') checkShell(cli.args[0], candidates);
  if (command.name === 'profile' || command.name === 'config') {
    const actions = command.name === 'profile' ? ['list', 'add', 'remove', 'use'] : ['get', 'set'];
    const action = String(cli.args[0]);
    if (!actions.includes(action)) throw new AigateError(`unknown action "${action}"${didYouMean(action, actions)}; choose ${actions.join(', ')}`, 2);
  }
  await cli.runMatchedCommand();
}

runEntry(() => main(process.argv), { streams: true });
