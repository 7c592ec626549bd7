import { useSyncExternalStore } from 'react';
import { useTheme } from '../../app/theme';

const DARK = '(prefers-color-scheme: dark)';

function subscribeSystem(cb: () => void): () => void {
  if (typeof matchMedia === 'undefined') return () => {};
  const q = matchMedia(DARK);
  q.addEventListener('change', cb);
  return () => q.removeEventListener('change', cb);
}
const systemDark = () => (typeof matchMedia === 'undefined' ? false : matchMedia(DARK).matches);

/**
 * A key that changes whenever the colours the stylesheet resolves may change:
 * the app's theme choice, or the system's scheme while the choice is "system".
 * Canvas drawing cannot use CSS variables, so charts re-read them on a change.
 */
export function useSchemeKey(): string {
  const choice = useTheme();
  const dark = useSyncExternalStore(subscribeSystem, systemDark);
  return choice === 'system' ? `system-${dark ? 'dark' : 'light'}` : choice;
}
