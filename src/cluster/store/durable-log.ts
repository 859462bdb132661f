/**
 * The store's durable log: an append-only file of records, each framed as
 *   [u32 length][u32 crc32(payload)][payload: JSON]
 * after an 8-byte file header. A write is acknowledged only after fdatasync; records that arrive
 * while a sync is in flight are written together by the next one (group commit, as etcd's WAL does).
 * Compaction writes a snapshot atomically (tmp + fsync + rename) and starts a fresh log.
 *
 * On open, the snapshot is loaded and the log replayed. A partial record at the end (the process
 * died mid-write, so the write was never acknowledged) is reported and truncated. Anything else that
 * does not check out refuses to start, naming the file and offset.
 */
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { UserError } from '../../cli/errors';

const LOG_MAGIC = Buffer.from('KITLOG1\n');
const SNAP_MAGIC = 'KITSNAP1';

export interface LogRecord {
  rv: number;
  op: 'put' | 'delete';
  kind: string;
  /** "namespace/name" ("" namespace for cluster-scoped kinds). */
  key: string;
  obj?: unknown;
  /** The virtual clock when written, so a restart resumes the clock after it (no object in the future). */
  t?: number;
}

export interface Snapshot {
  rv: number;
  /** The virtual clock when written. */
  t?: number;
  objects: Array<{ kind: string; key: string; obj: unknown }>;
}

export interface ReplayResult {
  snapshot: Snapshot | undefined;
  records: LogRecord[];
  /** Visible messages about what was repaired (e.g. a truncated torn tail). */
  warnings: string[];
}

/** Low-level writes, replaceable in tests (e.g. to simulate a full disk). */
export interface LogIO {
  /** Writes all of buf at byte `position`. */
  write(fd: number, buf: Buffer, position: number): Promise<void>;
  sync(fd: number): Promise<void>;
}

const realIO: LogIO = {
  write: (fd, buf, position) =>
    new Promise((resolve, reject) => {
      let off = 0;
      const step = () =>
        fs.write(fd, buf, off, buf.length - off, position + off, (err, n) => {
          if (err) return reject(err);
          off += n;
          if (off < buf.length) step();
          else resolve();
        });
      step();
    }),
  sync: (fd) => new Promise((resolve, reject) => fs.fdatasync(fd, (err) => (err ? reject(err) : resolve()))),
};

export function resetHint(): string {
  return 'Run `kit cluster reset` to start from an empty cluster (this deletes the stored objects).';
}

function corrupt(file: string, offset: number, why: string): UserError {
  return new UserError(`the cluster state file ${file} is corrupt at byte offset ${offset}: ${why}`, { hint: resetHint() });
}

export function frame(payload: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32LE(payload.length, 0);
  head.writeUInt32LE(zlib.crc32(payload), 4);
  return Buffer.concat([head, payload]);
}

/** Writes a file so that after a crash it is either the old or the whole new content. */
export function writeFileAtomic(file: string, data: Buffer | string): void {
  const tmp = `${file}.tmp-${process.pid}`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeSync(fd, typeof data === 'string' ? Buffer.from(data) : data);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  syncDir(path.dirname(file));
}

function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    // Some platforms cannot fsync a directory; the rename is still atomic.
  }
}

export class DurableLog {
  readonly dir: string;
  readonly logFile: string;
  readonly snapshotFile: string;
  private fd: number;
  /** Bytes of the log known to be good (for truncating a failed write). */
  private size: number;
  private readonly io: LogIO;
  /** Records appended since the last snapshot. */
  recordsSinceSnapshot = 0;

  private constructor(dir: string, fd: number, size: number, io: LogIO) {
    this.dir = dir;
    this.logFile = path.join(dir, 'log');
    this.snapshotFile = path.join(dir, 'snapshot');
    this.fd = fd;
    this.size = size;
    this.io = io;
  }

  /** Loads the snapshot and replays the log; repairs a torn tail, refuses real corruption. */
  static open(dir: string, io: LogIO = realIO): { log: DurableLog; replay: ReplayResult } {
    fs.mkdirSync(dir, { recursive: true });
    const logFile = path.join(dir, 'log');
    const snapshot = readSnapshot(path.join(dir, 'snapshot'));
    const warnings: string[] = [];
    if (!fs.existsSync(logFile)) writeFileAtomic(logFile, LOG_MAGIC);
    const buf = fs.readFileSync(logFile);
    const { records, goodBytes, tornBytes } = parseLog(logFile, buf);
    if (tornBytes > 0) {
      warnings.push(
        `${logFile}: the last ${tornBytes} bytes (from offset ${goodBytes}) are a partial record left by a crash mid-write; ` +
          'that write was never acknowledged, so it was truncated.',
      );
      fs.truncateSync(logFile, goodBytes);
    }
    const fd = fs.openSync(logFile, 'r+');
    const log = new DurableLog(dir, fd, goodBytes, io);
    const replayed = records.filter((r) => !snapshot || r.rv > snapshot.rv);
    log.recordsSinceSnapshot = replayed.length;
    return { log, replay: { snapshot, records: replayed, warnings } };
  }

