import type { Profile } from './types.js';

/** The routes AIGate serves, by the name aigate gives each: OpenAI chat/completions and responses, Anthropic messages. */
export const ROUTE_NAMES = ['chat', 'responses', 'messages'] as const;

export type RouteName = (typeof ROUTE_NAMES)[number];

/** The model a route is used with: the profile's Claude model on Anthropic's messages route, else its model. */
export function routeModel(profile: Profile, route: RouteName): string {
  return route === 'messages' ? profile.claude.model.value : profile.model.value;
}
