// Runs the signaling server CLI in this repository (no build needed): the same flags and
// environment variables as examples/signaling-server/server.mjs.
//   node scripts/signaling-server.mjs --port 8080 --token s3cret
import { spawn } from 'node:child_process';
import { bundleSignalingServer } from './bundleSignalingServer.mjs';

const child = spawn(process.execPath, [await bundleSignalingServer(), ...process.argv.slice(2)], { stdio: 'inherit' });
for (const signal of /** @type {const} */ (['SIGINT', 'SIGTERM'])) process.on(signal, () => child.kill(signal));
child.on('exit', (code) => process.exit(code ?? 1));
