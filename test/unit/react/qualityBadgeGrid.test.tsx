// A grid of 25 QualityBadges fed at 1 Hz re-renders only the badges whose level changed.
import { act, render } from '@testing-library/react';
import { Profiler, useState, type ProfilerOnRenderCallback } from 'react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { QualityBadge, type QualityBadgeValue } from 'rtckit';
import { FakePeerConnection } from 'rtckit/testing';
import { receiverReports } from '../../helpers/syntheticReports';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

const tick = (ms = 1000) => act(() => vi.advanceTimersByTimeAsync(ms));
const CHANGING = new Set([3, 11, 17, 20, 24]);

function countCommits() {
  const commits = new Map<string, number>();
  const onRender: ProfilerOnRenderCallback = (id) => commits.set(id, (commits.get(id) ?? 0) + 1);
  return { commits, onRender, reset: () => commits.clear() };
}

describe('25 QualityBadges at 1 Hz', () => {
  it('fed by connections: only the badges whose level changed re-render', async () => {
    // Every connection's bitrate changes every tick; five of them start losing 20 % at call 6.
    const pcs = Array.from(
      { length: 25 },
      (_, i) =>
        new FakePeerConnection({
          stats: receiverReports({
            kbps: (call) => 700 + ((call * 37 + i * 11) % 200),
            loss: (call) => (CHANGING.has(i) && call >= 6 ? 0.2 : 0),
          }),
        }) as unknown as RTCPeerConnection,
    );
    const { commits, onRender, reset } = countCommits();
    const { container } = render(
      <div>
        {pcs.map((pc, i) => (
          <Profiler key={i} id={String(i)} onRender={onRender}>
            <QualityBadge pc={pc} />
          </Profiler>
        ))}
      </div>,
    );
    const levels = () => [...container.querySelectorAll('[data-quality]')].map((el) => el.getAttribute('data-quality'));
    await tick(0);
    await tick(2000);
    expect(levels().every((level) => level === 'excellent')).toBe(true);

    reset();
    await tick(3000); // ticks 3–5: numbers change, levels do not
    expect(commits.size).toBe(0);

    await tick(5000); // ticks 6–10: five connections turn poor once, then stay poor
    expect(levels().filter((level) => level === 'poor')).toHaveLength(5);
    expect([...commits.keys()].map(Number).sort((a, b) => a - b)).toEqual([...CHANGING].sort((a, b) => a - b));
    for (const count of commits.values()) expect(count).toBe(1);
  });

  it('fed ready values: new objects with the same level do not re-render', async () => {
    // A Profiler would count the parent's re-render too, so each badge counts its own renders by
    // reading its labels through a proxy (read once per render; StrictMode renders twice).
    const renders = new Array<number>(25).fill(0);
    const labels = renders.map(
      (_, i) =>
        new Proxy({} as Record<string, string>, {
          get: () => {
            renders[i]!++;
            return undefined;
          },
        }),
    );
    const value = (i: number, second: number): QualityBadgeValue => {
      const poor = CHANGING.has(i) && second >= 5;
      return {
        level: poor ? 'poor' : 'excellent',
        score: poor ? 40 : 90 + (second % 5), // the score changes every second
        reasons: poor
          ? [
              {
                code: 'packet-loss',
                direction: 'downlink',
                message: 'High packet loss on your download',
                detail: `${10 + second} %`,
                penalty: 40,
              },
            ]
          : [],
      };
    };
    let setSecond: (second: number) => void = () => {};
    function Grid() {
      const [second, set] = useState(0);
      setSecond = set;
      return (
        <div>
          {labels.map((proxy, i) => (
            <QualityBadge key={i} quality={value(i, second)} labels={proxy} />
          ))}
        </div>
      );
    }
    const { container } = render(<Grid />);
    renders.fill(0);
    for (let second = 1; second <= 10; second++) setTimeout(() => setSecond(second), 1000 * second);
    await tick(10_000);
    expect(container.querySelectorAll('[data-quality="poor"]')).toHaveLength(5);
    const rendered = renders.map((count, i) => (count > 0 ? i : -1)).filter((i) => i >= 0);
    expect(rendered).toEqual([...CHANGING].sort((a, b) => a - b));
    // One re-render each (rendered twice by StrictMode).
    for (const i of rendered) expect(renders[i]).toBe(2);
  });
});
