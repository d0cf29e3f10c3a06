import type { RouteName } from './route-names.js';
import type { Profile } from './types.js';

// The names are a leaf of their own, so that types.ts needs nothing from here.
export { ROUTE_NAMES, type RouteName } from './route-names.js';

/** Anthropic's messages route: the Claude base URL and model, an Anthropic client; the other routes are OpenAI's. */
export const isAnthropicRoute = (route: RouteName) => route === 'messages';

/** The model a route is used with: the profile's Claude model on Anthropic's messages route, else its model. */
export function routeModel(profile: Profile, route: RouteName): string {
  return isAnthropicRoute(route) ? profile.claude.model.value : profile.model.value;
}

/**
 * The base URL a client of `route` is given: the OpenAI base (with /v1), or on messages the
 * Anthropic root, without /v1 for clients that append /v1/messages (Claude Code, Copilot, Qwen),
 * with it (`form: 'v1'`) for those that append /messages (the AI SDK, Cline, Continue).
 */
export function routeBase(profile: Profile, route: RouteName, form: 'root' | 'v1' = 'root'): string {
  if (!isAnthropicRoute(route)) return profile.baseUrl.value;
  return form === 'v1' ? `${profile.claude.baseUrl.value}/v1` : profile.claude.baseUrl.value;
}
