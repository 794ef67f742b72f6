import type { EncodingPlan } from './planEncodings';
import { sameValue } from '../sameValue';
import type { OriginalSenderParameters, SenderParameters } from './senderParameters';
import { senderParametersOf, type SenderParametersRegistry } from './sharedSenderParameters';

/** What {@link ManagedSender.send} tells its controller. */
export interface SendOutcome {
  /** Whether the newest plan should still go out (not switched off, the sender still managed). */
  readonly wanted: () => boolean;
  readonly onApplied: () => void;
  readonly onRefused: (cause: unknown) => void;
}

const samePlan = (a: EncodingPlan, b: EncodingPlan | null) =>
  b !== null && a.degradationPreference === b.degradationPreference && sameValue(a.encodings, b.encodings);

/**
 * One video sender under a controller: the plan it wants now, what the sender has (or refused),
 * and the loop that sends the newest plan through the sender's {@link SenderParameters}.
 *
 * @example
 * ```ts
 * const managed = ManagedSender.adopt(sender);
 * if (managed) {
 *   managed.wanted = planEncodings({ ...input, original: managed.original.encodings });
 *   void managed.send({ wanted: () => true, onApplied: () => {}, onRefused: console.warn });
 * }
 * ```
 */
export class ManagedSender {
  readonly sender: RTCRtpSender;
  readonly parameters: SenderParameters;
  readonly original: OriginalSenderParameters;
  /** The plan wanted now. */
  wanted: EncodingPlan | null = null;
  #applied: EncodingPlan | null = null;
  #refused: EncodingPlan | null = null;
  #busy = false;

  private constructor(parameters: SenderParameters, original: OriginalSenderParameters) {
    this.sender = parameters.sender;
    this.parameters = parameters;
    this.original = original;
  }

  /** Takes `sender` under control, or `undefined` while it has no encodings yet (not negotiated). */
  static adopt(sender: RTCRtpSender, registry?: SenderParametersRegistry): ManagedSender | undefined {
    const parameters = senderParametersOf(sender, registry);
    const original = parameters.original();
    return original ? new ManagedSender(parameters, original) : undefined;
  }

  /** Whether a plan of this controller reached the sender (then there is something to put back). */
  get changed(): boolean {
    return this.#applied !== null;
  }

  /**
   * Sends the newest wanted plan unless the sender has it or refused it; a loop already running
   * picks it up instead. A refusal stops the loop until the plan changes.
   */
  async send(outcome: SendOutcome): Promise<void> {
    if (this.#busy) return;
    this.#busy = true;
    try {
      for (;;) {
        const plan = this.wanted;
        if (!plan || !outcome.wanted()) return;
        if (samePlan(plan, this.#applied) || samePlan(plan, this.#refused)) return;
        try {
          await this.parameters.set(plan.encodings, plan.degradationPreference);
          this.#applied = plan;
          this.#refused = null;
          outcome.onApplied();
        } catch (cause) {
          this.#refused = plan;
          outcome.onRefused(cause);
          return;
        }
      }
    } finally {
      this.#busy = false;
    }
  }

  /** Puts back the encodings the sender had, if this controller changed them. */
  async restore(): Promise<void> {
    if (!this.changed) return;
    await this.parameters.set(this.original.encodings, this.original.degradationPreference);
  }
}
