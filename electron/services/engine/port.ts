import type { Duplex, Readable } from 'node:stream';
import type { DockerCreateRequest } from '../../../shared/create/request';
import type { ImageConfigLike, InspectLike } from '../../../shared/create/from-inspect';

/*
 * The engine as the features see it: the operations they use, in our own
 * types, with every failure already mapped to a BerthError (see errors.ts).
 * One implementation speaks the Docker API (docker-port.ts); an engine with
 * other quirks plugs in here without any feature knowing.
 *
 * The shapes below are the engine's JSON, narrowed to the fields we read.
 */

export interface PortBinding {
  HostIp?: string;
  HostPort?: string;
}

export interface ContainerSummary {
  Id: string;
  Names: string[];
  Image: string;
  ImageID?: string;
  Command?: string;
  Created?: number;
  State: string;
  Status: string;
  Ports: Array<{ IP?: string; PrivatePort: number; PublicPort?: number; Type?: string }>;
  Labels?: Record<string, string>;
  Mounts?: Array<{ Type: string; Source: string; Destination: string; RW: boolean; Name?: string }>;
}

export interface ContainerState {
  Status: string;
  Running: boolean;
  Paused: boolean;
  Restarting: boolean;
  OOMKilled?: boolean;
  Dead?: boolean;
  Pid?: number;
  ExitCode: number;
  Error?: string;
  StartedAt: string;
  FinishedAt: string;
  Health?: { Status?: string };
}

export interface ContainerInspect extends InspectLike {
  Id: string;
  Name: string;
  Created: string;
  Image: string;
  Path?: string;
  Args?: string[];
  RestartCount?: number;
  State: ContainerState;
  Config: NonNullable<InspectLike['Config']>;
  HostConfig: NonNullable<InspectLike['HostConfig']> & { MemorySwap?: number };
  NetworkSettings?: {
    Ports?: Record<string, PortBinding[] | null> | null;
    Networks?: Record<string, { IPAddress?: string }>;
  };
  Mounts?: Array<{ Type?: string; Source?: string; Destination: string; RW?: boolean; Name?: string }>;
}

export interface ImageListEntry {
  Id: string;
  RepoTags?: string[] | null;
  Size: number;
  Created: number;
}

export interface ImageInspect {
  Id: string;
  Config?: ImageConfigLike;
}

export interface NetworkSummary {
  Name: string;
  Id: string;
  Driver?: string;
}

/** GET /info, the fields we read. */
export interface SystemInfo {
  NCPU?: number;
  MemTotal?: number;
  Containers?: number;
  ContainersRunning?: number;
  Images?: number;
  OperatingSystem?: string;
}

/** GET /system/df, the fields we read. */
export interface DiskUsage {
  Images?: Array<{ Size?: number; SharedSize?: number; Containers?: number }> | null;
  Containers?: Array<{ SizeRw?: number; State?: string }> | null;
  Volumes?: Array<{ UsageData?: { Size?: number; RefCount?: number } | null }> | null;
  BuildCache?: Array<{ Size?: number; InUse?: boolean; Shared?: boolean }> | null;
}

/** What a resource update may change (POST /containers/{id}/update). */
export interface ContainerUpdate {
  NanoCpus?: number;
  Memory?: number;
  MemorySwap?: number;
  PidsLimit?: number;
  RestartPolicy?: { Name: string; MaximumRetryCount?: number };
}

export interface ExecOptions {
  Cmd: string[];
  AttachStdin?: boolean;
  AttachStdout?: boolean;
  AttachStderr?: boolean;
  Tty?: boolean;
  User?: string;
  WorkingDir?: string;
  Env?: string[];
}

export interface ExecState {
  Running: boolean;
  ExitCode: number | null;
  Pid?: number;
}

/** An exec the engine has made; start() begins it and hands back its (hijacked) connection. */
export interface ExecHandle {
  start(opts: { stdin: boolean; tty?: boolean }): Promise<Duplex>;
  /** Starts it with nothing attached: nobody reads its output or waits for its end. */
  startDetached(): Promise<void>;
  inspect(): Promise<ExecState>;
  resize(cols: number, rows: number): Promise<void>;
}

export interface EngineLogOptions {
  follow: boolean;
  tail?: number | 'all';
  /** The engine's "seconds.nanoseconds" form. */
  since?: string;
  timestamps: boolean;
}

/** The headers of HEAD /containers/{id}/archive. */
export interface ArchiveInfo {
  headers: Record<string, string | undefined>;
}

export interface ListContainersOptions {
  /** label=value (or label) filters, all of which must match. */
  labels?: string[];
}

export interface EnginePort {
  // containers
  listContainers(opts?: ListContainersOptions): Promise<ContainerSummary[]>;
  inspectContainer(ref: string, signal?: AbortSignal): Promise<ContainerInspect>;
  createContainer(req: DockerCreateRequest): Promise<{ id: string }>;
  startContainer(ref: string): Promise<void>;
  /** Without a timeout the engine uses the container's own StopTimeout. */
  stopContainer(ref: string, timeoutSeconds?: number): Promise<void>;
  restartContainer(ref: string, timeoutSeconds?: number): Promise<void>;
  pauseContainer(ref: string): Promise<void>;
  unpauseContainer(ref: string): Promise<void>;
  killContainer(ref: string, signal?: string): Promise<void>;
  removeContainer(ref: string, opts?: { force?: boolean; volumes?: boolean }): Promise<void>;
  renameContainer(ref: string, name: string): Promise<void>;
  updateContainer(ref: string, update: ContainerUpdate): Promise<void>;
  attachContainer(ref: string): Promise<Duplex>;
  resizeContainer(ref: string, cols: number, rows: number): Promise<void>;
  // exec
  createExec(ref: string, opts: ExecOptions): Promise<ExecHandle>;
  // logs and stats (streams; later stream errors are the socket's own)
  openLogs(ref: string, opts: EngineLogOptions, signal?: AbortSignal): Promise<Readable>;
  openStats(ref: string): Promise<Readable>;
  // archive
  archiveInfo(ref: string, path: string, signal?: AbortSignal): Promise<ArchiveInfo>;
  getArchive(ref: string, path: string, signal?: AbortSignal): Promise<Readable>;
  putArchive(ref: string, dir: string, tar: Readable, opts?: { signal?: AbortSignal; noOverwriteDirNonDir?: boolean }): Promise<void>;
  // images
  listImages(): Promise<ImageListEntry[]>;
  inspectImage(ref: string): Promise<ImageInspect>;
  /** The engine's JSON-lines progress stream. */
  pullImage(ref: string): Promise<Readable>;
  // networks and system
  listNetworks(): Promise<NetworkSummary[]>;
  info(): Promise<SystemInfo>;
  diskUsage(): Promise<DiskUsage>;
}
