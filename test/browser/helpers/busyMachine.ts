// A busy machine for recovery tests and benchmarks (issue 22): timers and escalation must not
// depend on a prompt event loop. Each function starts the load and returns what ends it.
import { cdp } from 'vitest/browser';

/** Slows this page's main thread `rate` times through CDP (Emulation.setCPUThrottlingRate). */
export async function throttleMainThread(rate: number): Promise<() => Promise<void>> {
  await cdp().send('Emulation.setCPUThrottlingRate', { rate });
  return async () => void (await cdp().send('Emulation.setCPUThrottlingRate', { rate: 1 }));
}

/** Keeps `count` workers spinning beside the page, each a core's worth of load for the machine. */
export async function burnCores(count: number): Promise<() => Promise<void>> {
  const url = URL.createObjectURL(new Blob(['for (;;) Math.sqrt(Math.random());'], { type: 'text/javascript' }));
  const workers = Array.from({ length: count }, () => new Worker(url));
  return async () => {
    workers.forEach((worker) => worker.terminate());
    URL.revokeObjectURL(url);
  };
}
