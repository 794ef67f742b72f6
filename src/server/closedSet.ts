// Closed unions at run time, for the schema and the metric labels: a record literal
// `{ a: true, b: true } satisfies Record<Union, true>` lists each member exactly once (a missing or
// extra one is a type error), and, unlike a list built by a call, costs nothing at import.

/**
 * A closed string union as a set: the keys of a record literal (the values do not matter).
 *
 * @example
 * ```ts
 * const LEVELS = { good: true, poor: true } satisfies ClosedSet<'good' | 'poor'>;
 * ```
 */
export type ClosedSet<T extends string> = Readonly<Record<T, unknown>>;

/** Whether `value` is a member of `set` (own keys only: `toString` is not). */
export const isIn = <T extends string>(set: ClosedSet<T>, value: unknown): value is T =>
  typeof value === 'string' && Object.hasOwn(set, value);

/** The members of `set`. */
export const membersOf = <T extends string>(set: ClosedSet<T>): T[] => Object.keys(set) as T[];
