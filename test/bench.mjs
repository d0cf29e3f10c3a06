// `npm run bench`: what aigate costs where it runs most, beside a bare `node -e 0`.
// Runs the commands alternately (so drift in machine load hits both) and prints medians and ratios.
// BENCH_RUNS=N sets the number of runs (40); BENCH_SHELLS=pwsh,bash runs only the shell integration
// part, for those shells (pwsh: the empty profile, a one-line profile, the cache alone and aigate's,
// side by side).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const RUNS = Number(process.env.BENCH_RUNS ?? 40);
const aigate = fileURLToPath(new URL('../bin/aigate.cjs', import.meta.url));
const home = mkdtempSync(join(tmpdir(), 'aigate-bench-'));
const config = join(home, 'config.toml');
writeFileSync(config, '[profiles.default]\nbase_url = "https://api.aigate.shop/v1"\n[profiles.default.env]\nHTTPS_PROXY = "http://proxy:3128"\n');
const env = { PATH: process.env.PATH, HOME: home, AIGATE_CONFIG: config, AIGATE_API_KEY: 'sk-bench-0123456789abcdef' };

const subjects = [
  { name: 'node -e 0', argv: [process.execPath, '-e', '0'] },
  { name: 'aigate env', argv: [process.execPath, aigate, 'env', '--shell', 'bash'], target: 1.1 },
  { name: 'aigate run true', argv: [process.execPath, aigate, 'run', 'true'], target: 1.3 },
];

function time(argv, runEnv = env, cwd = undefined) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env: runEnv, cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];

/** Runs the argvs alternately (so drift in machine load hits all alike); returns their medians. */
function medians(argvs, runEnv = env) {
  const samples = argvs.map(() => []);
  for (const argv of argvs) time(argv, runEnv); // warm the file cache
  for (let i = 0; i < RUNS; i++) argvs.forEach((argv, j) => samples[j].push(time(argv, runEnv)));
  return samples.map(median);
}

const only = process.env.BENCH_SHELLS ? process.env.BENCH_SHELLS.split(',') : undefined;
if (!only) {
  const [baseline, ...others] = medians(subjects.map((s) => s.argv));
  console.log(`${RUNS} runs each, alternated; medians:`);
  [baseline, ...others].forEach((m, j) => {
    const subject = subjects[j];
    const target = subject.target ? `   target ≤ ${subject.target.toFixed(2)}` : '';
    console.log(`  ${subject.name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms   ratio ${(m / baseline).toFixed(3)}${target}`);
  });
}

