import { CLAUDE_PROVIDER_SWITCHES } from '../src/profile/claude-tiers.js';
import { describe, expect, it } from 'vitest';
import { maskKey } from '../src/profile/mask.js';
import { describeSource, resolveProfile } from '../src/profile/resolve.js';
import { applyChanges, STATE_VARIABLE, transition, userEnvironment } from '../src/profile/state.js';
import type { ConfigFile, ResolveInput } from '../src/profile/types.js';
import { gatewayUrls } from '../src/profile/url.js';
import { profileVariables } from '../src/profile/variables.js';

const config = (data: ConfigFile) => ({ file: '/c/config.toml', data });

describe('resolveProfile: defaults < config < .env < environment < flags', () => {
  const input: ResolveInput = {
    config: config({
      profile: 'work',
      profiles: {
        work: { base_url: 'https://work.test/v1', model: 'cfg/model', claude: { opus: 'cfg/opus', auth: 'api-key' } },
        home: { base_url: 'https://home.test' },
      },
    }),
    dotenv: { file: '/c/.env', vars: { AIGATE_MODEL: 'dotenv/model', AIGATE_API_KEY: 'sk-from-dotenv-000' } },
    env: {},
    flags: {},
  };

  it('takes each value from the highest layer that has it, and says which', () => {
    const profile = resolveProfile(input);
    expect(profile.name).toEqual({ value: 'work', source: { kind: 'config', file: '/c/config.toml', path: ['profile'] } });
    expect(profile.baseUrl.value).toBe('https://work.test/v1');
    expect(profile.model).toEqual({ value: 'dotenv/model', source: { kind: 'dotenv', file: '/c/.env', name: 'AIGATE_MODEL' } });
    expect(profile.key?.source).toEqual({ kind: 'dotenv', file: '/c/.env', name: 'AIGATE_API_KEY' });
    expect(profile.claude.opus.value).toBe('cfg/opus');
    expect(profile.claude.sonnet).toEqual({ value: 'anthropic/claude-sonnet-4.6', source: { kind: 'default' } });
    expect(profile.claude.auth.value).toBe('api-key');
    expect(describeSource(profile.claude.baseUrl.source)).toBe('the base URL without /v1, from /c/config.toml (profiles.work.base_url)');
  });

  it('lets the environment beat .env, and flags beat the environment', () => {
    const env = { AIGATE_MODEL: 'env/model', AIGATE_PROFILE: 'home', AIGATE_API_KEY: 'sk-from-env-0000' };
    const profile = resolveProfile({ ...input, env, flags: { model: 'flag/model' } });
    expect(profile.name.value).toBe('home');
    expect(profile.baseUrl.value).toBe('https://home.test/v1');
    expect(profile.model).toEqual({ value: 'flag/model', source: { kind: 'flag', name: '--model' } });
    expect(profile.key?.value).toBe('sk-from-env-0000');
    expect(resolveProfile({ ...input, env, flags: { profile: 'work' } }).name.value).toBe('work');
  });

  it('reads the key from the variable named by api_key_env', () => {
    const custom: ResolveInput = { config: config({ profiles: { default: { api_key_env: 'WORK_KEY' } } }), env: { AIGATE_API_KEY: 'sk-other', WORK_KEY: 'sk-work-123' }, flags: {} };
    expect(resolveProfile(custom).key).toEqual({ value: 'sk-work-123', source: { kind: 'env', name: 'WORK_KEY' } });
  });

  it('serves built-in defaults with no config at all', () => {
    const profile = resolveProfile({ env: {}, flags: {} });
    expect(profile.name.value).toBe('default');
    expect(profile.baseUrl.value).toBe('https://api.aigate.shop/v1');
    expect(profile.claude.baseUrl.value).toBe('https://api.aigate.shop');
    expect(profile.key).toBeUndefined();
  });

  it('rejects an unknown profile, naming where the name came from', () => {
    expect(() => resolveProfile({ ...input, flags: { profile: 'nope' } })).toThrow(/unknown profile "nope"; profiles in \/c\/config.toml: work, home/);
  });

  it('ignores empty environment variables', () => {
    expect(resolveProfile({ ...input, env: { AIGATE_MODEL: '' } }).model.value).toBe('dotenv/model');
  });
});

