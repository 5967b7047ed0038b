'use client';

import { useState } from 'react';
import { copyOnSelect, setCopyOnSelect } from './clipboard';

/** The copy-on-select checkbox: a setting of this browser, applied to open terminals at once. */
export function CopyOnSelectSetting() {
  const [on, setOn] = useState(copyOnSelect);
  return (
    <label style={{ display: 'flex', gap: 8, alignItems: 'center' }}>
      <input
        type="checkbox"
        style={{ width: 'auto' }}
        checked={on}
        onChange={(event) => {
          setCopyOnSelect(event.target.checked);
          setOn(event.target.checked);
        }}
      />
      Copy on select (selecting text in a terminal copies it; this browser only)
    </label>
  );
}
