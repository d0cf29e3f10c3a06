import { listed, SHELLS } from '../shells/index.js';

/**
 * The options of `aigate env`, as data: the full CLI (cac) shows them in help, and the fast entry
 * used at shell start parses them with Node's own util.parseArgs, so both read one definition.
 */
export const ENV_OPTIONS = {
  shell: { value: '<shell>', description: `${listed(SHELLS.map((shell) => shell.name))} (default: the calling shell)` },
  profile: { value: '<name>', description: 'Use this profile instead of the active one' },
  model: { value: '<id>', description: "Override the profile's model (AIGATE_MODEL)" },
  explain: { value: undefined, description: 'Show each variable, its value (key masked) and where it came from' },
  hook: { value: undefined, description: 'Output for the shell integration (see `aigate init`)' },
} as const;

export type EnvOptions = { [K in keyof typeof ENV_OPTIONS]?: (typeof ENV_OPTIONS)[K]['value'] extends string ? string : boolean };
