// `npm start`: Storybook on 127.0.0.1:6006, plus the reference signaling server on 127.0.0.1:8787
// (token `rtckit-demo`) that the one-to-one call recipe connects to. Both stop together.
import { spawn } from 'node:child_process';
import { bundleSignalingServer } from './bundleSignalingServer.mjs';

const port = Number(process.env.SIGNALING_PORT ?? 8787);
const server = spawn(
  process.execPath,
  [await bundleSignalingServer(), '--port', String(port), '--token', 'rtckit-demo'],
  {
    stdio: ['ignore', 'inherit', 'inherit'],
  },
);
server.on('exit', (code) => {
  if (code)
    console.warn(`rtckit: the signaling server on port ${port} stopped (${code}); the one-to-one recipe needs it.`);
});

const storybook = spawn(
  'npx',
  ['storybook', 'dev', '--host', '127.0.0.1', '--port', '6006', ...process.argv.slice(2)],
  {
    stdio: 'inherit',
  },
);
const stop = () => storybook.kill('SIGTERM');
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
storybook.on('exit', (code) => {
  server.kill('SIGTERM');
  process.exit(code ?? 0);
});
