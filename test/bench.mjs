// `npm run bench`: what aigate costs where it runs most, beside a bare `node -e 0`.
// Runs the commands alternately (so drift in machine load hits both) and prints medians and ratios.
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

function time(argv) {
  const start = process.hrtime.bigint();
  const result = spawnSync(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
  if (result.status !== 0) throw new Error(`${argv.join(' ')} failed: ${result.stderr}`);
  return Number(process.hrtime.bigint() - start) / 1e6;
}

const samples = subjects.map(() => []);
for (const subject of subjects) time(subject.argv); // warm the file cache
for (let i = 0; i < RUNS; i++) subjects.forEach((subject, j) => samples[j].push(time(subject.argv)));
rmSync(home, { recursive: true, force: true });

const median = (values) => [...values].sort((a, b) => a - b)[values.length >> 1];
const baseline = median(samples[0]);
console.log(`${RUNS} runs each, alternated; medians:`);
subjects.forEach((subject, j) => {
  const m = median(samples[j]);
  const target = subject.target ? `   target ≤ ${subject.target.toFixed(2)}` : '';
  console.log(`  ${subject.name.padEnd(16)} ${m.toFixed(1).padStart(7)} ms   ratio ${(m / baseline).toFixed(3)}${target}`);
});
