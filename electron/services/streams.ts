/**
 * Resolves once a writable stream wants more ('drain') or can take no more
 * ('close'): a writer waiting on backpressure must not hang on a stream that
 * was destroyed meanwhile.
 */
export function drainedOrClosed(stream: NodeJS.EventEmitter): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
