/** A set of listeners: `add` returns its own remover, `emit` calls each in turn. Every transport needs two. */
export class Listeners<T> {
  private readonly set = new Set<(value: T) => void>();

  add = (listener: (value: T) => void): (() => void) => {
    this.set.add(listener);
    return () => {
      this.set.delete(listener);
    };
  };

  emit(value: T): void {
    for (const l of this.set) l(value);
  }
}
