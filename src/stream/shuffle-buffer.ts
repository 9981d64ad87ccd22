/**
 * A bounded shuffle buffer (the scheme of tf.data's shuffle): rows go in; once it holds
 * `capacity` rows, each new row swaps places with a uniformly chosen buffered row, which is
 * emitted. At the end of a pass the rows still held are emitted in a random permutation. A file
 * that fits in the buffer is therefore emitted as `rng.permutation(rows)`, exactly the order the
 * in-memory trainer uses; a larger file is mixed only within a window of about `capacity` rows.
 * With no rng the rows pass straight through in file order.
 */
import type { Rng } from "../random.js";

export type RowSink = (features: Float32Array, offset: number, target: number) => void;

export class ShuffleBuffer {
  private readonly x: Float32Array;
  private readonly y: Float32Array;
  private count = 0;
  /** The most rows held at once, for tests and reports. */
  peakRows = 0;

  constructor(readonly capacity: number, readonly d: number, private readonly rng: Rng | null, private readonly sink: RowSink) {
    const held = rng ? capacity : 0;
    this.x = new Float32Array(held * d);
    this.y = new Float32Array(held);
  }

  /** Takes row `offset/d` of `features`. */
  push(features: Float32Array, offset: number, target: number): void {
    if (!this.rng) {
      this.sink(features, offset, target);
      return;
    }
    const d = this.d;
    if (this.count < this.capacity) {
      this.x.set(features.subarray(offset, offset + d), this.count * d);
      this.y[this.count] = target;
      this.count++;
      this.peakRows = Math.max(this.peakRows, this.count);
      return;
    }
    const j = this.rng.int(this.capacity);
    this.sink(this.x, j * d, this.y[j]!);
    this.x.set(features.subarray(offset, offset + d), j * d);
    this.y[j] = target;
  }

  /** Emits every row still held (in a random permutation) and empties the buffer. */
  drain(): void {
    if (!this.rng || this.count === 0) return;
    const order = this.rng.permutation(this.count);
    for (let i = 0; i < order.length; i++) this.sink(this.x, order[i]! * this.d, this.y[order[i]!]!);
    this.count = 0;
  }
}
