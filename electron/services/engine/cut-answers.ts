import type { ClientRequest, IncomingMessage } from 'node:http';

/**
 * An answer cut short (the engine died, or the link to it did, after the
 * response began) must fail its request. docker-modem collects a plain
 * answer until the response's 'end', which never comes then, and Node does not
 * report it on the request either: the call would wait forever (a `wait` or a
 * `logs` has no deadline). So the request is told, as a connection reset,
 * unless it has already heard an error of its own (an abort).
 */
export function failCutAnswers(req: ClientRequest): void {
  let errored = false;
  req.once('error', () => (errored = true));
  req.once('response', (res: IncomingMessage) => {
    res.once('close', () => {
      if (res.complete) return;
      setImmediate(() => {
        if (errored || req.listenerCount('error') === 0) return;
        req.emit('error', Object.assign(new Error('The engine closed the connection before its answer was complete.'), { code: 'ECONNRESET' }));
      });
    });
  });
}
