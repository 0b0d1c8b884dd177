export { SoundFont } from "./SoundFont.js";
export type { SoundFontOptions } from "./SoundFont.js";
export { SoundFontError } from "./SoundFontError.js";
export type { SoundFontInfo } from "./SoundFontInfo.js";
export type { SoundFontVersion } from "./SoundFontVersion.js";
export type { SampleHeader } from "./SampleHeader.js";
export { SampleType } from "./SampleType.js";
export { Preset } from "./Preset.js";
export { PresetRegion } from "./PresetRegion.js";
export { Instrument } from "./Instrument.js";
export { InstrumentRegion } from "./InstrumentRegion.js";
export { GeneratorType } from "./GeneratorType.js";
export { generatorTable } from "./GeneratorTable.js";
export type { GeneratorInfo, GeneratorUnit } from "./GeneratorTable.js";
export { GeneralController, LINK_DESTINATION, modulatorSource } from "./Modulator.js";
export type { Modulator } from "./Modulator.js";
export { LoopMode } from "./LoopMode.js";
export { writeSoundFont } from "./SoundFontWriter.js";
export { combineSoundFonts } from "./combineSoundFonts.js";
export type { SoundFontInStack } from "./combineSoundFonts.js";
export type { PresetLookup } from "./PresetLookup.js";
export type {
  SoundFontModel,
  InstrumentModel,
  InstrumentRegionModel,
  PresetModel,
  PresetRegionModel,
} from "./SoundFontModel.js";
