import { describe, expect, it } from "vitest";
import { SoundFont, SoundFontError, writeSoundFont } from "../../lib/soundfont/index.js";
import { haveFixtures, timGM6mbBytes } from "./fixtures.js";
import { findChunk, isList, parseRiff, serializeRiff, type RiffLeaf } from "./riffTree.js";
import { tinyModel } from "./tinyModel.js";

function errorOf(bytes: Uint8Array): SoundFontError {
  try {
    new SoundFont(bytes);
  } catch (error) {
    if (error instanceof SoundFontError) return error;
    throw new Error(`expected a SoundFontError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a SoundFontError, but the SoundFont loaded");
}

/**
 * Where a file cut at `cut` should be reported: the innermost chunk the cut goes through, or,
 * for a cut in a sub-chunk's header or between two sub-chunks, the LIST that holds them; for a
 * cut between two LISTs, the LIST that should come next.
 */
function expectedLocation(bytes: Uint8Array, cut: number): { chunk: string; offset: number } {
  if (cut < 12) return { chunk: "RIFF", offset: 0 };
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const id = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  const end = (at: number): number => at + 8 + view.getUint32(at + 4, true);
  for (let list = 12; ; list = end(list)) {
    const listName = `LIST ${id(list + 8)}`;
    if (cut < list + 12) return { chunk: listName, offset: list };
    if (cut >= end(list)) continue;
    for (let sub = list + 12; ; sub = end(sub) + (end(sub) % 2)) {
      if (cut === sub) return { chunk: listName, offset: list };
      if (cut < sub + 8) return { chunk: listName, offset: sub };
      if (cut < end(sub)) return { chunk: `${id(list + 8)}/${id(sub)}`, offset: sub };
    }
  }
}

/** A file with one change: `edit` gets the RIFF tree of the tiny model's file. */
function tinyFileWith(edit: (root: ReturnType<typeof parseRiff>) => void): Uint8Array {
  const root = parseRiff(writeSoundFont(tinyModel()));
  edit(root);
  return serializeRiff(root);
}

function leaf(root: ReturnType<typeof parseRiff>, path: string): RiffLeaf {
  const node = findChunk(root, path);
  if (isList(node)) throw new Error(`${path} is a list`);
  return node;
}

function viewOf(data: Uint8Array): DataView {
  return new DataView(data.buffer, data.byteOffset, data.byteLength);
}

/** The byte offset of a chunk's header in a file. */
function offsetOf(bytes: Uint8Array, path: string): number {
  const [type, id] = path.split("/");
  const view = viewOf(bytes);
  const name = (at: number): string => String.fromCharCode(...bytes.subarray(at, at + 4));
  for (let list = 12; list < bytes.length; list += 8 + view.getUint32(list + 4, true)) {
    if (name(list + 8) !== type) continue;
    for (let sub = list + 12; ; sub += 8 + view.getUint32(sub + 4, true)) {
      if (name(sub) === id) return sub;
    }
  }
  throw new Error(`no ${path}`);
}

describe("SoundFontError on truncated files", () => {
  const bytes = writeSoundFont(tinyModel());

  it("is thrown at every cut of a small file, naming the chunk the cut goes through", () => {
    for (let cut = 0; cut < bytes.length; cut++) {
      const error = errorOf(bytes.subarray(0, cut));
      expect(error.name).toBe("SoundFontError");
      expect({ cut, chunk: error.chunk, offset: error.offset }).toEqual({
        cut,
        ...expectedLocation(bytes, cut),
      });
      expect(error.message).toMatch(/^Invalid SoundFont: .* byte \d+/);
    }
  });

  it("says how long the chunk claims to be and how much is left", () => {
    const shdr = offsetOf(bytes, "pdta/shdr");
    expect(errorOf(bytes.subarray(0, shdr + 8 + 50)).message).toBe(
      `Invalid SoundFont: the shdr chunk at byte ${shdr} has length ${46 * 3}, but only 50 bytes remain in the file`,
    );
  });

  describe.skipIf(!haveFixtures("the TimGM6mb truncation tests"))("TimGM6mb", () => {
    it("is thrown at random cuts and at every chunk of the pdta list", () => {
      const full = timGM6mbBytes();
      let seed = 12345;
      const random = (): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return seed / 2 ** 31;
      };
      const cuts = Array.from({ length: 12 }, () => Math.floor(random() * full.length));
      for (const id of ["phdr", "pbag", "pmod", "pgen", "inst", "ibag", "imod", "igen", "shdr"]) {
        const at = offsetOf(full, `pdta/${id}`);
        cuts.push(at, at + 5, at + 8, at + 20);
      }
      for (const cut of cuts) {
        const error = errorOf(full.subarray(0, cut));
        expect({ cut, chunk: error.chunk, offset: error.offset }).toEqual({
          cut,
          ...expectedLocation(full, cut),
        });
      }
    });

    it("throws nothing but SoundFontError for random corruption of the pdta list", () => {
      const full = timGM6mbBytes();
      const pdta = offsetOf(full, "pdta/phdr") - 12;
      let seed = 24680;
      const random = (n: number): number => {
        seed = (seed * 1103515245 + 12345) % 2 ** 31;
        return Math.floor((seed / 2 ** 31) * n);
      };
      const bytes = full.slice();
      for (let trial = 0; trial < 150; trial++) {
        const changed = Array.from({ length: 1 + random(3) }, () => pdta + random(full.length - pdta));
        for (const at of changed) bytes[at] = random(256);
        try {
          new SoundFont(bytes);
        } catch (error) {
          expect(error).toBeInstanceOf(SoundFontError);
        }
        for (const at of changed) bytes[at] = full[at];
      }
    });
  });
});

describe("SoundFontError on corrupt files", () => {
  const good = writeSoundFont(tinyModel());

  it("refuses a size of 0xFFFFFFFF in any chunk header", () => {
    const setSize = (at: number): Uint8Array => {
      const bytes = good.slice();
      viewOf(bytes).setUint32(at + 4, 0xffffffff, true);
      return bytes;
    };
    const riff = errorOf(setSize(0));
    expect([riff.chunk, riff.offset]).toEqual(["RIFF", 0]);
    expect(riff.message).toContain("4294967295");

    const pdta = offsetOf(good, "pdta/phdr") - 12;
    expect([errorOf(setSize(pdta)).chunk, errorOf(setSize(pdta)).offset]).toEqual(["LIST pdta", pdta]);

    for (const path of ["INFO/INAM", "sdta/smpl", "pdta/phdr", "pdta/igen", "pdta/shdr"]) {
      const at = offsetOf(good, path);
      const error = errorOf(setSize(at));
      expect([error.chunk, error.offset]).toEqual([path, at]);
      expect(error.message).toContain("has length 4294967295, but only");
    }
  });

  it("refuses a file that is not RIFF or not a SoundFont", () => {
    const wave = good.slice();
    wave.set([0x57, 0x41, 0x56, 0x45], 8); // "WAVE"
    const error = errorOf(wave);
    expect([error.chunk, error.offset]).toEqual(["RIFF", 8]);
    expect(error.message).toBe("Invalid SoundFont: the RIFF form type at byte 8 is 'WAVE', neither 'sfbk' (SoundFont) nor 'DLS ' (DLS bank)");

    const text = new TextEncoder().encode("This is not a SoundFont at all.");
    expect(errorOf(text).message).toMatch(/starts with 'This', not 'RIFF'/);
    expect(errorOf(new Uint8Array(0)).chunk).toBe("RIFF");
  });

  it("refuses LISTs out of order", () => {
    const bytes = tinyFileWith((root) => {
      root.children.reverse();
    });
    const error = errorOf(bytes);
    expect([error.chunk, error.offset]).toEqual(["LIST INFO", 12]);
    expect(error.message).toMatch(/expected a LIST INFO chunk at byte 12, found 'LIST pdta'/);
  });

  it("refuses a record chunk whose length is not a whole number of records", () => {
    const bytes = tinyFileWith((root) => {
      const phdr = leaf(root, "pdta/phdr");
      phdr.data = phdr.data.subarray(0, phdr.data.length - 2);
    });
    const at = offsetOf(bytes, "pdta/phdr");
    const error = errorOf(bytes);
    expect([error.chunk, error.offset]).toEqual(["pdta/phdr", at]);
    expect(error.message).toBe(
      `Invalid SoundFont: the phdr chunk at byte ${at} has length ${38 * 3 - 2}, not a multiple of 38`,
    );
  });

  it("refuses a missing pdta chunk and an unknown one", () => {
    const missing = tinyFileWith((root) => {
      const pdta = findChunk(root, "pdta");
      if (isList(pdta)) pdta.children = pdta.children.filter((c) => c.id !== "shdr");
    });
    expect(errorOf(missing).message).toMatch(/the LIST pdta chunk at byte \d+ has no shdr sub-chunk/);

    const unknown = tinyFileWith((root) => {
      const pdta = findChunk(root, "pdta");
      if (isList(pdta)) pdta.children.push({ id: "zzzz", data: new Uint8Array(4) });
    });
    expect(errorOf(unknown).chunk).toBe("pdta/zzzz");
  });

  it("refuses an instrument index outside the instruments, at its pgen record", () => {
    const bytes = tinyFileWith((root) => {
      // The first preset zone is [instrument 0]: its terminal generator is record 2 (after
      // initialAttenuation and reverbEffectsSend).
      viewOf(leaf(root, "pdta/pgen").data).setInt16(2 * 4 + 2, 7, true);
    });
    const error = errorOf(bytes);
    expect([error.chunk, error.offset]).toEqual(["pdta/pgen", offsetOf(bytes, "pdta/pgen") + 8 + 2 * 4]);
    expect(error.message).toMatch(/the preset 'Lead' refers to instrument 7, but there are 2 instruments/);
  });

  it("refuses a sample index outside the sample headers, at its igen record", () => {
    const bytes = tinyFileWith((root) => {
      const igen = viewOf(leaf(root, "pdta/igen").data);
      // The kit's zone is the last: its sampleID is the last record before the terminal one.
      igen.setInt16(igen.byteLength - 8 + 2, -3, true);
    });
    const igen = offsetOf(bytes, "pdta/igen");
    const error = errorOf(bytes);
    expect(error.chunk).toBe("pdta/igen");
    expect(error.offset).toBe(igen + 8 + viewOf(bytes).getUint32(igen + 4, true) - 8);
    expect(error.message).toMatch(/the instrument 'Kit' refers to sample -3, but there are 2 samples/);
  });

  it("refuses bag indices that go backwards or past the generators", () => {
    const backwards = tinyFileWith((root) => {
      viewOf(leaf(root, "pdta/pbag").data).setUint16(4, 60, true);
    });
    expect(errorOf(backwards).chunk).toBe("pdta/pbag");
    expect(errorOf(backwards).message).toMatch(/generator index 60, past the \d+ generators/);
  });

  it("refuses a preset without zones", () => {
    const bytes = tinyFileWith((root) => {
      const phdr = viewOf(leaf(root, "pdta/phdr").data);
      phdr.setUint16(38 + 24, 0, true); // the second preset starts where the first does
    });
    const error = errorOf(bytes);
    expect([error.chunk, error.offset]).toEqual(["pdta/phdr", offsetOf(bytes, "pdta/phdr") + 8]);
    expect(error.message).toMatch(/the preset 'Lead' .* has no zone/);
  });

  it("refuses a loop mode other than 0 to 3 and a sample span outside the wave data", () => {
    const loopMode = tinyFileWith((root) => {
      const igen = leaf(root, "pdta/igen").data;
      const view = viewOf(igen);
      for (let p = 0; p < igen.length; p += 4) {
        if (view.getUint16(p, true) === 54) view.setInt16(p + 2, 5, true);
      }
    });
    expect(errorOf(loopMode).message).toMatch(/the instrument 'Café Lead' has the loop mode 5/);
    expect(errorOf(loopMode).chunk).toBe("pdta/igen");

    const span = tinyFileWith((root) => {
      const igen = leaf(root, "pdta/igen").data;
      const view = viewOf(igen);
      for (let p = 0; p < igen.length; p += 4) {
        if (view.getUint16(p, true) === 1) view.setInt16(p + 2, 20000, true); // endAddressOffset
      }
    });
    expect(errorOf(span).message).toMatch(
      /plays the sample 'Saw with a long name' from \d+ to \d+, which is not a span of the 412 samples/,
    );
  });

  it("refuses SF3 in new SoundFont() without the Node entry's decoder, and says to use SoundFont.load", () => {
    const compressed = tinyFileWith((root) => {
      viewOf(leaf(root, "pdta/shdr").data).setUint16(44, 0x11, true);
    });
    const error = errorOf(compressed);
    expect(error.chunk).toBe("pdta/shdr");
    expect(error.message).toMatch(/SF3 .*SoundFont\.load/);
  });

  it("throws nothing but SoundFontError for random corruption", () => {
    let seed = 987654321;
    const random = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      return Math.floor((seed / 2 ** 31) * n);
    };
    // Half of the changes hit the bytes outside the wave data, where the structure is.
    const smpl = offsetOf(good, "sdta/smpl");
    const samplesEnd = smpl + 8 + 2 * tinyModel().waveData.length;
    const structure = [...good.keys()].filter((i) => i < smpl + 8 || i >= samplesEnd);
    let loaded = 0;
    for (let trial = 0; trial < 3000; trial++) {
      const bytes = good.slice();
      for (let n = 1 + random(4); n > 0; n--) {
        const at = random(2) === 0 ? structure[random(structure.length)] : random(bytes.length);
        bytes[at] = random(4) === 0 ? 0xff : random(256);
      }
      try {
        new SoundFont(bytes);
        loaded++;
      } catch (error) {
        expect(error).toBeInstanceOf(SoundFontError);
      }
    }
    expect(loaded).toBeGreaterThan(0);
  });
});
