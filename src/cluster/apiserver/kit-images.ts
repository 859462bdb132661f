/**
 * The kit-only API for images a notebook's kernel shares with this cluster (images/remote.ts):
 *   GET    /kit/v1/images          the images notebooks registered (built-in ones are in `kit images`)
 *   POST   /kit/v1/images          register (or replace) a kernel's image
 *   DELETE /kit/v1/images/{name}   forget a registered image
 * Requests carry the kubeconfig's bearer token like every other API call.
 */
import { isUserError } from '../../cli/errors';
import { registerImage, registeredImages, unregisterImage } from '../images/catalog';
import { remoteImage, type RemoteImageRegistration } from '../images/remote';
import { ApiError, badRequest } from '../store';

export const KitImagesPath = '/kit/v1/images';

/** Answers one request under /kit/v1/images; `speed` is the cluster clock's. */
export function kitImages(method: string, path: string, body: unknown, speed: number): { code: number; body: unknown } {
  const name = path.slice(KitImagesPath.length + 1);
  if (method === 'GET' && !name) {
    // The images notebooks registered; `unavailable` says why one cannot be pulled now.
    return { code: 200, body: { images: registeredImages().map((i) => ({ name: i.name, description: i.description, example: i.example, unavailable: i.unavailable?.() })) } };
  }
  if (method === 'DELETE' && name) {
    if (!unregisterImage(decodeURIComponent(name))) throw new ApiError(404, 'NotFound', `image "${name}" is not registered`);
    return { code: 200, body: { name } };
  }
  if (method !== 'POST' || name) throw new ApiError(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource');
  const reg = body as Partial<RemoteImageRegistration> | undefined;
  for (const f of ['name', 'description', 'example', 'endpoint', 'token'] as const) {
    if (typeof reg?.[f] !== 'string') throw badRequest(`${f}: Required value`);
  }
  if (!Number.isInteger(reg!.pid)) throw badRequest('pid: Required value');
  // The cluster calls this endpoint back with a token: only ever a process on this machine.
  const url = URL.canParse(reg!.endpoint!) ? new URL(reg!.endpoint!) : undefined;
  if (url?.protocol !== 'http:' || !['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) {
    throw badRequest(`endpoint: Invalid value: "${reg!.endpoint}": must be http://127.0.0.1:<port>`);
  }
  try {
    const img = registerImage(remoteImage(reg as RemoteImageRegistration, speed));
    return { code: 201, body: { name: img.name } };
  } catch (e) {
    if (isUserError(e)) throw new ApiError(422, 'Invalid', `${e.message}${e.hint ? `: ${e.hint}` : ''}`);
    throw e;
  }
}
