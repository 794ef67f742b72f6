// Vitest globalSetup for the storybook project: the reference signaling server on 127.0.0.1 (a
// free port) for the one-to-one call recipe; test/storybook.setup.ts hands its address to stories.
import type { TestProject } from 'vitest/node';
import { startSignalingServer } from '../helpers/startSignalingServer.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    rtckitTestSignaling: { url: string; token: string };
  }
}

export default async function setup(project: TestProject) {
  const token = 'rtckit-test';
  const server = await startSignalingServer({ token });
  project.provide('rtckitTestSignaling', { url: server.url, token });
  return () => server.close();
}
