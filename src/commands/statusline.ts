import { resolveFromEnvironment } from '../config/load.js';
import { escapeControls, writeAll } from '../output.js';

/** Claude Code's session JSON (stdin) can be large; a status line needs only its beginning. */
const STDIN_LIMIT = 1024 * 1024;

async function readStdin(): Promise<string> {
  if (process.stdin.isTTY) return '';
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of process.stdin) {
    chunks.push(chunk as Buffer);
    size += (chunk as Buffer).length;
    if (size > STDIN_LIMIT) break;
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * `aigate statusline`: one short line for Claude Code's `statusLine` setting: the profile, the model
 * Claude Code says it uses (from the JSON it sends on stdin; else the profile's), and the gateway's
 * host. Outside text is shown, never obeyed: control characters are escaped. It never fails the
 * status line: on any problem it prints what it knows.
 */
export async function statuslineCommand(options: { profile?: string }): Promise<void> {
  let model: string | undefined;
  try {
    const session = JSON.parse((await readStdin()) || '{}') as { model?: { id?: unknown; display_name?: unknown } };
    const id = session.model?.id ?? session.model?.display_name;
    if (typeof id === 'string' && id) model = id;
  } catch {
    // not JSON: the profile's model
  }
  let line: string;
  try {
    const { profile } = await resolveFromEnvironment(process.env, { profile: options.profile }, { key: false });
    line = `AIGate ${profile.name.value} · ${model ?? profile.claude.model.value} · ${new URL(profile.baseUrl.value).host}`;
  } catch (error) {
    line = `AIGate: ${(error as Error).message.split('\n')[0]}`;
  }
  writeAll(1, `${escapeControls(line)}\n`);
}
