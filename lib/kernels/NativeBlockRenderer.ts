import type { BlockContext, BlockRenderer } from "./BlockRenderer.js";
import type { NativeAddon, NativeRendererHandle } from "./nativeBackend.js";

/**
 * The block renderer in native code (native/block_renderer.cpp), with the same semantics as
 * JsBlockRenderer. It hands the context's buffers to the addon once, here; each block is then a
 * single call into native code for every voice and the effects, with nothing allocated.
 *
 * The addon checks every listed voice before it renders (order entries inside the table, loop
 * and end points inside the wave data, non-negative positions and steps) and throws a
 * RangeError, having written nothing, rather than read out of bounds.
 */
export class NativeBlockRenderer implements BlockRenderer {
  readonly backend = "native" as const;
  /** The kernel set in use: "avx2", "sse2", "neon" or "scalar". */
  readonly instructionSet: string;
  private readonly handle: NativeRendererHandle;

  constructor(addon: NativeAddon, context: BlockContext, instructionSet?: string) {
    this.handle = new addon.Renderer(
      {
        blockSize: context.blockSize,
        waveData: context.waveData,
        // A typed array over the whole table, so a table in a SharedArrayBuffer works too.
        table: context.table.f32,
        order: context.order,
        left: context.left,
        right: context.right,
        reverb: context.reverb,
        chorus: context.chorus,
      },
      instructionSet,
    );
    this.instructionSet = this.handle.instructionSet;
  }

  render(activeCount: number, masterVolume: number): void {
    this.handle.render(activeCount, masterVolume);
  }
}
