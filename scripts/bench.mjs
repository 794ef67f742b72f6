// npm run bench — every benchmark, one after another (each checks its own target). A miss does not
// stop the rest: all run, and the exit code is non-zero if any missed.
import { spawnSync } from 'node:child_process';

const BENCHMARKS = ['bench:stats', 'bench:signaling', 'bench:abr', 'bench:reconnect', 'bench:grid'];
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

const missed = BENCHMARKS.filter((script) => {
  console.log(`\n=== npm run ${script}`);
  return spawnSync(npm, ['run', script], { stdio: 'inherit' }).status !== 0;
});
console.log(`\n${BENCHMARKS.length - missed.length} of ${BENCHMARKS.length} benchmarks met their targets.`);
if (missed.length) {
  console.log(`Missed or failed: ${missed.join(', ')}`);
  process.exitCode = 1;
}
