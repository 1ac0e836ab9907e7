import * as path from "node:path";
import { replaceStringValue } from "../edits/configEdits";
import type { Rule } from "./rule";

/**
 * Whether `image` reads as a registry reference the way wrangler's `isDockerfile` decides when no file
 * is there: it parses as the host and path of a URL, has no protocol, and its last segment carries a
 * tag (`docker.io/httpd:1`, `registry.cloudflare.com/acct/app:v2`).
 */
export function isRegistryReference(image: string): boolean {
  try {
    new URL(`https://${image}`);
  } catch {
    return false;
  }
  const last = image.split("/").pop() ?? "";
  return last.includes(":") && !image.includes("://");
}

export const containerImageMissing: Rule = {
  meta: {
    id: "container-image-missing",
    defaultSeverity: "error",
    description: "A container's `image` is neither a Dockerfile that exists (relative to the config) nor a registry image reference with a tag.",
    fixable: true,
    messages: {
      missing:
        'The container image "{{image}}" is no file next to this config ({{resolved}} does not exist) and is not a registry reference with a tag either. wrangler (dev and deploy) stops with "The image \\"{{image}}\\" does not appear to be a valid path to a Dockerfile, or a valid image registry path: If this is an image registry path, it needs to include at least a tag \':\' (e.g: docker.io/httpd:1)". Point `image` at the Dockerfile, relative to {{config}}.',
      directory:
        'The container image "{{image}}" is a folder: wrangler stops with "{{image}} is a directory, you should specify a path to the Dockerfile". Point `image` at the Dockerfile itself ({{suggestion}}).',
    },
  },
  check(worker, context) {
    const host = context.store.host;
    for (const env of context.environments(worker)) {
      for (const container of env.containers) {
        const image = container.image;
        if (!image || image.value.trim() === "") continue;
        const resolved = path.resolve(worker.dir, image.value);
        if (host.fileExists(resolved)) continue;
        const relative = path.relative(worker.dir, resolved).split(path.sep).join("/") || ".";
        if (host.directoryExists(resolved)) {
          const dockerfile = path.join(resolved, "Dockerfile");
          const inside = host.fileExists(dockerfile);
          const suggestion = inside ? `"${`./${path.relative(worker.dir, dockerfile).split(path.sep).join("/")}`}"` : "the Dockerfile inside it";
          // The folder's own Dockerfile, written the way `image` was (`./box` -> `./box/Dockerfile`):
          // what wrangler asks for, and the only file it can mean.
          const fixed = `${image.value.replace(/[\\/]+$/, "") || "."}/Dockerfile`;
          const fixes = inside && path.resolve(worker.dir, fixed) === dockerfile ? [{ title: `Point image at ${fixed}`, edits: replaceStringValue(worker.file, image.span, fixed), preferred: true, safe: true }] : [];
          context.report({ messageId: "directory", data: { image: image.value, suggestion }, file: worker.file, span: image.span, fixes });
          continue;
        }
        if (isRegistryReference(image.value)) continue;
        context.report({ messageId: "missing", data: { image: image.value, resolved: relative, config: path.basename(worker.file) }, file: worker.file, span: image.span });
      }
    }
  },
};
