import { join } from 'node:path';
import { homeOf } from '../config/paths.js';
import { isAnthropicRoute, type RouteName, routeBase, routeModel } from '../profile/routes.js';
import type { Profile } from '../profile/types.js';
import { KEY_VARIABLE } from '../profile/variables.js';
import { KEY_NOTE } from './setup.js';
import type { Agent } from './types.js';

/** One Continue model on `route`, the key as a secret Continue reads from the environment. */
function continueModel(profile: Profile, route: RouteName, model: string) {
  return {
    name: `AIGate ${model}`,
    provider: isAnthropicRoute(route) ? 'anthropic' : 'openai',
    model,
    apiBase: routeBase(profile, route, 'v1'),
    apiKey: `\${{ secrets.${KEY_VARIABLE} }}`,
  };
}

/**
 * An entry per gateway model, for cn's /model picker (each entry is one of its items), the profile's
 * model first: cn starts with the first entry.
 */
function continueModels(profile: Profile, route: RouteName, models: readonly string[]) {
  const first = routeModel(profile, route);
  return [first, ...models.filter((id) => id !== first)].map((id) => continueModel(profile, route, id));
}

/**
 * Continue's CLI (`cn`) takes a whole config with --config: a private one per run, in JSON (which
 * is YAML), the key as `${{ secrets.AIGATE_API_KEY }}`, which cn reads from the environment.
 */
export const continueCli: Agent = {
  name: 'continue',
  title: 'Continue CLI',
  commands: ['cn'],
  install: 'npm i -g @continuedev/cli',
  // Responses cannot be chosen: cn picks it by the model's name (a *-codex model), whatever the settings.
  routes: { default: 'chat', supported: ['chat', 'messages'] },
  listsModels: true,
  launch({ profile, route, models, privateFile }) {
    const config = { name: 'AIGate', version: '1.0.0', schema: 'v1', models: continueModels(profile, route, models) };
    return { args: ['--config', privateFile('continue-config.yaml', `${JSON.stringify(config, null, 2)}\n`)], env: {} };
  },
  // An entry per gateway model in the models list of ~/.continue/config.yaml (CONTINUE_GLOBAL_DIR moves it), the user's comments and entries kept.
  setup: {
    format: 'yaml',
    scopes: ['global'],
    file: (_scope, env) => join(env.CONTINUE_GLOBAL_DIR || join(homeOf(env), '.continue'), 'config.yaml'),
    target: ({ profile, route, models }) => ({ models: Object.fromEntries(continueModels(profile, route, models).map((model) => [model.name, model])) }),
    newFile: { name: 'Local Config', version: '1.0.0', schema: 'v1' },
    notes: () => [KEY_NOTE],
  },
};
