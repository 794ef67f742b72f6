import type * as PromClient from 'prom-client';
import { isIn, membersOf, type ClosedSet } from './closedSet.ts';

/** A counter with one label, counting only the members of its closed set. */
export interface ClosedCounter<V extends string> {
  inc(value: V, by?: number): void;
}

/**
 * A prom-client counter on `registry` whose one label takes the members of `values` only: each
 * starts at 0 (so `increase()` sees the first), and a value outside the set is not counted, so
 * nothing a client sends can add a series.
 *
 * @example
 * ```ts
 * const refused = closedCounter(prom, registry, { name: 'x_refused_total', help: '…', label: 'reason', values: REASONS });
 * refused.inc('too-large');
 * ```
 */
export function closedCounter<V extends string>(
  prom: typeof PromClient,
  registry: PromClient.Registry,
  options: { readonly name: string; readonly help: string; readonly label: string; readonly values: ClosedSet<V> },
): ClosedCounter<V> {
  const { label, values } = options;
  const counter = new prom.Counter({
    name: options.name,
    help: options.help,
    labelNames: [label],
    registers: [registry],
  });
  for (const value of membersOf(values)) counter.inc({ [label]: value }, 0);
  return {
    inc(value, by = 1) {
      if (isIn(values, value)) counter.inc({ [label]: value }, by);
    },
  };
}
