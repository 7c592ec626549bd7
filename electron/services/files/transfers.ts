import type { TransferInfo } from '../../../shared/contract/files';

/** How long a finished download stays in the list, so the UI can show "done". */
const KEEP_FINISHED_MS = 30_000;

/** Service-side transfers (downloads the host streams), for the transfers list. */
export class TransferBoard {
  private readonly items = new Map<string, TransferInfo>();
  private readonly listeners = new Set<(list: TransferInfo[]) => void>();
  private timer: NodeJS.Timeout | undefined;

  list(): TransferInfo[] {
    return [...this.items.values()];
  }

  set(info: TransferInfo): void {
    this.items.set(info.id, info);
    if (info.state === 'done' || info.state === 'failed' || info.state === 'cancelled') {
      setTimeout(() => {
        this.items.delete(info.id);
        this.changed();
      }, KEEP_FINISHED_MS).unref?.();
    }
    this.changed();
  }

  remove(id: string): void {
    if (this.items.delete(id)) this.changed();
  }

  /** Progress changes often: listeners hear at most ~5 times a second. */
  changed(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const list = this.list();
      this.listeners.forEach((l) => l(list));
    }, 200);
    this.timer.unref?.();
  }

  onChange(l: (list: TransferInfo[]) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }
}
