// What the reader accepts although the specification does not allow it, as FluidSynth and
// spessasynth accept it; lib/soundfont/README.md lists the same.
import { describe, expect, it } from "vitest";
import { SoundFont, writeSoundFont } from "../../lib/soundfont/index.js";
import {
  findChunk,
  isList,
  parseRiff,
  serializeRiff,
  type RiffLeaf,
  type RiffListNode,
} from "./riffTree.js";
import { tinyModel } from "./tinyModel.js";

function tinyTree(): RiffListNode {
  return parseRiff(writeSoundFont(tinyModel()));
}

function list(root: RiffListNode, type: string): RiffListNode {
  const node = findChunk(root, type);
  if (!isList(node)) throw new Error(`${type} is not a list`);
  return node;
}

function leaf(root: RiffListNode, path: string): RiffLeaf {
  const node = findChunk(root, path);
  if (isList(node)) throw new Error(`${path} is a list`);
  return node;
}

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

describe("SoundFont leniency", () => {
  const reference = new SoundFont(writeSoundFont(tinyModel()));

  it("ignores unknown INFO sub-chunks", () => {
    const root = tinyTree();
    list(root, "INFO").children.splice(1, 0, { id: "ZZZZ", data: latin1("whatever\0\0") });
    expect(new SoundFont(serializeRiff(root)).info).toEqual(reference.info);
  });

  it("ignores INFO sub-chunks misplaced in the sdta and pdta lists", () => {
    const root = tinyTree();
    list(root, "sdta").children.push({ id: "ICMT", data: latin1("lost\0\0") });
    list(root, "pdta").children.splice(3, 0, { id: "ISFT", data: latin1("lost\0\0") });
    const soundFont = new SoundFont(serializeRiff(root));
    expect(soundFont.info).toEqual(reference.info);
    expect(soundFont.presets.length).toBe(reference.presets.length);
  });

  it("reads INFO sub-chunks in any order, and defaults the ones that are missing", () => {
    const root = tinyTree();
    const info = list(root, "INFO");
    info.children = info.children.filter((c) => !["ifil", "isng"].includes(c.id)).reverse();
    const soundFont = new SoundFont(serializeRiff(root));
    expect(soundFont.info).toEqual({
      ...reference.info,
      version: { major: 0, minor: 0 },
      targetSoundEngine: "",
    });
  });

  it.each([true, false])("reads odd-sized chunks with pad byte: %s", (pad) => {
    const root = tinyTree();
    // "Odd\0" plus a stray byte: five bytes, then either a pad byte or the next chunk.
    leaf(root, "INFO/INAM").data = latin1("Odd\0x");
    const smpl = leaf(root, "sdta/smpl");
    const oddSamples = new Uint8Array(smpl.data.length + 1);
    oddSamples.set(smpl.data);
    smpl.data = oddSamples;
    const bytes = serializeRiff(root, { pad });
    const soundFont = new SoundFont(bytes);
    expect(soundFont.info.bankName).toBe("Odd");
    expect(soundFont.info.comments).toBe(reference.info.comments);
    // The stray last byte of the smpl chunk is not a sample.
    expect(soundFont.waveData).toEqual(reference.waveData);
    expect(soundFont.presets.map(String)).toEqual(reference.presets.map(String));
  });

  it("ignores trailing garbage after the last chunk, inside the RIFF chunk or after it", () => {
    const root = tinyTree();
    root.children.push({ id: "JUNK", data: latin1("padding for alignment") });
    const inside = serializeRiff(root);
    expect(new SoundFont(inside).info).toEqual(reference.info);

    const after = new Uint8Array(inside.length + 37).fill(0xa5);
    after.set(inside);
    expect(new SoundFont(after).presets.map(String)).toEqual(reference.presets.map(String));
  });

  it("clamps sample positions past the end of the sample data into it", () => {
    const root = tinyTree();
    const shdr = leaf(root, "pdta/shdr").data;
    const view = new DataView(shdr.buffer, shdr.byteOffset, shdr.byteLength);
    const saw = 46; // the second header
    view.setUint32(saw + 24, 0xffffff00, true); // end
    view.setUint32(saw + 32, 100_000, true); // endLoop
    const soundFont = new SoundFont(serializeRiff(root));
    const length = soundFont.waveData.length;
    expect(soundFont.sampleHeaders[1]).toMatchObject({ end: length, endLoop: length });
    expect(soundFont.sampleHeaders[1].start).toBe(reference.sampleHeaders[1].start);
  });

  it("keeps loops of zero length or outside the sample as they are", () => {
    const root = tinyTree();
    const shdr = leaf(root, "pdta/shdr").data;
    const view = new DataView(shdr.buffer, shdr.byteOffset, shdr.byteLength);
    view.setUint32(28, 80, true); // sine: startLoop = endLoop = 80
    view.setUint32(32, 80, true);
    view.setUint32(46 + 28, 5, true); // saw: a loop that starts before the sample does
    view.setUint32(46 + 32, 400, true); // and ends after it
    const soundFont = new SoundFont(serializeRiff(root));
    expect(soundFont.sampleHeaders[0]).toMatchObject({ startLoop: 80, endLoop: 80 });
    expect(soundFont.sampleHeaders[1]).toMatchObject({ startLoop: 5, endLoop: 400 });
    const region = soundFont.instruments[0].regions[0];
    expect([region.sampleStartLoop, region.sampleEndLoop]).toEqual([80, 80]);
  });
});
