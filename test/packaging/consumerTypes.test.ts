import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import "../built.js";
import { typeCheck } from "./typeCheck.js";

/**
 * A TypeScript user's project, type-checked against the package as it resolves through its
 * `exports` map (types in dist/, which `npm test` builds): under each module resolution a
 * consumer can choose, from an ES module and from a CommonJS one. The Node helpers must be
 * typed wherever the user imports them from.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const work = mkdtempSync(path.join(tmpdir(), "meltysynth-consumer-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

// Uses what the Node entry adds (fromFile, renderToWav, RenderStream, renderFiles, the options).
const nodeUse = (from: string) => `
const font: SoundFont = SoundFont.fromFile("font.sf2");
const song: MidiFile = MidiFile.fromFile("song.mid");
const options: RenderOptions = { format: "s24", gain: -6, tail: "auto", channels: 1 };
const wav: Uint8Array = renderToWav(song, font, options);
const stream = new RenderStream(song, font, { format: "flac", normalize: true });
void renderFiles([{ midi: "song.mid", out: "song.mp3", format: "mp3" }], { concurrency: 1 });
const synthesizer = new Synthesizer(font, { sampleRate: 48000 });
export const used = [wav, stream, synthesizer.backend, "${from}"];
`;
const names = "MidiFile, RenderStream, SoundFont, Synthesizer, renderFiles, renderToWav, type RenderOptions";

interface Consumer {
  name: string;
  module: string;
  moduleResolution: string;
  type: "module" | "commonjs";
  file: string;
  source: string;
}

const consumers: Consumer[] = [];
for (const [module, moduleResolution] of [
  ["esnext", "bundler"],
  ["node16", "node16"],
  ["nodenext", "nodenext"],
]) {
  // The Node subpath works under every resolution.
  consumers.push({
    name: `${moduleResolution} (module ${module}), ES module, meltysynth-native/node`,
    module,
    moduleResolution,
    type: "module",
    file: "index.ts",
    source: `import { ${names} } from "meltysynth-native/node";\n${nodeUse("node")}`,
  });
  // The bare name: the engine everywhere, and Node's helpers where the resolution knows Node.
  consumers.push({
    name: `${moduleResolution} (module ${module}), ES module, meltysynth-native`,
    module,
    moduleResolution,
    type: "module",
    file: "index.ts",
    source:
      moduleResolution === "bundler"
        ? `import { MidiFile, SoundFont, Synthesizer } from "meltysynth-native";\n` +
          `const synthesizer = new Synthesizer(new SoundFont(new Uint8Array(0)));\n` +
          `export const used = [synthesizer.backend, new MidiFile(new Uint8Array(0)).length];\n`
        : `import { ${names} } from "meltysynth-native";\n${nodeUse("root")}`,
  });
}
// CommonJS: a static import (compiled to require(), which loads this ES module package on the
// Node versions of `engines`) under nodenext; a dynamic import under node16, which predates it.
consumers.push({
  name: "nodenext, CommonJS, require through import",
  module: "nodenext",
  moduleResolution: "nodenext",
  type: "commonjs",
  file: "index.ts",
  source: `import { ${names} } from "meltysynth-native/node";\n${nodeUse("cjs")}`,
});
consumers.push({
  name: "node16, CommonJS, dynamic import",
  module: "node16",
  moduleResolution: "node16",
  type: "commonjs",
  file: "index.ts",
  source:
    `import type { MidiFile as MidiFileType, RenderOptions, SoundFont as SoundFontType } from "meltysynth-native/node" with { "resolution-mode": "import" };\n` +
    `export async function main(): Promise<unknown[]> {\n` +
    `  const { ${names.replace(", type RenderOptions", "")} } = await import("meltysynth-native");\n` +
    `  type SoundFont = SoundFontType;\n  type MidiFile = MidiFileType;\n` +
    nodeUse("dynamic").replace("export const used =", "return") +
    `}\n`,
});

// A server's own program on the service's pool.
consumers.push({
  name: "nodenext, ES module, meltysynth-native/service",
  module: "nodenext",
  moduleResolution: "nodenext",
  type: "module",
  file: "index.ts",
  source:
    `import { FontLibrary, RenderPool, RequestError, type PoolResult } from "meltysynth-native/service";\n` +
    `const pool = new RenderPool(FontLibrary.load("fonts"), 2);\n` +
    `const result: PoolResult = await pool.render({ font: "TimGM6mb.sf2", midi: new Uint8Array(0), options: { format: "opus", bitrate: 96 } });\n` +
    `const audio: Uint8Array = result.audio;\n` +
    `export const used = [audio, result.mediaType, RequestError];\n`,
});

// A bundler's CommonJS: require() as TypeScript writes it under module "preserve".
consumers.push({
  name: "bundler (module preserve), CommonJS, import = require",
  module: "preserve",
  moduleResolution: "bundler",
  type: "commonjs",
  file: "index.ts",
  source:
    `import meltysynth = require("meltysynth-native/node");\n` +
    `const font = meltysynth.SoundFont.fromFile("font.sf2");\n` +
    `const wav: Uint8Array = meltysynth.renderToWav(meltysynth.MidiFile.fromFile("song.mid"), font, { format: "s24", gain: -6 });\n` +
    `export const used = [wav];\n`,
});

function setUp(consumer: Consumer, index: number): string {
  const dir = path.join(work, String(index));
  mkdirSync(path.join(dir, "node_modules", "@types"), { recursive: true });
  symlinkSync(root, path.join(dir, "node_modules", "meltysynth-native"), "dir");
  symlinkSync(path.join(root, "node_modules", "@types", "node"), path.join(dir, "node_modules", "@types", "node"), "dir");
  writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name: "consumer", version: "1.0.0", type: consumer.type }));
  writeFileSync(
    path.join(dir, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: {
        target: "ES2022",
        module: consumer.module,
        moduleResolution: consumer.moduleResolution,
        lib: ["ES2022", "DOM"],
        types: ["node"],
        strict: true,
        noEmit: true,
        preserveSymlinks: false,
      },
      files: [consumer.file],
    }),
  );
  writeFileSync(path.join(dir, consumer.file), consumer.source);
  return dir;
}

describe("a TypeScript consumer of the package type-checks", () => {
  consumers.forEach((consumer, index) => {
    it(consumer.name, () => {
      const dir = setUp(consumer, index);
      expect(typeCheck(dir)).toBe("");
    });
  });
});
