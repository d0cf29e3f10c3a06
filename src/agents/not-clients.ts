import type { Agent } from './types.js';

/** Agents people ask about that cannot use AIGate: `aigate run` says why, and which agents can, instead of launching them. */
export const gemini: Agent = {
  name: 'gemini',
  title: 'Gemini CLI',
  commands: ['gemini'],
  install: 'npm i -g @google/gemini-cli',
  refusal: "Gemini CLI speaks only Google's Gemini API, which AIGate does not serve (it serves OpenAI's and Anthropic's)",
};

export const crush: Agent = {
  name: 'crush',
  title: 'Crush',
  commands: ['crush'],
  install: 'npm i -g @charmland/crush',
  refusal: 'Crush is not supported: it could not be installed and verified here; give its crush.json an "openai-compat" provider with your AIGate base URL by hand',
};
