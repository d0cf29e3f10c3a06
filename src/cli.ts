import { cac } from 'cac';
import { AigateError } from './errors.js';

declare const AIGATE_VERSION: string;

/** Each command's module is imported only when it runs, so `aigate env` loads nothing it does not use. */
const cli = cac('aigate');

cli
  .command('env', 'Print the profile as code for your shell to evaluate')
  .option('--shell <shell>', 'bash, zsh, sh, fish, powershell (pwsh), json or dotenv (default: the calling shell)')
  .option('--profile <name>', 'Use this profile instead of the active one')
  .option('--model <id>', 'Override the profile\'s model (AIGATE_MODEL)')
  .option('--explain', 'Show each variable, its value (key masked) and where it came from')
  .example('eval "$(aigate env)"            # bash, zsh')
  .example('aigate env | source             # fish')
  .example('aigate env --shell powershell | Out-String | Invoke-Expression')
  .action(async (options) => (await import('./commands/env.js')).envCommand(options));

cli.help();
cli.version(AIGATE_VERSION);

async function main(argv: string[]): Promise<void> {
  cli.parse(argv, { run: false });
  if (!cli.matchedCommand) {
    if (cli.args.length) throw new AigateError(`unknown command "${cli.args[0]}"; see \`aigate --help\``, 2);
    if (!cli.options.help && !cli.options.version) cli.outputHelp();
    return;
  }
  await cli.runMatchedCommand();
}

main(process.argv).catch((error: unknown) => {
  if (error instanceof AigateError) {
    process.stderr.write(`aigate: ${error.message}\n`);
    process.exitCode = error.exitCode;
  } else if (error instanceof Error && error.name === 'CACError') {
    process.stderr.write(`aigate: ${error.message}; see \`aigate --help\`\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`aigate: unexpected error: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exitCode = 1;
  }
});
