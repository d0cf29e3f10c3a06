import { cac } from 'cac';
import { ENV_OPTIONS } from './commands/env-options.js';
import { AigateError } from './errors.js';
import { reportError } from './report.js';

declare const AIGATE_VERSION: string;

/** Each command's module is imported only when it runs, so `aigate env` loads nothing it does not use. */
const cli = cac('aigate');

const env = cli.command('env', 'Print the profile as code for your shell to evaluate');
for (const [name, { value, description }] of Object.entries(ENV_OPTIONS)) env.option(`--${name}${value ? ` ${value}` : ''}`, description);
env
  .example('eval "$(aigate env)"            # bash, zsh')
  .example('aigate env | source             # fish')
  .example('aigate env --shell powershell | Out-String | Invoke-Expression')
  .action(async (options) => (await import('./commands/env.js')).envCommand(options));

// Registered for help only: main() hands `run` its raw arguments, which cac would otherwise parse.
cli
  .command('run <command> [...args]', 'Run a command (claude, codex, opencode, anything) with the profile in its environment')
  .option('--profile <name>', 'Use this profile instead of the active one')
  .option('--model <id>', "Override the profile's model")
  .example('aigate run claude')
  .example('aigate run codex exec "fix the tests"')
  .example('aigate run --profile work opencode');

cli.help();
cli.version(AIGATE_VERSION);

async function main(argv: string[]): Promise<void> {
  // `aigate run …` reaches here only for its help (bin/aigate.cjs sends the rest to dist/run.cjs);
  // cac would read the command's own options as aigate's.
  if (argv[2] === 'run') argv = [...argv.slice(0, 3), '--help'];
  cli.parse(argv, { run: false });
  if (!cli.matchedCommand) {
    if (cli.args.length) throw new AigateError(`unknown command "${cli.args[0]}"; see \`aigate --help\``, 2);
    if (!cli.options.help && !cli.options.version) cli.outputHelp();
    return;
  }
  await cli.runMatchedCommand();
}

main(process.argv).catch(reportError);
