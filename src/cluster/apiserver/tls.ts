/**
 * The API server's TLS certificate. kubectl (client-go) sends a bearer token only over HTTPS, so
 * the server needs a certificate; it makes a self-signed one for 127.0.0.1 and localhost once, keeps
 * it under <kitHome>/cluster-tls/, and the kubeconfig trusts it (certificate-authority-data).
 * The key comes from Node's crypto; node-forge only builds and signs the X.509 certificate.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import forge from 'node-forge';
import { writeFileAtomic } from '../store/durable-log';

export interface ServerCert {
  key: string;
  cert: string;
}

export function generateServerCert(now = new Date()): ServerCert {
  const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
  const pubPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(pubPem);
  cert.serialNumber = crypto.randomBytes(8).toString('hex').replace(/^[89a-f]/, '1');
  cert.validity.notBefore = new Date(now.getTime() - 60 * 60 * 1000);
  cert.validity.notAfter = new Date(now.getTime() + 10 * 365 * 24 * 60 * 60 * 1000);
  const attrs = [{ name: 'commonName', value: 'kit-apiserver' }, { name: 'organizationName', value: 'cloud-study-kit' }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true },
    { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, keyCertSign: true },
    { name: 'extKeyUsage', serverAuth: true },
    { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }, { type: 2, value: 'localhost' }] },
  ]);
  cert.sign(forge.pki.privateKeyFromPem(keyPem), forge.md.sha256.create());
  return { key: keyPem, cert: forge.pki.certificateToPem(cert) };
}

/** Loads the certificate from `dir`, making it on first use. */
export function loadOrCreateServerCert(dir: string): ServerCert {
  const keyFile = path.join(dir, 'apiserver.key');
  const certFile = path.join(dir, 'apiserver.crt');
  if (fs.existsSync(keyFile) && fs.existsSync(certFile)) {
    return { key: fs.readFileSync(keyFile, 'utf8'), cert: fs.readFileSync(certFile, 'utf8') };
  }
  fs.mkdirSync(dir, { recursive: true });
  const c = generateServerCert();
  writeFileAtomic(keyFile, c.key);
  fs.chmodSync(keyFile, 0o600);
  writeFileAtomic(certFile, c.cert);
  return c;
}
