// `npm start`: Storybook on 127.0.0.1:6006, plus the reference signaling server on 127.0.0.1:8787
// (token `rtckit-demo`) that the one-to-one call recipe connects to. Both stop together.
import { spawn } from 'node:child_process';
import { startSignalingServer } from '../examples/signaling-server/server.mjs';

const port = Number(process.env.SIGNALING_PORT ?? 8787);
let server = null;
try {
  server = await startSignalingServer({ port, token: 'rtckit-demo' });
  console.log(`rtckit: reference signaling server on ${server.url} (token rtckit-demo)`);
} catch (error) {
  console.warn(
    `rtckit: the signaling server could not start on port ${port} (${error}); the one-to-one recipe needs it.`,
  );
}

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
storybook.on('exit', async (code) => {
  await server?.close();
  process.exit(code ?? 0);
});
