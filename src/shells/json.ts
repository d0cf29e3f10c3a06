import type { Shell } from './types.js';

export const json: Shell = {
  name: 'json',
  evaluated: false,
  render: ({ set, unset }) => `${JSON.stringify({ set: Object.fromEntries(set), unset }, null, 2)}\n`,
};
