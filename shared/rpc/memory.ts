import type { ClientFrame, ClientTransport, Envelope, ServerFrame, ServerTransport, Transport } from './frames';

/**
 * An in-memory transport pair, for tests and for hosting services in-process.
 * Delivery is asynchronous (a microtask) like every real transport, so code
 * that works here does not depend on synchronous delivery.
 */
export function memoryPair(): { client: ClientTransport; server: ServerTransport; close(reason?: string): void } {
  const a = endpoint<ClientFrame, ServerFrame>();
  const b = endpoint<ServerFrame, ClientFrame>();
  a.peer = b.deliver;
  b.peer = a.deliver;
  return {
    client: a.transport,
    server: b.transport,
    close(reason = 'closed') {
      a.close(reason);
      b.close(reason);
    },
  };
}

function endpoint<Out, In>() {
  const listeners = new Set<(env: Envelope<In>) => void>();
  const closeListeners = new Set<(reason: string) => void>();
  let closed = false;
  const self = {
    peer: (_env: Envelope<unknown>) => {},
    deliver: (env: Envelope<unknown>) => {
      if (closed) return;
      queueMicrotask(() => {
        if (!closed) listeners.forEach((l) => l(env as Envelope<In>));
      });
    },
    close(reason: string) {
      if (closed) return;
      closed = true;
      closeListeners.forEach((l) => l(reason));
    },
    transport: {
      send(env: Envelope<Out>) {
        if (!closed) self.peer(env);
      },
      onMessage(l: (env: Envelope<In>) => void) {
        listeners.add(l);
        return () => listeners.delete(l);
      },
      onClose(l: (reason: string) => void) {
        closeListeners.add(l);
        return () => closeListeners.delete(l);
      },
    } as Transport<Out, In>,
  };
  return self;
}
