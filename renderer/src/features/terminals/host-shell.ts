import { useEffect, useState } from 'react';
import { api } from '../../api/connection';

/** Whether the host allows a shell on the serving machine; asked once per page, false when it cannot say. */
let asked: Promise<boolean> | undefined;
function hostShellAllowed(): Promise<boolean> {
  asked ??= api.call('terminals.capabilities', {}).then(
    (c) => c.hostShell,
    () => {
      asked = undefined;
      return false;
    },
  );
  return asked;
}

export function useHostShellAllowed(): boolean {
  const [allowed, setAllowed] = useState(false);
  useEffect(() => {
    let live = true;
    void hostShellAllowed().then((a) => live && setAllowed(a));
    return () => {
      live = false;
    };
  }, []);
  return allowed;
}
