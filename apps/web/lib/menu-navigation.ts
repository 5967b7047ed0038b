/**
 * Where focus goes in an open menu for a key, as the WAI-ARIA menu button pattern says:
 * ArrowDown / ArrowUp move to the next / previous item and wrap around, Home / End go to the
 * first / last. `current` is -1 when no item has focus. Null for any other key.
 * @see https://www.w3.org/WAI/ARIA/apg/patterns/menu-button/
 */
export function menuFocusTarget(key: string, current: number, count: number): number | null {
  if (count <= 0) return null;
  switch (key) {
    case 'ArrowDown':
      return current < 0 ? 0 : (current + 1) % count;
    case 'ArrowUp':
      return current < 0 ? count - 1 : (current - 1 + count) % count;
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    default:
      return null;
  }
}

/**
 * Type-ahead: a printable character moves focus to the next item (after `current`, wrapping)
 * whose label starts with it, case-insensitively. Null when the key is not one character or no
 * label matches.
 */
export function menuTypeaheadTarget(
  key: string,
  current: number,
  labels: readonly string[],
): number | null {
  if ([...key].length !== 1 || key.trim() === '') return null;
  const wanted = key.toLocaleLowerCase();
  for (let step = 1; step <= labels.length; step += 1) {
    const index = (current + step + labels.length) % labels.length;
    if (labels[index]?.trim().toLocaleLowerCase().startsWith(wanted)) return index;
  }
  return null;
}