// The shell integration: a new interactive shell with it (cache warm) beside one without it, and
// the cost of one prompt where nothing changed, timed inside the shell by its own clock.
const shells = {
  bash: { start: ['bash', '-i', '-c', 'exit'], rc: '.bashrc', loop: (n) => ['bash', '-i', '-c', `s=$EPOCHREALTIME; for ((i = 0; i < ${n}; i++)); do _aigate_hook; done; e=$EPOCHREALTIME; echo $(( (\${e/./} - \${s/./}) ))`] },
  zsh: { start: ['zsh', '-i', '-c', 'exit'], rc: '.zshrc', loop: (n) => ['zsh', '-i', '-c', `zmodload zsh/datetime; s=$EPOCHREALTIME; for ((i = 0; i < ${n}; i++)); do _aigate_hook; done; e=$EPOCHREALTIME; printf '%.0f\\n' $(( (e - s) * 1e6 ))`] },
  fish: { start: ['fish', '-i', '-c', 'exit'], rc: '.config/fish/conf.d/aigate.fish', loop: (n) => ['fish', '-i', '-c', `set s (date +%s%N); for i in (seq ${n}); _aigate_hook; end; set e (date +%s%N); math "($e - $s) / 1000"`] },
  pwsh: {
    start: ['pwsh', '-NoLogo', '-Command', 'exit'],
    rc: '.config/powershell/Microsoft.PowerShell_profile.ps1',
    // A shell that has shown a few dozen prompts: the first call reads the rest of the integration (as
    // the first idle moment does), and PowerShell interprets a function until it has run it often
    // enough to compile it, then .NET compiles that again, in the background; so 10 × n calls first
    // (about a second), then n timed.
    loop: (n) => ['pwsh', '-NoLogo', '-Command', `& { for ($i = 0; $i -lt ${10 * n}; $i++) { _aigate_hook }; $w = [System.Diagnostics.Stopwatch]::StartNew(); for ($i = 0; $i -lt ${n}; $i++) { _aigate_hook }; [long]($w.Elapsed.TotalMilliseconds * 1000) }`],
    targets: { start: 5, prompt: 100 },
    // Two more starts, in the same alternated loop. A profile of one line making one .NET call: the
    // goal is (aigate − empty) ≤ 1.5 × (one line − empty). And a profile that only evaluates the
    // cache aigate made and applies it, with no check: what any start from that cache costs at least.
    oneLine: { text: "[System.Environment]::SetEnvironmentVariable('AIGATE_BENCH', 'y')\n", target: 1.5 },
    cacheAlone: (dir) => `. ([scriptblock]::Create([System.IO.File]::ReadAllText('${join(dir, 'run', 'aigate', 'env.powershell')}')))\n_aigate_cached\n`,
  },
  xonsh: {
    start: ['xonsh', '-i', '-c', 'exit'],
    rc: '.xonshrc',
    loop: (n) => ['xonsh', '-i', '-c', `import time; s = time.perf_counter_ns(); [_aigate_hook() for i in range(${n})]; print((time.perf_counter_ns() - s) // 1000)`],
  },
  // elvish reads rc.elv, and has its editor, only when interactive: here the script is evaluated
  // without the two lines that need the editor (the hook itself needs none).
  elvish: {
    start: (dir) => ['elvish', '-norc', elvishScript(dir)],
    baseline: ['elvish', '-norc', '-c', 'nop'],
    rc: '.config/elvish/rc.elv',
    loop: (n, dir) => ['elvish', '-norc', elvishScript(dir, `time { for i [(range ${n})] { hook } }`)],
    parse: (out) => { const m = /([\d.]+)(µs|ms|s)/.exec(out); return m ? Number(m[1]) * { µs: 1, ms: 1e3, s: 1e6 }[m[2]] : NaN; },
  },
  // nushell reads the autoload folder only when interactive: here the installed file is sourced.
  nu: {
    start: (dir) => ['nu', '--no-config-file', '-c', `source ${JSON.stringify(join(dir, '.config', 'nushell', 'autoload', 'aigate.nu'))}`],
    baseline: ['nu', '--no-config-file', '-c', 'null'],
    rc: '.config/nushell/autoload/aigate.nu',
    loop: (n, dir) => ['nu', '--no-config-file', '-c', `source ${JSON.stringify(join(dir, '.config', 'nushell', 'autoload', 'aigate.nu'))}; let s = (date now); for i in 1..${n} { _aigate_hook }; print (((date now) - $s) / 1us | math round)`],
  },
};
const PROMPTS = 2000;

