/**
 * The `scrollLeft` that brings an item fully into a horizontally scrolling view, moving as
 * little as possible (unchanged when it is already visible; its start wins when it is wider
 * than the view). `itemLeft` is measured from the start of the scrolled content.
 */
export function revealScrollLeft(
  view: { scrollLeft: number; width: number },
  item: { left: number; width: number },
): number {
  if (item.left < view.scrollLeft || item.width > view.width) return Math.max(0, item.left);
  const overflow = item.left + item.width - (view.scrollLeft + view.width);
  return overflow > 0 ? view.scrollLeft + overflow : view.scrollLeft;
}
