/**
 * A search option that is on or off (a pressed toggle button), as in the terminal's find bar
 * and the search palette. `keepFocus`: pressing it leaves the focus in the text field beside it.
 */
export function OptionToggle(props: {
  label: string;
  text: string;
  on: boolean;
  onToggle: () => void;
  keepFocus?: boolean;
}) {
  return (
    <button
      type="button"
      aria-label={props.label}
      title={props.label}
      aria-pressed={props.on}
      onMouseDown={props.keepFocus ? (event) => event.preventDefault() : undefined}
      onClick={props.onToggle}
    >
      {props.text}
    </button>
  );
}
