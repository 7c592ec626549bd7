import type { CreateInfo, ImageSummary } from '../../../shared/contract/create';
import { ENGINE_MIN_MEMORY_BYTES } from '../../../shared/create/validate';
import { workspacesRoot } from './create';
import type { CreateDeps } from './deps';


export async function createInfo(deps: CreateDeps): Promise<CreateInfo> {
  try {
    const port = deps.engine.port;
    const [info, nets] = await Promise.all([port.info(), port.listNetworks()]);
    return {
      workspacesRoot: workspacesRoot(deps.dataDir),
      hostCpus: info.NCPU ?? 1,
      hostMemoryBytes: info.MemTotal ?? 0,
      minMemoryBytes: ENGINE_MIN_MEMORY_BYTES,
      networks: nets.map((n) => n.Name).sort(),
    };
  } catch (e) {
    throw deps.engine.fail(e);
  }
}

/** Local images, newest first; `search` matches any tag or the id. Untagged (dangling) images are left out. */
export async function listImages(deps: CreateDeps, search?: string): Promise<ImageSummary[]> {
  try {
    const images = await deps.engine.port.listImages();
    const q = search?.trim().toLowerCase();
    return images
      .map((i) => ({
        id: i.Id,
        tags: (i.RepoTags ?? []).filter((t) => t !== '<none>:<none>'),
        sizeBytes: i.Size,
        createdAt: i.Created * 1000,
      }))
      .filter((i) => i.tags.length > 0)
      .filter((i) => !q || i.id.includes(q) || i.tags.some((t) => t.toLowerCase().includes(q)))
      .sort((a, b) => b.createdAt - a.createdAt);
  } catch (e) {
    throw deps.engine.fail(e);
  }
}