/** The elvish integration as `aigate init elvish` prints it, minus the lines only an interactive elvish can run. */
function elvishScript(dir, tail = '') {
  const file = join(dir, tail ? 'aigate-bench-loop.elv' : 'aigate-bench.elv');
  const init = spawnSync(process.execPath, [aigate, 'init', 'elvish'], { encoding: 'utf8', env: { ...env, HOME: dir } }).stdout;
  writeFileSync(file, `${init.split('\n').filter((line) => !/^(edit:add-var|set edit:before-readline)/.test(line)).join('\n')}\n${tail}\n`);
  return file;
}
console.log(`\nshell integration (${RUNS} starts each, alternated; ${PROMPTS} prompts timed in the shell):`);
for (const [name, shell] of Object.entries(shells)) {
  if (only && !only.includes(name)) continue;
  if (spawnSync('sh', ['-c', `command -v ${name}`], { env: { PATH: env.PATH } }).status !== 0) {
    console.log(`  ${name}: not installed, skipped`);
    continue;
  }
  const without = mkdtempSync(join(tmpdir(), 'aigate-bench-'));
  const withIt = mkdtempSync(join(tmpdir(), 'aigate-bench-'));
  const oneLine = shell.oneLine && mkdtempSync(join(tmpdir(), 'aigate-bench-'));
  const cacheAlone = shell.cacheAlone && mkdtempSync(join(tmpdir(), 'aigate-bench-'));
  const dirs = [without, withIt, oneLine, cacheAlone].filter(Boolean);
  const shellEnv = (dir) => ({ ...env, HOME: dir, ZDOTDIR: dir, XDG_CONFIG_HOME: join(dir, '.config'), XDG_RUNTIME_DIR: join(dir, 'run'), fish_greeting: '', POWERSHELL_TELEMETRY_OPTOUT: '1', POWERSHELL_UPDATECHECK: 'Off' });
  for (const dir of dirs) {
    spawnSync('mkdir', ['-p', join(dir, 'run'), join(dir, '.config', 'fish', 'conf.d'), join(dir, '.config', 'powershell'), join(dir, '.config', 'nushell', 'autoload'), join(dir, '.config', 'elvish')]);
    writeFileSync(join(dir, shell.rc), dir === oneLine ? shell.oneLine.text : '');
  }
  spawnSync(process.execPath, [aigate, 'install', '--shell', name], { env: shellEnv(withIt) });
  const startOf = (dir) => (typeof shell.start === 'function' ? shell.start(dir) : shell.start);
  spawnSync(startOf(withIt)[0], startOf(withIt).slice(1), { env: shellEnv(withIt), cwd: withIt }); // warm the cache
  if (cacheAlone) writeFileSync(join(cacheAlone, shell.rc), shell.cacheAlone(withIt));
  const starts = dirs.map((dir) => ({ dir, samples: [] }));
  // Without the integration: the same command (nushell: one that sources nothing, the file being absent).
  for (let i = 0; i < RUNS; i++) for (const s of starts) s.samples.push(time(s.dir === without && shell.baseline ? shell.baseline : startOf(s.dir), shellEnv(s.dir), s.dir));
  // Each start's cost over the one without, paired run by run (the median of the differences): the
  // machine's drift between rounds cancels out.
  const a = median(starts[0].samples);
  const [, b, c, d] = starts.map((s) => a + median(s.samples.map((sample, i) => sample - starts[0].samples[i])));
  const loopArgv = shell.loop(PROMPTS, withIt);
  const loop = spawnSync(loopArgv[0], loopArgv.slice(1), { env: shellEnv(withIt), cwd: withIt, encoding: 'utf8' });
  const last = loop.stdout.trim().split('\n').at(-1);
  const perPrompt = (shell.parse ? shell.parse(last) : Number(last)) / PROMPTS;
  const targets = shell.targets ?? { start: 2, prompt: 100 };
  console.log(`  ${name.padEnd(5)} start ${a.toFixed(1)} ms without, ${b.toFixed(1)} ms with (+${(b - a).toFixed(2)} ms, target ≤ +${targets.start})   prompt, nothing changed: ${perPrompt.toFixed(1)} µs (target ≤ ${targets.prompt})`);
  if (oneLine) {
    console.log(`        one-line profile ${c.toFixed(1)} ms (+${(c - a).toFixed(2)} ms); ratio (aigate − empty) / (one line − empty) = ${((b - a) / (c - a)).toFixed(2)} (target ≤ ${shell.oneLine.target})`);
    console.log(`        the cache alone, evaluated and applied ${d.toFixed(1)} ms (+${(d - a).toFixed(2)} ms); its ratio to the one line ${((d - a) / (c - a)).toFixed(2)}`);
  }
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
}
rmSync(home, { recursive: true, force: true });
