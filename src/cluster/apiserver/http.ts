/**
 * The HTTP API server kubectl and client-node talk to: node:http on 127.0.0.1, bearer-token
 * authentication, the REST paths of k8s.io/apiserver (endpoints/handlers), Table output, watch
 * streams and pod logs. Every request is answered: an error becomes a metav1.Status, never a crash.
 */
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { rfc3339Micro } from '../clock';
import { apiVersionOf, type KindDefinition } from '../kinds/registry';
import { ApiError, badRequest, fieldErrors, invalid, isApiError, notFound, type DeleteOptions, type FieldError, type KubeObject, type PropagationPolicy } from '../store';
import type { ClusterApi, FieldValidation } from './api';
import { apiGroupList, apiResourceList, apiVersions, openApiV3Doc, openApiV3Index, ServerVersion } from './discovery';
import { kitImages, KitImagesPath } from './kit-images';
import { PATCH_CONTENT_TYPES } from './patch';
import { decodeProtobufObject, ProtobufContentType } from './protobuf';
import { toTable, wantsTable, type IncludeObject } from './table';
import { isKubectlCommand, shiftEventTimes } from './describe-events';

const MAX_BODY = 3 * 1024 * 1024;

export interface ApiServerOptions {
  token: string;
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Serve HTTPS with this key and certificate (kubectl sends tokens only over TLS). */
  tls?: { key: string; cert: string };
}

interface Target {
  def: KindDefinition;
  namespace?: string;
  name?: string;
  subresource?: string;
}

function statusBody(code: number, reason: string, message: string): ApiError {
  return new ApiError(code, reason, message);
}

const notFoundPath = () => statusBody(404, 'NotFound', 'the server could not find the requested resource');

export class ApiServer {
  private readonly server: http.Server;
  private readonly openStreams = new Set<http.ServerResponse>();
  url = '';

