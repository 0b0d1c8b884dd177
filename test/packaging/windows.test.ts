import { execFileSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MidiFile, nativeBackendStatus, renderToWav, SoundFont, Synthesizer } from "../../lib/io/index.js";
import { environmentBackend } from "../../lib/kernels/createBlockRenderer.js";
import "../built.js";
import { fixture, hasFixtures } from "../fixtures.js";
import { requirement } from "../requirements.js";
import { findWine, renamedWindowsNode, runUnderWine, windowsNode, windowsNodeVersion } from "./wine.js";

/**
 * The packed package on Windows: the tarball, installed for win32-x64, imported by the Windows
 * build of Node under Wine, loads prebuilds/win32-x64 (the MinGW-w64 build of
 * native/scripts/prebuild-win32.sh), reports the kernel set this CPU gets on Linux, and renders
 * a song to the same bytes as Linux does, on the backend the run asks for (MELTYSYNTH_BACKEND
 * reaches the Windows process). Under a host executable not called node.exe the addon still
 * binds its Node-API imports, as it must under electron.exe.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const prebuild = path.join(root, "prebuilds", "win32-x64", "meltysynth-native.node");
const wine = findWine();
const node = wine === null ? null : windowsNode();
const missing = requirement(
  "MELTYSYNTH_REQUIRE_WINE",
  wine === null
    ? "wine64 is not installed (apt-get install wine64)"
    : node !== null && "missing" in node
      ? node.missing
      : !existsSync(prebuild)
        ? `${path.relative(root, prebuild)} is missing (npm run prebuilds, with g++-mingw-w64-x86-64 installed)`
        : !hasFixtures
          ? "the shared fixtures are absent"
          : null,
);
if (missing !== null) console.warn(`Skipping the Windows package under Wine: ${missing}.`);

// 20 s of the song and its tail: every instrument has come in by then.
const end = 20;
const backend = environmentBackend() ?? "auto";

const windowsScript = `
import { readFileSync, writeFileSync } from "node:fs";
import { MidiFile, SoundFont, Synthesizer, nativeBackendStatus, renderToWav } from "meltysynth-native";
const status = nativeBackendStatus();
const result = { platform: process.platform, arch: process.arch, version: process.version, status };
if (process.argv[2] === "render") {
  const font = new SoundFont(readFileSync("font.sf2"));
  result.backend = new Synthesizer(font).backend;
  writeFileSync("song.wav", renderToWav(new MidiFile(readFileSync("song.mid")), font, { end: ${end} }));
}
writeFileSync("result.json", JSON.stringify(result));
`;

interface WindowsResult {
  platform: string;
  arch: string;
  version: string;
  status: { available: boolean; reason?: string; instructionSet?: string };
  backend?: string;
}

describe.skipIf(missing !== null)(`the packed package on Windows (node.exe ${windowsNodeVersion} under Wine)`, () => {
  let work = "";
  let app = "";
  let exe = "";

  beforeAll(() => {
    exe = (node as { exe: string }).exe;
    work = mkdtempSync(path.join(tmpdir(), "meltysynth-windows-"));
    // The scripts ran already: `npm test` built dist/, `npm run prebuilds` the addons.
    const tarball = execFileSync("npm", ["pack", "--ignore-scripts", "--silent", "--pack-destination", work], { cwd: root, encoding: "utf8" }).trim();
    app = path.join(work, "app");
    mkdirSync(app);
    writeFileSync(path.join(app, "package.json"), JSON.stringify({ name: "app", version: "1.0.0", type: "module" }));
    // What npm installs on Windows; node-gyp-build, the install script, runs on Windows only.
    execFileSync(
      "npm",
      ["install", "--os=win32", "--cpu=x64", "--ignore-scripts", "--prefer-offline", "--no-audit", "--no-fund", "--silent", path.join(work, tarball)],
      { cwd: app, stdio: "inherit" },
    );
    writeFileSync(path.join(app, "check.mjs"), windowsScript);
    copyFileSync(fixture("soundfonts", "TimGM6mb.sf2"), path.join(app, "font.sf2"));
    copyFileSync(fixture("midi", "5432gone_redfarn.mid"), path.join(app, "song.mid"));
  }, 300_000);
  afterAll(() => {
    if (work !== "") rmSync(work, { recursive: true, force: true });
  });

  function runCheck(host: string, args: string[], env: Record<string, string | undefined> = {}): WindowsResult {
    rmSync(path.join(app, "result.json"), { force: true });
    const run = runUnderWine(wine as string, host, ["check.mjs", ...args], app, env);
    expect(run.status, run.output).toBe(0);
    return JSON.parse(readFileSync(path.join(app, "result.json"), "utf8")) as WindowsResult;
  }

  it(`renders the song on the ${backend} backend to the bytes Linux renders, with the kernel set Linux chooses`, () => {
    const windows = runCheck(exe, ["render"]);
    expect([windows.platform, windows.arch, windows.version]).toEqual(["win32", "x64", `v${windowsNodeVersion}`]);

    const font = new SoundFont(readFileSync(fixture("soundfonts", "TimGM6mb.sf2")));
    const linuxBackend = new Synthesizer(font).backend;
    expect(windows.backend).toBe(linuxBackend);
    expect(windows.status).toEqual(nativeBackendStatus());
    if (backend === "auto") expect(windows.backend).toBe("native");
    const linux = renderToWav(new MidiFile(readFileSync(fixture("midi", "5432gone_redfarn.mid"))), font, { end });
    const wav = readFileSync(path.join(app, "song.wav"));
    expect(wav.length).toBe(linux.length);
    expect(Buffer.compare(wav, linux), "the Windows render differs from the Linux one").toBe(0);
  });

  it("binds the addon to a host executable that is not node.exe, as electron.exe is", () => {
    const host = renamedWindowsNode(exe, "embedder.exe");
    const windows = runCheck(host, [], { MELTYSYNTH_BACKEND: undefined });
    expect(windows.status.available, windows.status.reason).toBe(true);
    expect(windows.status.instructionSet).toMatch(/^(avx512|avx2|sse2)$/);
  });
});
