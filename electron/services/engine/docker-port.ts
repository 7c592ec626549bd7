import type Docker from 'dockerode';
import type { Duplex, Readable } from 'node:stream';
import type { BerthError } from '../../../shared/contract/errors';
import type { DockerCreateRequest } from '../../../shared/create/request';
import type {
  ArchiveInfo,
  ContainerInspect,
  ContainerSummary,
  ContainerUpdate,
  DiskUsage,
  EngineLogOptions,
  EnginePort,
  ExecHandle,
  ExecOptions,
  ImageInspect,
  ImageListEntry,
  ListContainersOptions,
  NetworkSummary,
  SystemInfo,
} from './port';

/**
 * The port over dockerode. Every call maps its failure once, here, through
 * the engine's own mapper (which also notices a lost engine); callers that
 * map again get the same BerthError back.
 */
export class DockerPort implements EnginePort {
  constructor(
    /** The connected client; throws engine-unreachable while there is none. */
    private readonly client: () => Docker,
    private readonly fail: (e: unknown) => BerthError,
  ) {}

  private async call<T>(fn: (docker: Docker) => Promise<T>): Promise<T> {
    try {
      return await fn(this.client());
    } catch (e) {
      throw this.fail(e);
    }
  }

  private container<T>(ref: string, fn: (c: Docker.Container) => Promise<T>): Promise<T> {
    return this.call((d) => fn(d.getContainer(ref)));
  }

  listContainers(opts: ListContainersOptions = {}): Promise<ContainerSummary[]> {
    return this.call(async (d) => (await d.listContainers({ all: true, ...(opts.labels ? { filters: { label: opts.labels } } : {}) })) as ContainerSummary[]);
  }

  inspectContainer(ref: string, signal?: AbortSignal): Promise<ContainerInspect> {
    return this.container(ref, async (c) => (await c.inspect(signal ? { abortSignal: signal } : {})) as unknown as ContainerInspect);
  }

  createContainer(req: DockerCreateRequest): Promise<{ id: string }> {
    return this.call(async (d) => ({ id: (await d.createContainer(req as Docker.ContainerCreateOptions)).id }));
  }

  startContainer(ref: string): Promise<void> {
    return this.container(ref, async (c) => void (await c.start()));
  }

  stopContainer(ref: string, timeoutSeconds?: number): Promise<void> {
    return this.container(ref, async (c) => void (await c.stop(timeoutSeconds === undefined ? {} : { t: timeoutSeconds })));
  }

  restartContainer(ref: string, timeoutSeconds?: number): Promise<void> {
    return this.container(ref, async (c) => void (await c.restart(timeoutSeconds === undefined ? {} : { t: timeoutSeconds })));
  }

  pauseContainer(ref: string): Promise<void> {
    return this.container(ref, async (c) => void (await c.pause()));
  }

  unpauseContainer(ref: string): Promise<void> {
    return this.container(ref, async (c) => void (await c.unpause()));
  }

  killContainer(ref: string, signal?: string): Promise<void> {
    return this.container(ref, async (c) => void (await c.kill(signal ? { signal } : {})));
  }

  removeContainer(ref: string, opts: { force?: boolean; volumes?: boolean } = {}): Promise<void> {
    const o: { force?: boolean; v?: boolean } = {};
    if (opts.force !== undefined) o.force = opts.force;
    if (opts.volumes !== undefined) o.v = opts.volumes;
    return this.container(ref, async (c) => void (await c.remove(o)));
  }

  renameContainer(ref: string, name: string): Promise<void> {
    return this.container(ref, async (c) => void (await c.rename({ name })));
  }

  updateContainer(ref: string, update: ContainerUpdate): Promise<void> {
    return this.container(ref, async (c) => void (await c.update(update)));
  }

  attachContainer(ref: string): Promise<Duplex> {
    return this.container(ref, async (c) => (await c.attach({ stream: true, stdin: true, stdout: true, stderr: true, hijack: true })) as unknown as Duplex);
  }

  resizeContainer(ref: string, cols: number, rows: number): Promise<void> {
    return this.container(ref, async (c) => void (await c.resize({ h: rows, w: cols })));
  }

