'use client';

import { useEffect, useState } from 'react';
import { MoonIcon, SunIcon } from './icons';

export function ThemeToggle() {
  const [dark, setDark] = useState(false);
  useEffect(() => setDark(document.documentElement.classList.contains('dark')), []);
  function toggle() {
    const next = !dark;
    document.documentElement.classList.toggle('dark', next);
    localStorage.setItem('kiln-theme', next ? 'dark' : 'light');
    setDark(next);
  }
  return (
    <button type="button" onClick={toggle} className="btn-ghost p-2" aria-label={dark ? 'Switch to light theme' : 'Switch to dark theme'} title="Toggle theme">
      {dark ? <SunIcon /> : <MoonIcon />}
    </button>
  );
}
