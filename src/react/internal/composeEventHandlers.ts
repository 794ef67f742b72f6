/**
 * One handler from the caller's and the component's own: the caller's runs first, and calling
 * `event.preventDefault()` in it skips the component's (Radix's contract), so a user can veto what a
 * component does on an event without forking it.
 *
 * @example
 * ```tsx
 * <span onMouseEnter={composeEventHandlers(props.onMouseEnter, () => setOpen(true))} />
 * ```
 */
export function composeEventHandlers<E extends { readonly defaultPrevented: boolean }>(
  theirs: ((event: E) => void) | undefined,
  ours: (event: E) => void,
): (event: E) => void {
  return (event) => {
    theirs?.(event);
    if (!event.defaultPrevented) ours(event);
  };
}
