#!/usr/bin/env node
/**
 * Regenerates descriptors.binpb: the protobuf FileDescriptorProtos of the Kubernetes API types the
 * kit cluster decodes (kubectl's typed generators send protobuf), taken from a kubectl binary,
 * which embeds them gzipped (generated.pb.go, proto.RegisterFile). Usage:
 *   node vendor/k8s-api-proto/extract.js "$(command -v kubectl)"
 */
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { fromBinary, toBinary, create } = require('@bufbuild/protobuf');
const { FileDescriptorProtoSchema, FileDescriptorSetSchema } = require('@bufbuild/protobuf/wkt');

// The kinds `kubectl create configmap|secret|deployment|job` send, and what they import.
const WANTED = [
  'k8s.io/apimachinery/pkg/runtime/schema/generated.proto',
  'k8s.io/apimachinery/pkg/runtime/generated.proto',
  'k8s.io/apimachinery/pkg/api/resource/generated.proto',
  'k8s.io/apimachinery/pkg/util/intstr/generated.proto',
  'k8s.io/apimachinery/pkg/apis/meta/v1/generated.proto',
  'k8s.io/api/core/v1/generated.proto',
  'k8s.io/api/apps/v1/generated.proto',
  'k8s.io/api/batch/v1/generated.proto',
];

const binary = fs.realpathSync(process.argv[2] ?? 'kubectl');
const data = fs.readFileSync(binary);
const magic = Buffer.from([0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00]);
const found = new Map();
for (let i = data.indexOf(magic); i >= 0; i = data.indexOf(magic, i + 1)) {
  let raw;
  try {
    raw = zlib.gunzipSync(data.subarray(i, i + 4_000_000), { finishFlush: zlib.constants.Z_SYNC_FLUSH });
  } catch {
    continue;
  }
  let file;
  try {
    file = fromBinary(FileDescriptorProtoSchema, raw);
  } catch {
    continue;
  }
  if (WANTED.includes(file.name) && !found.has(file.name)) found.set(file.name, file);
}
const missing = WANTED.filter((n) => !found.has(n));
if (missing.length) throw new Error(`not in ${binary}: ${missing.join(', ')}`);
for (const f of found.values()) {
  // Only gogo.proto's options (marshalling hints for Go) are left out: the wire format is complete.
  const other = f.dependency.filter((d) => !WANTED.includes(d) && d !== 'github.com/gogo/protobuf/gogoproto/gogo.proto');
  if (other.length) throw new Error(`${f.name} imports ${other.join(', ')}: add them to WANTED`);
  f.dependency = f.dependency.filter((d) => WANTED.includes(d));
}
// Comments are not embedded; source info is not needed to decode.
const set = create(FileDescriptorSetSchema, { file: WANTED.map((n) => found.get(n)) });
const out = path.join(__dirname, 'descriptors.binpb');
fs.writeFileSync(out, toBinary(FileDescriptorSetSchema, set));
console.log(`wrote ${out} (${fs.statSync(out).size} bytes) from ${binary}`);
