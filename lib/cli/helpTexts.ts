import type { OptionTable } from "./OptionTable.js";
import { infoOptions, renderOptions, serveOptions, workerOptions } from "./optionTables.js";

/** The help's width: what a terminal shows without wrapping. */
const width = 80;

/** What `meltysynth --help` prints. */
export const mainHelp = `Usage: meltysynth <command> [options]

Render MIDI files to WAV, FLAC or MP3 with a SoundFont, or describe a SoundFont or
MIDI file.
Without a command, renders the built-in demo (as 'meltysynth render' does).

Commands:
  render [SONG.mid ...]   render songs to audio files (no song: a built-in demo)
  info FILE ...           describe a SoundFont (.sf2, .sf3) or a MIDI file
  serve --fonts DIR       an HTTP render service (add --queue to spread it over
                          machines)
  worker --queue URL      take render jobs from a service's Redis queue

Options:
  -h, --help              show help (also: meltysynth <command> --help)
  -v, --version           show the version
      --debug             show stack traces for errors

Try: meltysynth render
     meltysynth render song.mid --soundfont font.sf2
`;

/** What `meltysynth render --help` prints. */
export const renderHelp = helpText(
  `Usage: meltysynth render [SONG.mid ...] [options]

Renders each song to an audio file. Without a song, renders a built-in demo song
to meltysynth-demo.wav; without --soundfont, uses a small built-in General MIDI
SoundFont.
A song plays for its length plus the tail, so that notes and reverb fade out.
`,
  renderOptions,
  `The summary gives the peak level and counts clipped samples.

Examples:
  meltysynth render
  meltysynth render song.mid --soundfont font.sf2
  meltysynth render song.mid -s font.sf2 -o song.flac --normalize
  meltysynth render song.mid -s font.sf2 --gain -6 --format mp3 --channels 1
  meltysynth render song.mid -s font.sf2 --out - | aplay
  meltysynth render songs/*.mid -s font.sf2 --out renders --jobs 4
`,
);

/** What `meltysynth info --help` prints. */
export const infoHelp = helpText(
  `Usage: meltysynth info FILE ...

Describes each file: for a SoundFont, its information, sizes and presets; for a
MIDI file, its format, tracks, tempo, length and the channels it uses.
`,
  infoOptions,
);

/** What `meltysynth serve --help` prints. */
export const serveHelp = helpText(
  `Usage: meltysynth serve --fonts DIR [options]

An HTTP service that renders MIDI files with the SoundFonts of DIR (every .sf2
and .sf3 in it, opened once). Renders run on a pool of threads, or, with
--queue, on \`meltysynth worker\` processes that take them from a Redis queue.

  POST /render?font=NAME&format=wav   the MIDI file as the body; answers the audio
  POST /jobs?...                      the same, as a job: answers 202 { "id" }
  GET  /jobs/ID                       its state and progress
  GET  /jobs/ID/audio                 its audio, once done
  GET  /fonts, /health, /metrics      fonts and presets; health; Prometheus text
Render parameters: font, format (wav, s16, s24, f32, flac, flac24, mp3, opus),
bitrate (opus), sampleRate, channels, gain, normalize, dither, tail, start, end, profile,
interpolation, reverb and chorus (as render's --reverb and --chorus: reverb=roomSize=0.8).
`,
  serveOptions,
  `SIGTERM or Ctrl-C stops taking requests and lets the renders under way finish.

Examples:
  meltysynth serve --fonts soundfonts
  curl --data-binary @song.mid -o song.wav 'http://127.0.0.1:8080/render?font=font.sf2'
  meltysynth serve --fonts soundfonts --host 0.0.0.0 --queue redis://10.0.0.5:6379
`,
);

/** What `meltysynth worker --help` prints. */
export const workerHelp = helpText(
  `Usage: meltysynth worker --queue URL --fonts DIR [options]

Takes render jobs from the Redis queue of \`meltysynth serve --queue URL\` and
renders them with the SoundFonts of DIR (the same fonts, by the same file names,
as the server's). Start as many workers as you like, on any machines that reach
Redis. A job whose worker dies is taken again by another worker once its lock
has expired (10 s).
`,
  workerOptions,
  `SIGTERM or Ctrl-C stops taking jobs and lets the running ones finish; a second
one stops at once, leaving them to other workers.
`,
);

/** A command's help: what it does, each option of its table on a line of its own, then the notes. */
function helpText(about: string, table: OptionTable, notes?: string): string {
  const rows = Object.entries(table).map(([name, row]) => {
    const names = `${row.short === undefined ? "    " : `-${row.short}, `}--${name}${row.kind === undefined ? "" : ` ${row.placeholder}`}`;
    const fact = row.kind === undefined ? undefined : row.required !== undefined ? "required" : row.default !== undefined ? `default ${String(row.default)}` : undefined;
    return { names, help: fact === undefined ? row.help : `${row.help} (${fact})` };
  });
  const column = 2 + Math.max(...rows.map((row) => 2 + row.names.length));
  const lines = rows.map((row) => `  ${row.names}`.padEnd(column) + wrap(row.help, width - column).join(`\n${" ".repeat(column)}`));
  return [about, `Options:\n${lines.join("\n")}\n`, ...(notes === undefined ? [] : [notes])].join("\n");
}

/** `text` in lines of at most `columns` characters, broken between words. */
function wrap(text: string, columns: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ")) {
    if (line !== "" && line.length + 1 + word.length > columns) {
      lines.push(line);
      line = word;
    } else {
      line = line === "" ? word : `${line} ${word}`;
    }
  }
  return [...lines, line];
}