  constructor(private readonly api: ClusterApi, private readonly opts: ApiServerOptions) {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch((e) => this.fail(res, e));
    };
    this.server = opts.tls ? https.createServer({ key: opts.tls.key, cert: opts.tls.cert }, handler) : http.createServer(handler);
    // Malformed HTTP must not take the server down.
    this.server.on('clientError', (_err, socket) => socket.destroy());
    this.server.keepAliveTimeout = 60_000;
  }

  async listen(): Promise<string> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port ?? 0, this.opts.host ?? '127.0.0.1', () => resolve());
    });
    const addr = this.server.address() as AddressInfo;
    this.url = `${this.opts.tls ? 'https' : 'http'}://${addr.address}:${addr.port}`;
    return this.url;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  async close(): Promise<void> {
    for (const r of this.openStreams) r.end();
    this.server.closeAllConnections?.();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  // ---- dispatch ----

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://kit');
    const p = url.pathname.replace(/\/+$/, '') || '/';
    if (p === '/healthz' || p === '/livez' || p === '/readyz') return this.text(res, 200, 'ok');
    if (req.headers.authorization !== `Bearer ${this.opts.token}`) {
      return this.send(res, 401, new ApiError(401, 'Unauthorized', 'Unauthorized').status);
    }
    if (p === '/version') return this.send(res, 200, ServerVersion);
    if (p === '/api') return this.send(res, 200, apiVersions(req.headers.host ?? ''));
    if (p === '/apis') return this.send(res, 200, apiGroupList(this.api.kinds));
    if (p === '/openapi/v2') {
      // An empty protobuf Document: kubectl then finds no v2 schema for a kind and skips client-side
      // validation, so an unknown kind reaches its usual "no matches for kind" error.
      res.writeHead(200, { 'Content-Type': 'application/com.github.proto-openapi.spec.v2.v1.0+protobuf', 'Content-Length': 0 });
      return void res.end();
    }
    if (p === KitImagesPath || p.startsWith(`${KitImagesPath}/`)) {
      const body = req.method === 'POST' ? await this.body(req) : undefined;
      const r = kitImages(req.method ?? 'GET', p, body, this.api.clock.speed);
      return this.send(res, r.code, r.body);
    }
    const explain = isKubectlCommand(req.headers, 'explain');
    if (p === '/openapi/v3') return this.send(res, 200, openApiV3Index(this.api.kinds, explain));
    const oa = /^\/openapi\/v3\/(?:api\/(v1)|apis\/([^/]+)\/([^/]+))$/.exec(p);
    if (oa) {
      const doc = await openApiV3Doc(this.api.kinds, oa[2] ?? '', oa[1] ?? oa[3], explain || (url.searchParams.get('hash') ?? '').startsWith('kit-explain-'));
      return doc ? this.send(res, 200, doc) : this.fail(res, notFoundPath());
    }
    const segs = p.split('/').filter(Boolean);
    let group: string, version: string, rest: string[];
    if (segs[0] === 'api' && segs.length >= 2) [group, version, rest] = ['', segs[1], segs.slice(2)];
    else if (segs[0] === 'apis' && segs.length >= 3) [group, version, rest] = [segs[1], segs[2], segs.slice(3)];
    else return this.fail(res, notFoundPath());
    if (rest.length === 0) {
      const list = req.method === 'GET' ? apiResourceList(this.api.kinds, group, version) : undefined;
      return list ? this.send(res, 200, list) : this.fail(res, notFoundPath());
    }
    const target = this.resolve(group, version, rest);
    if (!target) return this.fail(res, notFoundPath());
    return this.serve(req, res, url.searchParams, target);
  }

  /** /namespaces/{ns}/{resource}/{name}/{sub} or /{resource}/{name}/{sub}. */
  private resolve(group: string, version: string, rest: string[]): Target | undefined {
    let namespace: string | undefined;
    let r = rest;
    const nsObjectSub = rest[0] === 'namespaces' && rest.length === 3 && (rest[2] === 'status' || rest[2] === 'finalize');
    if (rest[0] === 'namespaces' && rest.length >= 3 && !nsObjectSub) {
      namespace = rest[1];
      r = rest.slice(2);
    }
    if (r.length > 3) return undefined;
    const def = this.api.kinds.byResource(group, version, r[0]);
    if (!def || (namespace !== undefined && !def.namespaced)) return undefined;
    if (r[2] && !(def.subresources ?? []).includes(r[2] as 'status')) return undefined;
    return { def, namespace, name: r[1], subresource: r[2] };
  }

  private async serve(req: http.IncomingMessage, res: http.ServerResponse, q: URLSearchParams, t: Target): Promise<void> {
    const { def, namespace, name, subresource } = t;
    const fieldValidation = (q.get('fieldValidation') ?? 'Warn') as FieldValidation;
    if (!['Ignore', 'Warn', 'Strict'].includes(fieldValidation)) throw badRequest(`fieldValidation must be one of "Ignore", "Warn" or "Strict", got "${fieldValidation}"`);
    const dryRunParam = q.get('dryRun');
    if (dryRunParam && dryRunParam !== 'All') throw badRequest(`dryRun: Unsupported value: "${dryRunParam}": supported values: "All"`);
    const dryRun = dryRunParam === 'All';
    const table = wantsTable(req.headers.accept);
    const now = () => this.api.clock.now();
    switch (req.method) {
      case 'GET': {
        if (!name) {
          const watch = q.get('watch');
          if (watch === 'true' || watch === '1') return this.watch(req, res, q, t, table);
          const opts = { namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined };
          // The stored objects themselves: they are frozen and only serialised here.
          const listed = this.api.list(def.kind, opts, { shared: true });
          const { resourceVersion } = listed;
          const items = def.kind === 'Event' && isKubectlCommand(req.headers, 'describe') ? shiftEventTimes(listed.items, Date.now() - now()) : listed.items;
          if (table) return this.send(res, 200, toTable(def, items, now(), { resourceVersion, include: (q.get('includeObject') ?? 'Metadata') as IncludeObject }));
          return this.send(res, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: { resourceVersion }, items });
        }
        if (subresource === 'log') return this.logs(res, q, namespace ?? '', name);
        const obj = this.api.get(def.kind, namespace, name, { shared: true });
        if (subresource === 'scale') return this.send(res, 200, scaleOf(def, obj));
        if (table) return this.send(res, 200, toTable(def, [obj], now(), { resourceVersion: obj.metadata.resourceVersion, include: (q.get('includeObject') ?? 'Metadata') as IncludeObject }));
        return this.send(res, 200, obj);
      }
      case 'POST': {
        if (name) return this.fail(res, statusBody(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`));
        const body = (await this.body(req)) as KubeObject;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(notAnObject(body));
        if (!body.kind) {
          body.kind = def.kind;
          body.apiVersion ??= apiVersionOf(def);
        }
        if (body?.kind !== def.kind) throw badRequest(`the API version in the data (${body?.apiVersion}) does not match the expected API version (${apiVersionOf(def)})`);
        const r = await this.api.create(body, { namespace, fieldValidation, dryRun });
        return this.send(res, 201, r.object, r.warnings);
      }
      case 'PUT': {
        if (!name) return this.fail(res, statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
        const body = (await this.body(req)) as KubeObject;
        if (!body || typeof body !== 'object' || Array.isArray(body)) throw badRequest(notAnObject(body));
        if (subresource === 'scale') return this.scale(res, def, namespace, name, (body as { spec?: { replicas?: number } })?.spec?.replicas);
        body.metadata ??= {};
        if (body.metadata.name && body.metadata.name !== name) throw badRequest(`the name of the object (${body.metadata.name}) does not match the name on the URL (${name})`);
        body.metadata.name = name;
        if (namespace) body.metadata.namespace = namespace;
        body.kind ??= def.kind;
        body.apiVersion ??= apiVersionOf(def);
        const r = await this.api.update(body, { fieldValidation, dryRun, subresource: subresource === 'status' ? 'status' : undefined });
        return this.send(res, 200, r.object, r.warnings);
      }
      case 'PATCH': {
        if (!name) return this.fail(res, statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
        const ctype = (req.headers['content-type'] ?? '').split(';')[0].trim();
        const type = PATCH_CONTENT_TYPES[ctype];
        if (!type) {
          throw new ApiError(415, 'UnsupportedMediaType', `the body of the request was in an unknown format - accepted media types include: ${Object.keys(PATCH_CONTENT_TYPES).join(', ')}`);
        }
        const patch = await this.body(req);
        if (subresource === 'scale') {
          const replicas = (patch as { spec?: { replicas?: number } })?.spec?.replicas;
          return this.scale(res, def, namespace, name, replicas);
        }
        const r = await this.api.patch(def.kind, namespace, name, type, patch, { fieldValidation, dryRun, subresource: subresource === 'status' ? 'status' : undefined });
        return this.send(res, 200, r.object, r.warnings);
      }
      case 'DELETE': {
        const body = ((await this.body(req, true)) ?? {}) as { propagationPolicy?: string; orphanDependents?: boolean; preconditions?: DeleteOptions['preconditions']; dryRun?: string[]; gracePeriodSeconds?: number };
        const policy = (q.get('propagationPolicy') ?? body.propagationPolicy ?? (body.orphanDependents ? 'Orphan' : undefined)) as PropagationPolicy | undefined;
        if (policy && !['Foreground', 'Background', 'Orphan'].includes(policy)) throw badRequest(`propagationPolicy: Unsupported value: "${policy}": supported values: "Foreground", "Background", "Orphan"`);
        const graceText = q.get('gracePeriodSeconds');
        const gracePeriodSeconds = graceText !== null ? Number(graceText) : body.gracePeriodSeconds;
        if (gracePeriodSeconds !== undefined && !Number.isInteger(gracePeriodSeconds)) throw badRequest(`gracePeriodSeconds: Invalid value: "${graceText ?? String(body.gracePeriodSeconds)}": must be an integer`);
        // kubectl sends a delete's dryRun, grace period and propagation in the DeleteOptions body.
        const opts: DeleteOptions = { propagationPolicy: policy, preconditions: body.preconditions, dryRun: dryRun || (body.dryRun ?? []).includes('All'), gracePeriodSeconds };
        if (!name) {
          // deletecollection: every object the selectors match.
          const { items } = this.api.list(def.kind, { namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined });
          for (const o of items) await this.api.delete(def.kind, o.metadata.namespace, o.metadata.name ?? '', opts).catch(() => undefined);
          return this.send(res, 200, { kind: `${def.kind}List`, apiVersion: apiVersionOf(def), metadata: {}, items });
        }
        const r = await this.api.delete(def.kind, namespace, name, opts);
        // handlers/delete.go: 202 only for a deletion left to finalizers that asked orphanDependents=false;
        // a graceful pod deletion answers 200 with the pod, now Terminating.
        return this.send(res, !r.deleted && body.orphanDependents === false ? 202 : 200, r.object);
      }
      default:
        return this.fail(res, statusBody(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource'));
    }
  }

  // ---- watch ----

  private watch(req: http.IncomingMessage, res: http.ServerResponse, q: URLSearchParams, t: Target, table: boolean): void {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-cache, private' });
    res.flushHeaders();
    const write = (type: string, object: unknown) => {
      if (!res.writableEnded) res.write(JSON.stringify({ type, object }) + '\n');
    };
    let stop = () => undefined as unknown;
    const end = () => {
      stop();
      this.openStreams.delete(res);
      if (!res.writableEnded) res.end();
    };
    this.openStreams.add(res);
    try {
      const w = this.api.watch(
        t.def.kind,
        { namespace: t.namespace, labelSelector: q.get('labelSelector') ?? undefined, fieldSelector: q.get('fieldSelector') ?? undefined, resourceVersion: q.get('resourceVersion') ?? undefined },
        (e) => {
          if (table) return write(e.type, toTable(t.def, [e.object], this.api.clock.now(), { resourceVersion: e.object.metadata.resourceVersion, include: (q.get('includeObject') ?? 'Metadata') as IncludeObject }));
          // Every watcher of a change gets the same object: serialize it once, not once per watcher.
          if (!res.writableEnded) res.write(serializedEvent(e.type, e.object));
        },
      );
      stop = () => w.stop();
    } catch (e) {
      // Like the watch cache: a too-old resourceVersion is an ERROR event with a 410 Status, then the end.
      write('ERROR', isApiError(e) ? e.status : new ApiError(500, 'InternalError', String(e)).status);
      return end();
    }
    const timeout = Number(q.get('timeoutSeconds') ?? 1800);
    const timer = setTimeout(end, Math.max(1, timeout) * 1000);
    timer.unref();
    req.on('close', () => {
      clearTimeout(timer);
      end();
    });
  }

  // ---- pod logs ----

  private logs(res: http.ServerResponse, q: URLSearchParams, namespace: string, name: string): void {
    const optionErrors = podLogOptionErrors(q);
    if (optionErrors.length) throw invalid('PodLogOptions', name, optionErrors);
    const pod = this.api.get('Pod', namespace, name);
    const names = ((pod.spec as { containers?: Array<{ name: string }> })?.containers ?? []).map((c) => c.name);
    const initNames = ((pod.spec as { initContainers?: Array<{ name: string }> })?.initContainers ?? []).map((c) => c.name);
    const dflt = pod.metadata.annotations?.['kubectl.kubernetes.io/default-container'];
    const container = q.get('container') || (names.length === 1 ? names[0] : dflt);
    if (!container) throw badRequest(`a container name must be specified for pod ${name}, choose one of: [${names.join(' ')}]`);
    if (!names.includes(container) && !initNames.includes(container)) throw badRequest(`container ${container} is not valid for pod ${name}`);
    const previous = q.get('previous') === 'true';
    const sinceSeconds = q.get('sinceSeconds');
    const sinceTime = q.get('sinceTime');
    const lines = this.api.logs.read(namespace, name, container, {
      previous,
      tailLines: q.has('tailLines') ? Number(q.get('tailLines')) : undefined,
      sinceTime: sinceSeconds ? this.api.clock.now() - Number(sinceSeconds) * 1000 : sinceTime ? Date.parse(sinceTime) : undefined,
    });
    if (!lines) {
      if (previous) throw badRequest(`previous terminated container "${container}" in pod "${name}" not found`);
      const statuses = (pod.status as { containerStatuses?: Array<{ name: string; state?: { waiting?: { reason?: string } } }> })?.containerStatuses ?? [];
      const reason = statuses.find((s) => s.name === container)?.state?.waiting?.reason ?? 'ContainerCreating';
      throw badRequest(`container "${container}" in pod "${name}" is waiting to start: ${reason}`);
    }
    const stamp = q.get('timestamps') === 'true';
    let budget = q.has('limitBytes') ? Number(q.get('limitBytes')) : Infinity;
    const format = (l: { time: number; text: string }) => (stamp ? `${rfc3339Micro(l.time)} ` : '') + l.text + '\n';
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    const put = (s: string) => {
      if (budget <= 0) return;
      const chunk = s.length > budget ? s.slice(0, budget) : s;
      budget -= chunk.length;
      res.write(chunk);
    };
    for (const l of lines) put(format(l));
    if (q.get('follow') !== 'true' || previous || !this.api.logs.isRunning(namespace, name, container)) {
      res.end();
      return;
    }
    this.openStreams.add(res);
    const stop = this.api.logs.follow(namespace, name, container, (l) => put(format(l)), () => {
      this.openStreams.delete(res);
      res.end();
    });
    res.on('close', () => {
      stop();
      this.openStreams.delete(res);
    });
  }

  // ---- scale subresource ----

  private async scale(res: http.ServerResponse, def: KindDefinition, namespace: string | undefined, name: string, replicas: number | undefined): Promise<void> {
    if (typeof replicas !== 'number') throw badRequest('spec.replicas: Required value');
    const r = await this.api.patch(def.kind, namespace, name, 'merge', { spec: { replicas } });
    return this.send(res, 200, scaleOf(def, r.object));
  }

  // ---- plumbing ----

  private async body(req: http.IncomingMessage, optional = false): Promise<unknown> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY) throw new ApiError(413, 'RequestEntityTooLarge', 'the request body is larger than 3 MiB');
      chunks.push(c as Buffer);
    }
    // kubectl's typed generators (`kubectl create configmap|secret|deployment|job …`) send protobuf.
    if ((req.headers['content-type'] ?? '').startsWith(ProtobufContentType)) return decodeProtobufObject(Buffer.concat(chunks));
    const text = Buffer.concat(chunks).toString('utf8');
    if (!text.trim()) {
      if (optional) return undefined;
      throw badRequest('the request body is empty');
    }
    try {
      return JSON.parse(text);
    } catch (e) {
      throw badRequest(`couldn't get version/kind; json parse error: ${(e as Error).message}`);
    }
  }

  private send(res: http.ServerResponse, code: number, body: unknown, warnings: string[] = []): void {
    if (res.headersSent) return void res.end();
    const data = JSON.stringify(body);
    const headers: http.OutgoingHttpHeaders = { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(data) };
    // RFC 7234 warnings, as the apiserver sends them: 299 - "unknown field \"spec.foo\"".
    if (warnings.length) headers.Warning = warnings.map((w) => `299 - ${JSON.stringify(w)}`);
    res.writeHead(code, headers);
    res.end(data);
  }

  private text(res: http.ServerResponse, code: number, text: string): void {
    res.writeHead(code, { 'Content-Type': 'text/plain' });
    res.end(text);
  }

  private fail(res: http.ServerResponse, e: unknown): void {
    const err = isApiError(e) ? e : new ApiError(500, 'InternalError', `Internal error occurred: ${(e as Error)?.message ?? String(e)}`);
    if (!isApiError(e)) console.warn(`kit cluster: request failed: ${(e as Error)?.stack ?? String(e)}`);
    try {
      this.send(res, err.code, err.status);
    } catch {
      res.destroy();
    }
  }
}

const serialized = { ADDED: new WeakMap<object, string>(), MODIFIED: new WeakMap<object, string>(), DELETED: new WeakMap<object, string>() };

/** One watch line, cached per (type, object) while the object is alive. */
function serializedEvent(type: string, object: KubeObject): string {
  const cache = serialized[type as keyof typeof serialized];
  let line = cache?.get(object);
  if (line === undefined) {
    line = JSON.stringify({ type, object }) + '\n';
    cache?.set(object, line);
  }
  return line;
}

function scaleOf(def: KindDefinition, obj: KubeObject): unknown {
  const spec = obj.spec as { replicas?: number; selector?: { matchLabels?: Record<string, string> } } | undefined;
  return {
    kind: 'Scale', apiVersion: 'autoscaling/v1',
    metadata: { name: obj.metadata.name, namespace: obj.metadata.namespace, uid: obj.metadata.uid, resourceVersion: obj.metadata.resourceVersion, creationTimestamp: obj.metadata.creationTimestamp },
    spec: { replicas: spec?.replicas ?? 0 },
    status: { replicas: (obj.status as { replicas?: number } | undefined)?.replicas ?? 0, selector: Object.entries(spec?.selector?.matchLabels ?? {}).map(([k, v]) => `${k}=${v}`).join(',') },
  };
}

export { notFound };

/** The decoder's answer to a body that is JSON but not an object (runtime.SimpleMetaFactory.Interpret). */
function notAnObject(body: unknown): string {
  const kind = body === null ? 'null' : Array.isArray(body) ? 'array' : typeof body === 'boolean' ? 'bool' : typeof body;
  if (kind === 'null') return "Object 'Kind' is missing in 'null'";
  return `couldn't get version/kind; json parse error: json: cannot unmarshal ${kind} into Go value of type struct { APIVersion string "json:\\"apiVersion,omitempty\\""; Kind string "json:\\"kind,omitempty\\"" }`;
}

/** validation.go ValidatePodLogOptions: what a log request may ask for (a 422, before the pod is read). */
function podLogOptionErrors(q: URLSearchParams): FieldError[] {
  const errs: FieldError[] = [];
  const num = (k: string) => (q.has(k) ? Number(q.get(k)) : undefined);
  const tailLines = num('tailLines');
  const limitBytes = num('limitBytes');
  const sinceSeconds = num('sinceSeconds');
  if (tailLines !== undefined && tailLines < 0) errs.push(fieldErrors.invalid('tailLines', tailLines, 'must be greater than or equal to 0'));
  if (limitBytes !== undefined && limitBytes < 1) errs.push(fieldErrors.invalid('limitBytes', limitBytes, 'must be greater than 0'));
  if (sinceSeconds !== undefined && q.has('sinceTime')) errs.push(fieldErrors.forbidden('', 'at most one of `sinceTime` or `sinceSeconds` may be specified'));
  else if (sinceSeconds !== undefined && sinceSeconds < 1) errs.push(fieldErrors.invalid('sinceSeconds', sinceSeconds, 'must be greater than 0'));
  return errs;
}
