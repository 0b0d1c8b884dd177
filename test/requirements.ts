/**
 * What some tests need from the machine, each named by the variable that makes it required:
 *
 * | variable | what |
 * |---|---|
 * | MELTYSYNTH_REQUIRE_NATIVE | the compiled addon (test/backends.ts, test/native/fixtures.ts) |
 * | MELTYSYNTH_REQUIRE_FIXTURES | the shared fixtures, every file of them (test/fixtures.ts) |
 * | MELTYSYNTH_REQUIRE_FLUIDSYNTH | the fluidsynth command (test/fluidsynth/fluidsynth.ts) |
 * | MELTYSYNTH_REQUIRE_FLUIDR3_GM | Debian's FluidR3_GM.sf2 (test/fluidsynth/fonts.ts) |
 * | MELTYSYNTH_REQUIRE_REDIS | redis-server (test/service/processes.ts) |
 * | MELTYSYNTH_REQUIRE_CHROMIUM | Chromium (test/examples/selfTestPage.ts) |
 * | MELTYSYNTH_REQUIRE_FLAC | the flac command (test/io/formats.test.ts) |
 * | MELTYSYNTH_REQUIRE_OPUSDEC | the opusdec and opusenc commands of opus-tools (test/io/opus.test.ts) |
 * | MELTYSYNTH_REQUIRE_MUSESCORE_SF3 | Debian's MuseScore_General_Lite.sf3 (test/soundfont/sf3Debian.test.ts) |
 * | MELTYSYNTH_REQUIRE_WINE | wine64, Windows Node and the win32-x64 prebuild (test/packaging/windows.test.ts) |
 *
 * Where one is missing, the tests that need it skip and say why. Set to 1 (.ci/run sets them
 * all), the missing requirement throws instead: a failed install turns the run red rather than
 * into quiet skips.
 */
export type RequirementVariable =
  | "MELTYSYNTH_REQUIRE_NATIVE"
  | "MELTYSYNTH_REQUIRE_FIXTURES"
  | "MELTYSYNTH_REQUIRE_FLUIDSYNTH"
  | "MELTYSYNTH_REQUIRE_FLUIDR3_GM"
  | "MELTYSYNTH_REQUIRE_REDIS"
  | "MELTYSYNTH_REQUIRE_CHROMIUM"
  | "MELTYSYNTH_REQUIRE_FLAC"
  | "MELTYSYNTH_REQUIRE_OPUSDEC"
  | "MELTYSYNTH_REQUIRE_MUSESCORE_SF3"
  | "MELTYSYNTH_REQUIRE_WINE";

/**
 * Passes `missing` (why the requirement is not met here, or null when it is) through, for the
 * caller's skip and its message; throws when `variable` is 1 and it is not met.
 */
export function requirement(variable: RequirementVariable, missing: string | null): string | null {
  if (missing !== null && process.env[variable] === "1") throw new Error(`${variable}=1, but ${missing}`);
  return missing;
}
