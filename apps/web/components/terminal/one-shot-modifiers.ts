import { applyModifiers, isPaste, type Modifiers } from './key-bar-keys';

/** off → once (the next key) → locked (every key until tapped again) → off. */
export type ModifierLevel = 'off' | 'once' | 'locked';
export type ModifierName = keyof Modifiers;

export interface ModifierLevels {
  ctrl: ModifierLevel;
  alt: ModifierLevel;
}

const NEXT_LEVEL: Record<ModifierLevel, ModifierLevel> = {
  off: 'once',
  once: 'locked',
  locked: 'off',
};

/**
 * The key bar's Ctrl and Alt, as on-screen keyboards of terminal apps do them (Termux, Blink):
 * a tap arms the modifier for the next key, a second tap locks it, a third releases it. The
 * terminal's input passes through `apply`, so a key typed on the soft keyboard gets the
 * modifier; a bar key reads and uses them up through `take`.
 */
export class OneShotModifiers {
  private levels: ModifierLevels = { ctrl: 'off', alt: 'off' };
  private readonly listeners = new Set<(levels: ModifierLevels) => void>();

  get current(): ModifierLevels {
    return { ...this.levels };
  }

  /** Cycles one modifier: off → once → locked → off. */
  tap(name: ModifierName): void {
    this.set({ ...this.levels, [name]: NEXT_LEVEL[this.levels[name]] });
  }

  /** Releases both (e.g. Escape pressed on the bar). */
  clear(): void {
    this.set({ ctrl: 'off', alt: 'off' });
  }

  /** The modifiers for one key; releases those armed only once. */
  take(): Modifiers {
    const mods = { ctrl: this.levels.ctrl !== 'off', alt: this.levels.alt !== 'off' };
    if (this.levels.ctrl === 'once' || this.levels.alt === 'once')
      this.set({ ctrl: release(this.levels.ctrl), alt: release(this.levels.alt) });
    return mods;
  }

  /** Typed input with the armed modifiers applied (a paste passes through untouched). */
  apply(data: string): string {
    if (data === '' || isPaste(data)) return data;
    if (this.levels.ctrl === 'off' && this.levels.alt === 'off') return data;
    return applyModifiers(data, this.take());
  }

  /** Calls `listener` with the new levels on every change. */
  onChange(listener: (levels: ModifierLevels) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => void this.listeners.delete(listener) };
  }

  private set(levels: ModifierLevels): void {
    if (levels.ctrl === this.levels.ctrl && levels.alt === this.levels.alt) return;
    this.levels = levels;
    for (const listener of this.listeners) listener(this.current);
  }
}

function release(level: ModifierLevel): ModifierLevel {
  return level === 'once' ? 'off' : level;
}
