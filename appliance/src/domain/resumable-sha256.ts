/*
 * SHA-256 (FIPS 180-4) whose running state can be saved and restored.
 *
 * Why not node:crypto: its Hash object cannot be serialised, and an upload's bytes arrive over
 * many PATCH requests that may be cut and resumed, even after the appliance restarted. The
 * digest of the whole file must be computed as the bytes pass (never by reading 50 GiB again),
 * so the state has to outlive a request and a process: eight words, the unprocessed tail (under
 * 64 bytes) and the length, stored with the upload's offset. Tested against node:crypto.
 */

// Int32Array, not Uint32Array: values over 2^31 would come back as doubles and slow every round.
const K = new Int32Array([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5, 0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3,
  0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174, 0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967, 0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13,
  0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85, 0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3, 0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208,
  0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

const INITIAL = [0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19];

/** The saved form: everything needed to continue hashing where it stopped. */
export interface Sha256State {
  /** The eight working words, as unsigned 32-bit integers. */
  words: number[];
  /** Bytes received after the last full 64-byte block (hex, under 128 characters). */
  tail: string;
  /** Bytes hashed so far (the upload offset this state stands for). */
  length: number;
}

export class ResumableSha256 {
  private readonly h = new Int32Array(8);
  private readonly w = new Int32Array(64);
  private readonly block = new Uint8Array(64);
  private blockLength = 0;
  private total = 0;

  constructor(state?: Sha256State) {
    if (!state) {
      this.h.set(INITIAL.map((x) => x | 0));
      return;
    }
    const tail = Buffer.from(state.tail, 'hex');
    const valid =
      state.words.length === 8 &&
      state.words.every((x) => Number.isInteger(x) && x >= 0 && x <= 0xffffffff) &&
      tail.length < 64 &&
      tail.length * 2 === state.tail.length &&
      Number.isSafeInteger(state.length) &&
      state.length >= 0 &&
      state.length % 64 === tail.length;
    if (!valid) throw new Error('not a saved SHA-256 state');
    this.h.set(state.words.map((x) => x | 0));
    this.block.set(tail);
    this.blockLength = tail.length;
    this.total = state.length;
  }

  /** Bytes hashed so far. */
  get length(): number {
    return this.total;
  }

  update(data: Uint8Array): this {
    let offset = 0;
    this.total += data.length;
    if (this.blockLength > 0) {
      const take = Math.min(64 - this.blockLength, data.length);
      this.block.set(data.subarray(0, take), this.blockLength);
      this.blockLength += take;
      offset = take;
      if (this.blockLength < 64) return this;
      this.compress(this.block, 0);
      this.blockLength = 0;
    }
    for (; offset + 64 <= data.length; offset += 64) this.compress(data, offset);
    if (offset < data.length) {
      this.block.set(data.subarray(offset), 0);
      this.blockLength = data.length - offset;
    }
    return this;
  }

  save(): Sha256State {
    return {
      words: Array.from(this.h, (x) => x >>> 0),
      tail: Buffer.from(this.block.subarray(0, this.blockLength)).toString('hex'),
      length: this.total,
    };
  }

  /** The hex digest of everything so far; the state stays usable (a copy is padded). */
  digestHex(): string {
    const copy = new ResumableSha256(this.save());
    const bits = copy.total * 8;
    const padLength = copy.blockLength < 56 ? 56 - copy.blockLength : 120 - copy.blockLength;
    const pad = new Uint8Array(padLength + 8);
    pad[0] = 0x80;
    const view = new DataView(pad.buffer);
    view.setUint32(padLength, Math.floor(bits / 0x100000000));
    view.setUint32(padLength + 4, bits >>> 0);
    copy.update(pad);
    return Array.from(copy.h, (x) => (x >>> 0).toString(16).padStart(8, '0')).join('');
  }

  private compress(data: Uint8Array, at: number): void {
    const w = this.w;
    for (let i = 0; i < 16; i++) {
      const j = at + i * 4;
      w[i] = (data[j]! << 24) | (data[j + 1]! << 16) | (data[j + 2]! << 8) | data[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      const s0 = ((x >>> 7) | (x << 25)) ^ ((x >>> 18) | (x << 14)) ^ (x >>> 3);
      const s1 = ((y >>> 17) | (y << 15)) ^ ((y >>> 19) | (y << 13)) ^ (y >>> 10);
      w[i] = (w[i - 16]! + s0 + w[i - 7]! + s1) | 0;
    }
    const h = this.h;
    let a = h[0]!;
    let b = h[1]!;
    let c = h[2]!;
    let d = h[3]!;
    let e = h[4]!;
    let f = h[5]!;
    let g = h[6]!;
    let hh = h[7]!;
    for (let i = 0; i < 64; i++) {
      const S1 = ((e >>> 6) | (e << 26)) ^ ((e >>> 11) | (e << 21)) ^ ((e >>> 25) | (e << 7));
      const ch = (e & f) ^ (~e & g);
      const t1 = (hh + S1 + ch + K[i]! + w[i]!) | 0;
      const S0 = ((a >>> 2) | (a << 30)) ^ ((a >>> 13) | (a << 19)) ^ ((a >>> 22) | (a << 10));
      const maj = (a & b) ^ (a & c) ^ (b & c);
      const t2 = (S0 + maj) | 0;
      hh = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    h[0] = (h[0]! + a) | 0;
    h[1] = (h[1]! + b) | 0;
    h[2] = (h[2]! + c) | 0;
    h[3] = (h[3]! + d) | 0;
    h[4] = (h[4]! + e) | 0;
    h[5] = (h[5]! + f) | 0;
    h[6] = (h[6]! + g) | 0;
    h[7] = (h[7]! + hh) | 0;
  }
}
