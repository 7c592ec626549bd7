import { useEffect, useRef, useState, useSyncExternalStore } from 'react';
import type { BerthContract } from '../../../shared/contract';
import type { ChannelName, EventOf, Input } from '../../../shared/rpc/define';
import { api, connection, type ConnectionState } from './connection';

export function useConnectionState(): ConnectionState {
  return useSyncExternalStore(
    (cb) => connection.onState(cb),
    () => connection.current,
  );
}

/**
 * Opens a channel for the component's lifetime (resilient: reopened after a
 * reconnect). `input` is compared by JSON so callers may pass literals.
 */
export function useChannel<K extends ChannelName<BerthContract>>(
  name: K,
  input: Input<BerthContract, K>,
  onEvent: (value: EventOf<BerthContract, K>) => void,
  enabled = true,
): void {
  const handler = useRef(onEvent);
  handler.current = onEvent;
  const key = JSON.stringify(input);
  useEffect(() => {
    if (!enabled) return;
    const ch = api.open(name, JSON.parse(key) as Input<BerthContract, K>, {
      resilient: true,
      onEvent: (v) => handler.current(v),
    });
    return () => ch.close();
  }, [name, key, enabled]);
}

/** The latest event of a channel as state. */
export function useChannelValue<K extends ChannelName<BerthContract>>(
  name: K,
  input: Input<BerthContract, K>,
): EventOf<BerthContract, K> | undefined {
  const [value, setValue] = useState<EventOf<BerthContract, K>>();
  useChannel(name, input, setValue);
  return value;
}
