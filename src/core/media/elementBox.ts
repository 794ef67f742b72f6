/** An element's size on screen in device pixels, and whether any of it is in the viewport. */
export interface ElementBox {
  readonly width: number;
  readonly height: number;
  readonly visible: boolean;
}

/**
 * Follows an element's size (ResizeObserver) and whether it is on screen (IntersectionObserver):
 * `onChange` runs at once with the current box and again whenever it changes. Sizes are device
 * pixels (CSS pixels × `devicePixelRatio`), the unit encoders think in. Without ResizeObserver the
 * first box is all there is; without IntersectionObserver the element counts as visible.
 *
 * @example
 * ```ts
 * const stop = watchElementBox(tile, ({ width, height, visible }) => report.update({ width, height, visible }));
 * ```
 */
export function watchElementBox(element: HTMLElement, onChange: (box: ElementBox) => void): () => void {
  const ratio = () => (typeof devicePixelRatio === 'number' && devicePixelRatio > 0 ? devicePixelRatio : 1);
  let width = Math.round(element.clientWidth * ratio());
  let height = Math.round(element.clientHeight * ratio());
  let intersecting = true;
  let last: ElementBox | null = null;
  const publish = () => {
    const box = { width, height, visible: intersecting && width > 0 && height > 0 };
    if (last && last.width === box.width && last.height === box.height && last.visible === box.visible) return;
    last = box;
    onChange(box);
  };
  publish();
  const resize =
    typeof ResizeObserver === 'function'
      ? new ResizeObserver(([entry]) => {
          if (!entry) return;
          width = Math.round(entry.contentRect.width * ratio());
          height = Math.round(entry.contentRect.height * ratio());
          publish();
        })
      : null;
  resize?.observe(element);
  const intersection =
    typeof IntersectionObserver === 'function'
      ? new IntersectionObserver((entries) => {
          const latest = entries[entries.length - 1];
          if (!latest) return;
          intersecting = latest.isIntersecting;
          publish();
        })
      : null;
  intersection?.observe(element);
  return () => {
    resize?.disconnect();
    intersection?.disconnect();
  };
}
