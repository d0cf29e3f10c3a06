/** The routes AIGate serves, by the name aigate gives each: OpenAI chat/completions and responses, Anthropic messages. */
export const ROUTE_NAMES = ['chat', 'responses', 'messages'] as const;

export type RouteName = (typeof ROUTE_NAMES)[number];
