import type { ClientFrame, ClientTransport, Envelope, ServerFrame, ServerTransport, Transport } from './frames';
import { Listeners } from './listeners';

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
  const closeBoth = (reason: string) => {
    a.close(reason);
    b.close(reason);
  };
  // After what was already sent, as a socket delivers its last frames before the close.
  a.transport.close = b.transport.close = (code, reason) => queueMicrotask(() => closeBoth(`${reason} (${code})`));
  return {
    client: a.transport,
    server: b.transport,
    close(reason = 'closed') {
      closeBoth(reason);
    },
  };
}

function endpoint<Out, In>() {
  const messages = new Listeners<Envelope<In>>();
  const closes = new Listeners<string>();
  let closed = false;
  const self = {
    peer: (_env: Envelope<unknown>) => {},
    deliver: (env: Envelope<unknown>) => {
      if (closed) return;
      queueMicrotask(() => {
        if (!closed) messages.emit(env as Envelope<In>);
      });
    },
    close(reason: string) {
      if (closed) return;
      closed = true;
      closes.emit(reason);
    },
    transport: {
      send(env: Envelope<Out>) {
        if (!closed) self.peer(env);
      },
      onMessage: messages.add,
      onClose: closes.add,
    } as Transport<Out, In>,
  };
  return self;
}