  createExec(ref: string, opts: ExecOptions): Promise<ExecHandle> {
    return this.container(ref, async (c) => {
      const exec = await c.exec(opts);
      const handle: ExecHandle = {
        start: ({ stdin, tty }) =>
          this.call(async () => (await exec.start({ hijack: true, stdin, ...(tty ? { Tty: true } : {}) } as Docker.ExecStartOptions)) as unknown as Duplex),
        startDetached: () => this.call(async () => void (await exec.start({ Detach: true }))),
        inspect: () =>
          this.call(async () => {
            const i = await exec.inspect();
            return { Running: i.Running, ExitCode: i.ExitCode ?? null, Pid: i.Pid };
          }),
        resize: (cols, rows) => this.call(async () => void (await exec.resize({ h: rows, w: cols }))),
      };
      return handle;
    });
  }

  /**
   * dockerode buffers a non-follow log whole; a million-line log must stream,
   * so dial the modem with isStream ourselves.
   */
  openLogs(ref: string, o: EngineLogOptions, signal?: AbortSignal): Promise<Readable> {
    const options: Record<string, unknown> = {
      stdout: true,
      stderr: true,
      follow: o.follow,
      timestamps: o.timestamps,
      tail: o.tail === undefined ? 'all' : String(o.tail),
    };
    if (o.since !== undefined) options.since = o.since;
    return this.call(
      (docker) =>
        new Promise<Readable>((resolve, reject) => {
          docker.modem.dial(
            {
              path: `/containers/${encodeURIComponent(ref)}/logs?`,
              method: 'GET',
              isStream: true,
              abortSignal: signal,
              statusCodes: { 200: true, 404: 'no such container', 500: 'server error' },
              options,
            } as Parameters<Docker['modem']['dial']>[0],
            (err: unknown, stream: unknown) => (err ? reject(err) : resolve(stream as Readable)),
          );
        }),
    );
  }

  openStats(ref: string): Promise<Readable> {
    return this.container(ref, async (c) => (await c.stats({ stream: true })) as unknown as Readable);
  }

  archiveInfo(ref: string, path: string, signal?: AbortSignal): Promise<ArchiveInfo> {
    return this.container(ref, async (c) => {
      const res = (await c.infoArchive({ path, abortSignal: signal })) as unknown as ArchiveInfo & { resume?: () => void };
      res.resume?.();
      return { headers: res.headers };
    });
  }

  getArchive(ref: string, path: string, signal?: AbortSignal): Promise<Readable> {
    return this.container(ref, async (c) => (await c.getArchive({ path, abortSignal: signal })) as unknown as Readable);
  }

  putArchive(ref: string, dir: string, tar: Readable, opts: { signal?: AbortSignal; noOverwriteDirNonDir?: boolean } = {}): Promise<void> {
    return this.container(ref, async (c) => {
      await c.putArchive(tar as unknown as NodeJS.ReadableStream, {
        path: dir,
        ...(opts.signal ? { abortSignal: opts.signal } : {}),
        ...(opts.noOverwriteDirNonDir ? { noOverwriteDirNonDir: 'true' } : {}),
      });
    });
  }

  listImages(): Promise<ImageListEntry[]> {
    return this.call(async (d) => (await d.listImages()) as ImageListEntry[]);
  }

  inspectImage(ref: string): Promise<ImageInspect> {
    return this.call(async (d) => (await d.getImage(ref).inspect()) as unknown as ImageInspect);
  }

  pullImage(ref: string): Promise<Readable> {
    return this.call(async (d) => (await d.pull(ref)) as unknown as Readable);
  }

  listNetworks(): Promise<NetworkSummary[]> {
    return this.call(async (d) => (await d.listNetworks()) as NetworkSummary[]);
  }

  info(): Promise<SystemInfo> {
    return this.call(async (d) => (await d.info()) as SystemInfo);
  }

  diskUsage(): Promise<DiskUsage> {
    return this.call(async (d) => (await d.df()) as DiskUsage);
  }
}
