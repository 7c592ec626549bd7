import type { Locator, Page } from '@playwright/test';
import yazl from 'yazl';

/** A zip of the given files (regular files, mode 644), built in memory. */
export async function zipOf(files: Record<string, Buffer>): Promise<Buffer> {
  const z = new yazl.ZipFile();
  for (const [name, data] of Object.entries(files)) z.addBuffer(data, name, { mode: 0o100644 });
  z.end();
  const chunks: Buffer[] = [];
  for await (const c of z.outputStream as AsyncIterable<Buffer>) chunks.push(c);
  return Buffer.concat(chunks);
}

/**
 * A synthetic drop of one file, as the browser delivers a drag from the
 * desktop: a DataTransfer holding a File, dispatched as dragenter, dragover
 * and drop. The type follows the name (a `.zip` is a zip).
 */
export async function dropFile(page: Page, target: Locator, name: string, bytes: Buffer) {
  const dataTransfer = await page.evaluateHandle(
    ({ b64, name }) => {
      const bin = atob(b64);
      const arr = new Uint8Array(bin.length);
      for (let i = 0; i < bin.length; i++) arr[i] = bin.charCodeAt(i);
      const dt = new DataTransfer();
      dt.items.add(new File([arr], name, { type: name.endsWith('.zip') ? 'application/zip' : 'application/octet-stream' }));
      return dt;
    },
    { b64: bytes.toString('base64'), name },
  );
  await target.dispatchEvent('dragenter', { dataTransfer });
  await target.dispatchEvent('dragover', { dataTransfer });
  await target.dispatchEvent('drop', { dataTransfer });
}
