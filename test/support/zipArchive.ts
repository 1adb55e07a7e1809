/**
 * Reads a .zip (a .vsix) without external tools: the central directory lists the entries, and an entry's data is
 * stored or deflated. Enough for inspecting what a package holds.
 */
import * as fs from 'node:fs';
import * as zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  localHeaderOffset: number;
}

export class ZipArchive {
  readonly entries = new Map<string, ZipEntry>();
  private readonly data: Buffer;

  constructor(file: string) {
    this.data = fs.readFileSync(file);
    const eocd = this.data.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
    if (eocd < 0) throw new Error(`${file} is not a zip archive`);
    const count = this.data.readUInt16LE(eocd + 10);
    let at = this.data.readUInt32LE(eocd + 16);
    for (let i = 0; i < count; i++) {
      if (this.data.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central directory entry ${i} in ${file}`);
      const nameLength = this.data.readUInt16LE(at + 28);
      const extraLength = this.data.readUInt16LE(at + 30);
      const commentLength = this.data.readUInt16LE(at + 32);
      const name = this.data.toString('utf8', at + 46, at + 46 + nameLength);
      this.entries.set(name, {
        name,
        method: this.data.readUInt16LE(at + 10),
        compressedSize: this.data.readUInt32LE(at + 20),
        localHeaderOffset: this.data.readUInt32LE(at + 42),
      });
      at += 46 + nameLength + extraLength + commentLength;
    }
  }

  read(name: string): Buffer {
    const entry = this.entries.get(name);
    if (!entry) throw new Error(`no ${name} in the archive`);
    const at = entry.localHeaderOffset;
    const start = at + 30 + this.data.readUInt16LE(at + 26) + this.data.readUInt16LE(at + 28);
    const raw = this.data.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) return Buffer.from(raw);
    if (entry.method === 8) return zlib.inflateRawSync(raw);
    throw new Error(`${name}: unsupported compression method ${entry.method}`);
  }
}
