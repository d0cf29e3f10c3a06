import { fileURLToPath } from 'node:url';
import { cac } from 'cac';
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
  .action(async (options) => (await import('./commands/env.js')).envCommand(options));

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

cli
  .command('setup <agent>', `Write an agent's own configuration for AIGate: ${AGENTS.filter((a) => a.setup).map((a) => a.name).join(', ')}`)
  .option('--profile <name>', 'Use this profile')
  .option('--dry-run', 'Print the change as a diff; write nothing')
  .option('--remove', 'Take out what aigate added; put back what it replaced')
  .option('--global', "The agent's user-wide file (opencode: ~/.config/opencode/opencode.json)")
  .option('--project', "The project's file (claude: .claude/settings.local.json)")
  .option('--print', "kilo: print the settings for the extension's own UI (before v7) instead")
  .option('--statusline', "claude: also show aigate's status line (profile, model, gateway), unless you have your own")
  .option('--replace-statusline', "claude: aigate's status line in place of yours")
  .option('--json', 'with --print: the settings as JSON')
  .example('aigate setup codex --dry-run')
  .action(async (agent: string, options) => (await import('./commands/setup.js')).setupCommand(agent, options, PATHS));

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

cli.help();

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
  cli.parse(argv, { run: false });
  if (!cli.matchedCommand) {
    if (cli.args.length) {
      const word = String(cli.args[0]);
      const near = didYouMean(word, cli.commands.map((c) => c.name.split(' ')[0]!).filter(Boolean));
      throw new AigateError(`unknown command "${word}"${near || '; see `aigate --help`'}`, 2);
    }
    if (!cli.options.help && !cli.options.version) cli.outputHelp();
    return;
  }
  await cli.runMatchedCommand();
}

runEntry(() => main(process.argv), { streams: true });
