import { create, createFileRegistry, fromBinary, toBinary, type DescMessage } from '@bufbuild/protobuf';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { decodeProtobufObject } from '../../src/cluster/apiserver/protobuf';
import { kitRoot } from '../../src/env/paths';

// Encodes as client-go's protobuf serializer does: "k8s\0" + runtime.Unknown{typeMeta, raw}.
const registry = createFileRegistry(fromBinary(FileDescriptorSetSchema, fs.readFileSync(path.join(kitRoot, 'vendor', 'k8s-api-proto', 'descriptors.binpb'))));
const desc = (name: string) => registry.getMessage(name) as DescMessage;
function envelope(apiVersion: string, kind: string, typeName: string, init: Record<string, unknown>): Buffer {
  const raw = toBinary(desc(typeName), create(desc(typeName), init as never));
  const unknown = create(desc('k8s.io.apimachinery.pkg.runtime.Unknown'), { typeMeta: { apiVersion, kind }, raw } as never);
  return Buffer.concat([Buffer.from('k8s\0', 'latin1'), toBinary(desc('k8s.io.apimachinery.pkg.runtime.Unknown'), unknown)]);
}

describe('decodeProtobufObject (kubectl create\'s protobuf requests)', () => {
  it('turns a Secret into its JSON: bytes as base64, Go\'s zero values (empty strings, zero Time) left out', () => {
    const body = envelope('v1', 'Secret', 'k8s.io.api.core.v1.Secret', {
      metadata: { name: 's', namespace: '', generateName: '', creationTimestamp: { seconds: -62135596800n } },
      data: { pass: new TextEncoder().encode('s3cret') }, type: 'Opaque',
    });
    expect(decodeProtobufObject(body)).toEqual({ apiVersion: 'v1', kind: 'Secret', metadata: { name: 's' }, data: { pass: 'czNjcmV0' }, type: 'Opaque' });
  });

  it('reads quantities, int-or-strings, int64 and times; keeps a pointer field\'s zero (replicas: 0), drops a plain one', () => {
    const body = envelope('apps/v1', 'Deployment', 'k8s.io.api.apps.v1.Deployment', {
      metadata: { name: 'web', creationTimestamp: { seconds: 1704067200n } },
      spec: {
        replicas: 0, minReadySeconds: 0, paused: false,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: { type: 1n, strVal: '25%' }, maxUnavailable: { type: 0n, intVal: 1 } } },
        template: { spec: { terminationGracePeriodSeconds: 5n, containers: [{ name: 'c', image: 'nginx', args: [''], resources: { requests: { cpu: { string: '100m' } } } }] } },
      },
    });
    expect(decodeProtobufObject(body)).toEqual({
      apiVersion: 'apps/v1', kind: 'Deployment',
      metadata: { name: 'web', creationTimestamp: '2024-01-01T00:00:00Z' },
      spec: {
        replicas: 0,
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: '25%', maxUnavailable: 1 } },
        template: { spec: { terminationGracePeriodSeconds: 5, containers: [{ name: 'c', image: 'nginx', args: [''], resources: { requests: { cpu: '100m' } } }] } },
      },
    });
  });

  it('answers 415 with the workaround for a body that is not a Kubernetes protobuf envelope', () => {
    expect(() => decodeProtobufObject(Buffer.from('{"kind":"ConfigMap"}'))).toThrow(
      'the kit cluster cannot read this protobuf request (no "k8s" envelope); generate the manifest and apply it instead: add `--dry-run=client -o yaml | kubectl apply -f -` to the command');
  });
});
