// The storybook tier's accessibility gate. @storybook/addon-a11y runs axe-core on every story once
// its play function is done and files the result as a report on the test; the addon's own
// `a11y.test: 'error'` would fail a story on any violation, minor ones included, so the gate reads
// that report instead and fails on the impacts that block people: serious and critical.
import type { ImpactValue, Result } from 'axe-core';

/** The impacts that fail a story. */
export const FAILING_IMPACTS: readonly ImpactValue[] = ['serious', 'critical'];

interface A11yReport {
  readonly type: string;
  readonly status?: string;
  readonly result?: { readonly violations?: readonly Result[]; readonly error?: unknown };
}

/** What a story's test needs to be judged: its reports, and whether it already failed. */
export interface GatedStoryTest {
  readonly storyId?: string;
  readonly reports?: readonly A11yReport[];
  readonly failed: boolean;
  /** The story's `parameters.a11y.test` (`'off'` opts out; no story does today). */
  readonly a11yTest?: string;
}

/** The violations among `violations` that fail the gate. */
export function blockingViolations(violations: readonly Result[]): Result[] {
  return violations.filter((v) => v.impact != null && FAILING_IMPACTS.includes(v.impact));
}

/** One readable paragraph per violating element: rule, impact, the element, how to fix it. */
export function describeViolations(violations: readonly Result[]): string {
  return violations
    .flatMap((v) =>
      v.nodes.map(
        (node) =>
          `${v.id} (${v.impact}): ${v.help}\n  at ${node.target.join(' ')}\n  ${node.html}\n  ${node.failureSummary ?? ''}\n  ${v.helpUrl}`,
      ),
    )
    .join('\n\n');
}

/**
 * Throws when the story's axe report has a serious or critical violation, when axe itself failed,
 * or when a story that passed has no report at all (the addon not registered, or not run: a gate
 * that silently checks nothing must not pass).
 */
export function assertAccessible({ storyId, reports, failed, a11yTest }: GatedStoryTest): void {
  if (a11yTest === 'off') return;
  const report = reports?.find((r) => r.type === 'a11y');
  if (!report) {
    if (failed) return; // the story's own failure says more than a missing report
    throw new Error(`No accessibility report for story ${storyId ?? '?'}: is @storybook/addon-a11y registered?`);
  }
  if (report.result?.error !== undefined) {
    throw new Error(`axe-core failed on story ${storyId ?? '?'}`, { cause: report.result.error });
  }
  const blocking = blockingViolations(report.result?.violations ?? []);
  if (blocking.length > 0) {
    throw new Error(
      `Story ${storyId ?? '?'} has ${blocking.length} serious or critical accessibility violation(s):\n\n${describeViolations(blocking)}`,
    );
  }
}
