import { contract, type BerthContract } from '../../../shared/contract';
import { createClient, type RpcClient } from '../../../shared/rpc/client';
import { ipcTransport } from './transport-ipc';
import { connectWebSocket } from './transport-ws';
import type { BerthBridge } from '../../../shared/bridge';

export type ConnectionState = 'connecting' | 'connected' | 'reconnecting' | 'unauthorized';

declare global {
  interface Window {
    berth?: BerthBridge;
  }
}

/** Where earlier versions kept the token; cleared on start so none lingers. */
const LEGACY_TOKEN_KEY = 'berth.token';
type Listener = (s: ConnectionState) => void;

/**
 * Picks the transport: the Electron bridge when the preload exposed one, else
 * the WebSocket to the web host (which authenticates with a session cookie got
 * from the token in the URL fragment; the fragment never reaches a server log).
 */
class Connection {
  readonly client: RpcClient<BerthContract> = createClient(contract);
  private state: ConnectionState = 'connecting';
  private readonly listeners = new Set<Listener>();
  private retry = 0;
  /**
   * The token from the URL fragment, in this page's memory only: no storage
   * that outlives the page or that any script can list keeps it. The HttpOnly
   * session cookie it is traded for authorises reloads and reconnects; the
   * token itself serves only to trade again when the host restarted (its
   * sessions live in memory) while this tab stayed open.
   */
  private token: string | undefined;

  get current(): ConnectionState {
    return this.state;
  }

  onState(l: Listener): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  start(): void {
    if (window.berth) {
      this.client.attach(ipcTransport(window.berth));
      performance.mark('berth:connected');
      this.set('connected');
      return;
    }
    void this.connectWeb();
  }

  private set(s: ConnectionState) {
    this.state = s;
    this.listeners.forEach((l) => l(s));
  }

  private async authorise(): Promise<boolean> {
    sessionStorage.removeItem(LEGACY_TOKEN_KEY);
    const fromHash = /(?:^|[#&])token=([^&]+)/.exec(location.hash)?.[1];
    if (fromHash) {
      this.token = decodeURIComponent(fromHash);
      history.replaceState(null, '', location.pathname + location.search);
    }
    const token = this.token;
    const res = await fetch('/api/session', {
      method: 'POST',
      headers: token ? { authorization: `Bearer ${token}` } : {},
      credentials: 'same-origin',
    });
    // A refused token is of no more use.
    if (res.status === 401) this.token = undefined;
    return res.ok;
  }

  private async connectWeb(): Promise<void> {
    try {
      if (!(await this.authorise())) {
        this.set('unauthorized');
        return;
      }
      const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/api/ws`;
      const t = await connectWebSocket(url);
      this.retry = 0;
      t.onClose(() => {
        this.set('reconnecting');
        this.schedule();
      });
      this.client.attach(t);
      performance.mark('berth:connected');
      this.set('connected');
    } catch {
      this.set(this.state === 'connecting' ? 'connecting' : 'reconnecting');
      this.schedule();
    }
  }

  private schedule() {
    // Quick first retries for a host restart; capped so a stopped host costs little.
    const delay = [200, 500, 1000, 2000, 3000][Math.min(this.retry++, 4)];
    setTimeout(() => void this.connectWeb(), delay);
  }
}

export const connection = new Connection();
export const api = connection.client;