describe('gatewayUrls: /v1 neither missing nor doubled', () => {
  it.each([
    ['https://gw.test/v1', 'https://gw.test/v1', 'https://gw.test'],
    ['https://gw.test/v1/', 'https://gw.test/v1', 'https://gw.test'],
    ['https://gw.test', 'https://gw.test/v1', 'https://gw.test'],
    ['https://gw.test/', 'https://gw.test/v1', 'https://gw.test'],
    ['http://127.0.0.1:8080/prefix/v1', 'http://127.0.0.1:8080/prefix/v1', 'http://127.0.0.1:8080/prefix'],
  ])('%s', (raw, openai, root) => {
    expect(gatewayUrls(raw)).toEqual({ openai, root });
  });

  it.each(['gw.test', 'ftp://gw.test', 'https://gw.test/v1?x=1', 'https://gw.test/v1/messages', 'https://gw.test/v1/models'])('refuses %s', (raw) => {
    expect(gatewayUrls(raw)).toHaveProperty('error');
  });
});

describe('profileVariables', () => {
  it('sends the key as ANTHROPIC_AUTH_TOKEN and removes ANTHROPIC_API_KEY by default, and the reverse for auth = "api-key"', () => {
    const names = (auth?: 'token' | 'api-key') => {
      const plan = profileVariables(resolveProfile({ config: config({ profiles: { default: { claude: auth ? { auth } : {} } } }), env: { AIGATE_API_KEY: 'sk-1' }, flags: {} }));
      return { set: plan.set.map((a) => a.name), unset: plan.unset.map((r) => r.name) };
    };
    expect(names().set).toContain('ANTHROPIC_AUTH_TOKEN');
    expect(names().unset).toEqual([...CLAUDE_PROVIDER_SWITCHES, 'ANTHROPIC_API_KEY']);
    expect(names('api-key').set).toContain('ANTHROPIC_API_KEY');
    expect(names('api-key').unset).toContain('ANTHROPIC_AUTH_TOKEN');
  });

  it('marks the key-holding variables as secret', () => {
    const plan = profileVariables(resolveProfile({ env: { AIGATE_API_KEY: 'sk-1' }, flags: {} }));
    expect(plan.set.filter((a) => a.secret).map((a) => a.name)).toEqual(['AIGATE_API_KEY', 'ANTHROPIC_AUTH_TOKEN']);
  });
});

describe('state: telling aigate\'s exports from the user\'s', () => {
  const apply = applyChanges;
  const plan = (profile: string, extra: Record<string, string> = {}) =>
    profileVariables(
      resolveProfile({
        config: config({ profiles: { a: { base_url: 'https://a.test', env: extra }, b: { base_url: 'https://b.test' } } }),
        env: {},
        flags: { profile },
      }),
    );

  it('takes back what aigate exported, so a second profile is not overridden by the first', () => {
    const before = { ANTHROPIC_API_KEY: 'sk-user', HOME: '/h' };
    const afterA = apply(before, transition(before, plan('a', { EXTRA: 'x' })));
    expect(afterA.AIGATE_BASE_URL).toBe('https://a.test/v1');
    expect(afterA.ANTHROPIC_API_KEY).toBeUndefined();
    expect(userEnvironment(afterA)).toEqual(before);
    const afterB = apply(afterA, transition(afterA, plan('b')));
    expect(afterB.AIGATE_BASE_URL).toBe('https://b.test/v1');
    expect(afterB).not.toHaveProperty('EXTRA');
    const off = apply(afterB, transition(afterB, undefined));
    expect(off).toEqual(before);
  });

  it('keeps a value the user changed after aigate exported it', () => {
    const afterA = apply({}, transition({}, plan('a')));
    const edited = { ...afterA, AIGATE_MODEL: 'mine' };
    expect(userEnvironment(edited).AIGATE_MODEL).toBe('mine');
    expect(userEnvironment(edited).AIGATE_BASE_URL).toBeUndefined();
  });

  it('ignores a state it cannot read', () => {
    expect(userEnvironment({ [STATE_VARIABLE]: '!!not base64 json', X: '1' })).toEqual({ X: '1' });
  });
});

describe('maskKey', () => {
  it('shows the first three and last four characters of a key, and nothing of a short one', () => {
    expect(maskKey('sk-aigate-0123456789abcd')).toBe('sk-…abcd');
    expect(maskKey('short')).toBe('…');
  });
});

describe('state never copies a value aigate set from the same variable', () => {
  it('stores a marker, not the key, when the user\'s value is the one aigate exports', () => {
    const env = { AIGATE_API_KEY: 'sk-user-key-0123456789' };
    const changes = transition(env, profileVariables(resolveProfile({ env, flags: {} })));
    const state = changes.set.find(([name]) => name === STATE_VARIABLE)![1];
    expect(Buffer.from(state, 'base64url').toString()).not.toContain('sk-user-key');
    const after = applyChanges(env, changes);
    expect(userEnvironment(after).AIGATE_API_KEY).toBe('sk-user-key-0123456789');
    expect(applyChanges(after, transition(after, undefined))).toEqual(env);
  });
});
