import { createHash } from 'node:crypto';
import { UserError } from '../../cli/errors';
import type { Image } from './types';
import { builtinImages } from './builtin';

/**
 * The image catalog: what the kubelet "pulls". Image references are normalised the way Docker
 * does (distribution/reference: default registry docker.io, official images under library/),
 * so `perl`, `perl:5.34`, `docker.io/library/perl:latest` and `perl@sha256:…` are one image.
 */

const DOCKER_HUB = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io']);
// distribution/reference: lowercase path components separated by / (with . _ - inside).
const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[a-f0-9]{32,}$/;

export interface ImageRef {
  /** The catalog name: registry dropped for Docker Hub, `library/` dropped (e.g. `perl`, `maho/pn_generator`). */
  name: string;
  tag?: string;
  digest?: string;
}

/** Parses an image reference, or returns undefined when it is not a valid reference. */
export function parseImageRef(ref: string): ImageRef | undefined {
  let rest = ref.trim();
  let digest: string | undefined;
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
    if (!DIGEST.test(digest)) return undefined;
  }
  let tag: string | undefined;
  const colon = rest.lastIndexOf(':');
  if (colon > rest.lastIndexOf('/')) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
    if (!TAG.test(tag)) return undefined;
  }
  const parts = rest.split('/');
  // The first component is a registry when it has a dot or a port, or is localhost.
  let registry: string | undefined;
  if (parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost')) {
    registry = parts.shift() as string;
    if (!/^[a-zA-Z0-9.-]+(?::\d+)?$/.test(registry)) return undefined;
  }
  if (!parts.every((p) => PATH_COMPONENT.test(p))) return undefined;
  const hub = registry === undefined || DOCKER_HUB.has(registry);
  if (hub && parts.length === 2 && parts[0] === 'library') parts.shift();
  const name = hub ? parts.join('/') : `${registry}/${parts.join('/')}`;
  return { name, tag, digest };
}

const builtins = new Map<string, Image>();
const registered = new Map<string, Image>();

function ensureBuiltins(): void {
  if (builtins.size === 0) for (const img of builtinImages()) builtins.set(img.name, img);
}

/** The image a pod's `image:` names, or undefined (the kubelet then reports ErrImagePull). */
export function lookupImage(ref: string): Image | undefined {
  ensureBuiltins();
  const parsed = parseImageRef(ref);
  if (!parsed) return undefined;
  return registered.get(parsed.name) ?? builtins.get(parsed.name);
}

/** The images registered from notebooks (in this process), by name. */
export function registeredImages(): Image[] {
  return [...registered.values()].sort((a, b) => a.name.localeCompare(b.name));
}

/** Every image, built-in first, then those registered from notebooks, each group by name. */
export function listImages(): Image[] {
  ensureBuiltins();
  const byName = (a: Image, b: Image) => a.name.localeCompare(b.name);
  return [...[...builtins.values()].sort(byName), ...[...registered.values()].sort(byName)];
}

/**
 * Adds a workload written in TypeScript as an image a pod can run (`image: my-worker`).
 * Registering the same name again replaces it, so a notebook cell can be re-run.
 */
export function registerImage(image: Image): Image {
  ensureBuiltins();
  const parsed = parseImageRef(image.name);
  if (!parsed || parsed.tag || parsed.digest) {
    throw new UserError(`"${image.name}" is not a valid image name`, {
      hint: 'use lowercase letters, digits, . _ - and /, without a tag, e.g. registerImage({ name: "my-worker", ... })',
    });
  }
  if (builtins.has(parsed.name)) {
    throw new UserError(`"${parsed.name}" is a built-in image and cannot be replaced`, { hint: 'pick another name; `kit images` lists the names in use' });
  }
  const img = { ...image, name: parsed.name };
  registered.set(parsed.name, img);
  return img;
}

/** Removes a registered image; returns whether there was one. Built-in images stay. */
export function unregisterImage(name: string): boolean {
  const parsed = parseImageRef(name);
  return parsed ? registered.delete(parsed.name) : false;
}

/** The reference as containerd records it: registry, repository and tag, e.g. `docker.io/library/perl:latest`. */
export function canonicalImageRef(ref: string): string | undefined {
  const parsed = parseImageRef(ref);
  if (!parsed) return undefined;
  const parts = parsed.name.split('/');
  const hub = !(parts.length > 1 && (parts[0].includes('.') || parts[0].includes(':') || parts[0] === 'localhost'));
  const repo = hub ? `docker.io/${parsed.name.includes('/') ? parsed.name : `library/${parsed.name}`}` : parsed.name;
  return parsed.digest ? `${repo}@${parsed.digest}` : `${repo}:${parsed.tag ?? 'latest'}`;
}

/** What the kubelet gets when it pulls an image: the image, or the waiting reason and event message. */
export type PullResult =
  | { ok: true; image: Image; ref: string; imageID: string }
  | { ok: false; reason: 'ErrImagePull' | 'InvalidImageName'; message: string };

/**
 * Pulls an image from the catalog. The failure messages follow the kubelet's events
 * (kuberuntime_image.go / containerd), with a pointer to `kit images`.
 */
export function pullImage(ref: string): PullResult {
  const canonical = canonicalImageRef(ref);
  if (!canonical) {
    return { ok: false, reason: 'InvalidImageName', message: `Failed to apply default image tag "${ref}": couldn't parse image name "${ref}": invalid reference format` };
  }
  const image = lookupImage(ref);
  if (!image) {
    return {
      ok: false,
      reason: 'ErrImagePull',
      message: `Failed to pull image "${ref}": rpc error: code = NotFound desc = failed to pull and unpack image "${canonical}": ${canonical}: not found (the embedded cluster runs only the images \`kit images\` lists)`,
    };
  }
  const why = image.unavailable?.();
  if (why) return { ok: false, reason: 'ErrImagePull', message: `Failed to pull image "${ref}": ${why}` };
  const digest = createHash('sha256').update(`cloud-study-kit/${image.name}`).digest('hex');
  return { ok: true, image, ref: canonical, imageID: `${canonical.replace(/[:@][^/]*$/, '')}@sha256:${digest}` };
}
