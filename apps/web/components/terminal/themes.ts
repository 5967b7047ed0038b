import {
  isTerminalTheme,
  TERMINAL_THEMES,
  type TerminalThemeName,
} from '@rdv/contract';
import type { ITheme } from '@xterm/xterm';

const DARK: ITheme = {
  background: '#0f1115',
  foreground: '#d8dee9',
  cursor: '#d8dee9',
  selectionBackground: '#3b4252',
  black: '#3b4252',
  red: '#bf616a',
  green: '#a3be8c',
  yellow: '#ebcb8b',
  blue: '#81a1c1',
  magenta: '#b48ead',
  cyan: '#88c0d0',
  white: '#e5e9f0',
  brightBlack: '#4c566a',
  brightRed: '#bf616a',
  brightGreen: '#a3be8c',
  brightYellow: '#ebcb8b',
  brightBlue: '#81a1c1',
  brightMagenta: '#b48ead',
  brightCyan: '#8fbcbb',
  brightWhite: '#eceff4',
};

const LIGHT: ITheme = {
  background: '#fbfbfa',
  foreground: '#24292f',
  cursor: '#24292f',
  selectionBackground: '#c8d7ea',
  black: '#24292f',
  red: '#cf222e',
  green: '#116329',
  yellow: '#7d4e00',
  blue: '#0550ae',
  magenta: '#8250df',
  cyan: '#1b7c83',
  white: '#6e7781',
  brightBlack: '#57606a',
  brightRed: '#a40e26',
  brightGreen: '#1a7f37',
  brightYellow: '#633c01',
  brightBlue: '#218bff',
  brightMagenta: '#a475f9',
  brightCyan: '#3192aa',
  brightWhite: '#8c959f',
};

/** Every theme the API accepts has colours here (the Record makes a missing one a type error). */
const THEMES: Record<TerminalThemeName, { label: string; colors: ITheme }> = {
  default: { label: 'Dark (default)', colors: DARK },
  light: { label: 'Light', colors: LIGHT },
};

/** The themes to choose from, in the API's order: its name and what people read. */
export const THEME_CHOICES: ReadonlyArray<{ name: TerminalThemeName; label: string }> =
  TERMINAL_THEMES.map((name) => ({ name, label: THEMES[name].label }));

/** The `theme` preference's colours; a name saved before themes were checked gets the default. */
export function terminalTheme(name: string | undefined): ITheme {
  return isTerminalTheme(name) ? THEMES[name].colors : DARK;
}
