import { describe, expect, it } from 'vitest';
import { composeEventHandlers } from '@src/react/internal/composeEventHandlers';

const event = () => {
  const e = { defaultPrevented: false, preventDefault: () => void (e.defaultPrevented = true) };
  return e;
};

describe('composeEventHandlers', () => {
  it("runs the caller's handler first, then the component's, with the same event", () => {
    const calls: string[] = [];
    const e = event();
    composeEventHandlers<typeof e>(
      (seen) => calls.push(`theirs:${seen === e}`),
      (seen) => calls.push(`ours:${seen === e}`),
    )(e);
    expect(calls).toEqual(['theirs:true', 'ours:true']);
  });

  it("skips the component's handler when the caller's prevented the default", () => {
    const calls: string[] = [];
    composeEventHandlers<ReturnType<typeof event>>(
      (e) => e.preventDefault(),
      () => calls.push('ours'),
    )(event());
    expect(calls).toEqual([]);
  });

  it("runs the component's handler alone when the caller gave none", () => {
    const calls: string[] = [];
    composeEventHandlers<ReturnType<typeof event>>(undefined, () => calls.push('ours'))(event());
    expect(calls).toEqual(['ours']);
  });
});
