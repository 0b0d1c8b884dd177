import { chunkError, type RiffList, type RiffReader } from "./RiffReader.js";
import type { SoundFontVersion } from "./SoundFontVersion.js";

/** The information of a SoundFont: its INFO list. Absent fields are empty strings or 0.0. */
export interface SoundFontInfo {
  /** The SoundFont specification version the file follows (ifil). */
  readonly version: SoundFontVersion;
  /** The sound engine the file was made for (isng), usually "EMU8000". */
  readonly targetSoundEngine: string;
  /** The name of the SoundFont (INAM). */
  readonly bankName: string;
  /** The sound ROM the file uses samples from (irom). */
  readonly romName: string;
  /** The version of that ROM (iver). */
  readonly romVersion: SoundFontVersion;
  /** When the file was created (ICRD). */
  readonly creationDate: string;
  /** Who made it (IENG). */
  readonly author: string;
  /** The product it was made for (IPRD). */
  readonly targetProduct: string;
  /** The copyright message (ICOP). */
  readonly copyright: string;
  /** Comments (ICMT). */
  readonly comments: string;
  /** The tools used to create and edit it (ISFT). */
  readonly tools: string;
}

type InfoStringField = Exclude<keyof SoundFontInfo, "version" | "romVersion">;

/** The INFO string sub-chunks and the fields they fill. */
const infoStringIds: Readonly<Record<string, InfoStringField>> = {
  isng: "targetSoundEngine",
  INAM: "bankName",
  irom: "romName",
  ICRD: "creationDate",
  IENG: "author",
  IPRD: "targetProduct",
  ICOP: "copyright",
  ICMT: "comments",
  ISFT: "tools",
};

/** Whether `id` names an INFO sub-chunk; such chunks found in other lists are ignored. */
export function isInfoId(id: string): boolean {
  return id === "ifil" || id === "iver" || id in infoStringIds;
}

/** Reads the INFO list. Unknown sub-chunks are ignored, as FluidSynth and spessasynth do. */
export function readSoundFontInfo(reader: RiffReader, list: RiffList): SoundFontInfo {
  const info = {
    version: { major: 0, minor: 0 },
    targetSoundEngine: "",
    bankName: "",
    romName: "",
    romVersion: { major: 0, minor: 0 },
    creationDate: "",
    author: "",
    targetProduct: "",
    copyright: "",
    comments: "",
    tools: "",
  };
  for (const chunk of reader.subChunks(list)) {
    if (chunk.id === "ifil" || chunk.id === "iver") {
      if (chunk.size !== 4) {
        throw chunkError(chunk, `has length ${chunk.size}, not 4`);
      }
      const version = {
        major: reader.view.getUint16(chunk.dataOffset, true),
        minor: reader.view.getUint16(chunk.dataOffset + 2, true),
      };
      if (chunk.id === "ifil") info.version = version;
      else info.romVersion = version;
    } else if (Object.hasOwn(infoStringIds, chunk.id)) {
      info[infoStringIds[chunk.id]] = reader.string(chunk.dataOffset, chunk.size);
    }
  }
  return info;
}