  /** Appends records and resolves once they are on disk. On failure the file is cut back to its last good size. */
  async append(records: LogRecord[]): Promise<void> {
    const buf = Buffer.concat(records.map((r) => frame(Buffer.from(JSON.stringify(r)))));
    try {
      await this.io.write(this.fd, buf, this.size);
      await this.io.sync(this.fd);
    } catch (e) {
      try {
        fs.ftruncateSync(this.fd, this.size);
      } catch {
        // If even this fails the next start finds a torn tail and reports it.
      }
      throw e;
    }
    this.size += buf.length;
    this.recordsSinceSnapshot += records.length;
  }

  /** Writes the snapshot atomically, then replaces the log with an empty one. */
  compact(snapshot: Snapshot): void {
    const body = Buffer.from(JSON.stringify(snapshot));
    writeFileAtomic(this.snapshotFile, Buffer.concat([Buffer.from(`${SNAP_MAGIC} ${zlib.crc32(body)} ${body.length}\n`), body]));
    // A crash here is fine: replay skips log records at or below the snapshot's rv.
    writeFileAtomic(this.logFile, LOG_MAGIC);
    fs.closeSync(this.fd);
    this.fd = fs.openSync(this.logFile, 'r+');
    this.size = LOG_MAGIC.length;
    this.recordsSinceSnapshot = 0;
  }

  close(): void {
    try {
      fs.closeSync(this.fd);
    } catch {
      // already closed
    }
  }
}

function readSnapshot(file: string): Snapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  const buf = fs.readFileSync(file);
  const nl = buf.indexOf(10);
  const head = nl < 0 ? '' : buf.subarray(0, nl).toString();
  const m = /^KITSNAP1 (\d+) (\d+)$/.exec(head);
  if (!m) throw corrupt(file, 0, 'the snapshot header is missing or damaged');
  const body = buf.subarray(nl + 1);
  if (body.length !== Number(m[2])) throw corrupt(file, nl + 1, `the snapshot should hold ${m[2]} bytes but holds ${body.length}`);
  if (zlib.crc32(body) !== Number(m[1])) throw corrupt(file, nl + 1, 'the snapshot checksum does not match');
  return JSON.parse(body.toString()) as Snapshot;
}

/** Splits a log into records; a bad record that reaches the end of the file is a torn tail. */
export function parseLog(file: string, buf: Buffer): { records: LogRecord[]; goodBytes: number; tornBytes: number } {
  if (buf.length < LOG_MAGIC.length || !buf.subarray(0, LOG_MAGIC.length).equals(LOG_MAGIC)) {
    if (buf.length < LOG_MAGIC.length && LOG_MAGIC.subarray(0, buf.length).equals(buf)) {
      // The header itself was being written when the process died.
      return { records: [], goodBytes: 0, tornBytes: buf.length };
    }
    throw corrupt(file, 0, 'this is not a kit cluster log (bad header)');
  }
  const records: LogRecord[] = [];
  let off = LOG_MAGIC.length;
  while (off < buf.length) {
    const rest = buf.length - off;
    if (rest < 8) return { records, goodBytes: off, tornBytes: rest };
    const len = buf.readUInt32LE(off);
    const crc = buf.readUInt32LE(off + 4);
    if (8 + len > rest) return { records, goodBytes: off, tornBytes: rest };
    const payload = buf.subarray(off + 8, off + 8 + len);
    if (zlib.crc32(payload) !== crc) {
      if (off + 8 + len === buf.length) return { records, goodBytes: off, tornBytes: rest };
      throw corrupt(file, off, `record checksum mismatch (${buf.length - off - 8 - len} bytes of later records follow, so this is not a torn write)`);
    }
    let rec: LogRecord;
    try {
      rec = JSON.parse(payload.toString()) as LogRecord;
    } catch {
      throw corrupt(file, off, 'a record has a valid checksum but is not JSON');
    }
    records.push(rec);
    off += 8 + len;
  }
  return { records, goodBytes: off, tornBytes: 0 };
}
