import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';

/**
 * Where a file source stands in its file, and how it tells the file was replaced. Like
 * Filebeat's registry: device and inode, plus a fingerprint of the first bytes already read
 * (a file copied over in place keeps its inode), plus the size (a truncated file is shorter
 * than the read position). A replaced file is read again from its start: ids are
 * deterministic, so lines seen before are overwritten, never duplicated.
 */
export interface FilePosition {
  /** Byte offset after the last whole line or record read. */
  offset: number;
  /** Lines read so far (for line numbers in problems). */
  line: number;
  dev?: number;
  ino?: number;
  /** sha256 of the first `fingerprintBytes` bytes (up to 1 KiB, never past `offset`). */
  fingerprint?: string;
  fingerprintBytes?: number;
}

const FINGERPRINT_BYTES = 1024;

async function hashHead(file: FileHandle, bytes: number): Promise<string> {
  const buffer = Buffer.alloc(bytes);
  const { bytesRead } = await file.read(buffer, 0, bytes, 0);
  return createHash('sha256').update(buffer.subarray(0, bytesRead)).digest('hex');
}

/** Where to start reading: the stored position, or the start with the reason the file is a new one. */
export async function startPosition(file: FileHandle, stored: Partial<FilePosition> | undefined): Promise<{ start: FilePosition; rotated?: string }> {
  const fresh = { offset: 0, line: 0 };
  if (!stored || !stored.offset) return { start: fresh };
  const stat = await file.stat();
  if (stored.ino !== undefined && (stored.ino !== stat.ino || stored.dev !== stat.dev)) return { start: fresh, rotated: 'a new file took its place (device or inode changed)' };
  if (stat.size < stored.offset) return { start: fresh, rotated: `it shrank to ${stat.size} bytes, below the read position ${stored.offset}` };
  if (stored.fingerprint && stored.fingerprint !== (await hashHead(file, stored.fingerprintBytes ?? FINGERPRINT_BYTES))) {
    return { start: fresh, rotated: 'its first bytes changed' };
  }
  return { start: { offset: stored.offset, line: stored.line ?? 0 } };
}

/** The position to store after reading up to `offset`, with what identifies this file. */
export async function endPosition(file: FileHandle, offset: number, line: number): Promise<FilePosition> {
  const stat = await file.stat();
  const fingerprintBytes = Math.min(FINGERPRINT_BYTES, offset);
  return { offset, line, dev: stat.dev, ino: stat.ino, fingerprint: await hashHead(file, fingerprintBytes), fingerprintBytes };
}

/**
 * Read up to `max` lines from byte `offset`. A last line without its newline is left unread
 * unless `partial` (the writer may not have finished it: it is read once the newline comes).
 */
export async function readLines(file: FileHandle, offset: number, max: number, partial: boolean) {
  const lines: string[] = [];
  const buffer = Buffer.alloc(64 * 1024);
  let pending = Buffer.alloc(0);
  let position = offset;
  let consumed = offset;
  let eof = false;
  while (lines.length < max) {
    const { bytesRead } = await file.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) {
      eof = true;
      if (pending.length > 0 && partial) {
        lines.push(pending.toString('utf8'));
        consumed += pending.length;
      }
      break;
    }
    position += bytesRead;
    let chunk = Buffer.concat([pending, buffer.subarray(0, bytesRead)]);
    let nl: number;
    while (lines.length < max && (nl = chunk.indexOf(0x0a)) !== -1) {
      lines.push(chunk.subarray(0, nl).toString('utf8').replace(/\r$/, ''));
      consumed += nl + 1;
      chunk = chunk.subarray(nl + 1);
    }
    pending = Buffer.from(chunk);
  }
  if (!eof) eof = consumed >= (await file.stat()).size;
  return { lines, offset: consumed, eof };
}

/** Byte offset just after the file's last newline (0 if none): where whole lines end. */
export async function wholeLinesEnd(file: FileHandle, size: number): Promise<number> {
  const buffer = Buffer.alloc(64 * 1024);
  for (let end = size; end > 0; end -= buffer.length) {
    const start = Math.max(0, end - buffer.length);
    const { bytesRead } = await file.read(buffer, 0, end - start, start);
    const nl = buffer.subarray(0, bytesRead).lastIndexOf(0x0a);
    if (nl !== -1) return start + nl + 1;
  }
  return 0;
}
