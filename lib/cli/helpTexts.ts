/** What `meltysynth --help` prints. */
export const mainHelp = `Usage: meltysynth <command> [options]

Render MIDI files to WAV, FLAC or MP3 with a SoundFont, or describe a SoundFont or
MIDI file.
Without a command, renders the built-in demo (as 'meltysynth render' does).

Commands:
  render [SONG.mid ...]   render songs to audio files (no song: a built-in demo)
  info FILE ...           describe a SoundFont (.sf2, .sf3) or a MIDI file

Options:
  -h, --help              show help (also: meltysynth <command> --help)
  -v, --version           show the version
      --debug             show stack traces for errors

Try: meltysynth render
     meltysynth render song.mid --soundfont font.sf2
`;

/** What `meltysynth render --help` prints. */
export const renderHelp = `Usage: meltysynth render [SONG.mid ...] [options]

Renders each song to an audio file. Without a song, renders a built-in demo song
to meltysynth-demo.wav; without --soundfont, uses a small built-in General MIDI
SoundFont.
A song plays for its length plus the tail, so that notes and reverb fade out.

Options:
  -s, --soundfont FONT.sf2  the SoundFont (SF2 or SF3) to play the songs with
  -o, --out FILE|-          where to write: a file, or - for standard output
                            (several songs: a folder); default: the song's name
                            with the format's extension, in the current folder
  -f, --format F            s16, s24 or f32 (16-bit, 24-bit or float WAV),
                            flac or flac24 (16- or 24-bit FLAC), mp3 (192 kb/s);
                            default: from --out's extension (.wav .flac .mp3),
                            else s16
  -c, --channels 1|2        1 for mono (the mean of both channels); default 2
  -g, --gain DB             amplify (or, negative, attenuate) by DB decibels
      --normalize           scale to a peak of -1 dBFS, so that nothing clips
                            (renders the song twice)
      --dither              add TPDF dither when writing 16- or 24-bit samples
  -r, --sample-rate N       samples per second (default 44100)
      --block-size N        frames per synthesizer block (default 64)
      --polyphony N         most voices at once (default 64)
      --no-effects          turn reverb and chorus off
      --tail auto|SECONDS   after the last event: auto (the default) renders
                            until the output has stayed below -90 dBFS for
                            100 ms, at most 30 s; a number: that many seconds
      --loop N              play the song N more times (default 0)
      --start SECONDS       render from this point of the song (instruments and
                            controllers are set as they are there)
      --end SECONDS         stop the song here: its notes are released and the
                            tail follows
      --backend B           auto, native or js (default auto)
      --profile P           meltysynth (the default: MeltySynth's sound, bit for
                            bit) or full (SoundFont 2.04 modulators, pressure,
                            sostenuto, portamento, GM/GS/XG system exclusive)
  -j, --jobs N              songs rendered at once, in worker threads
                            (default: one per CPU core)
  -q, --quiet               print nothing but errors
      --verbose             add the peak memory to the summary
      --debug               show stack traces for errors
  -h, --help                show this help

The summary gives the peak level and counts clipped samples.

Examples:
  meltysynth render
  meltysynth render song.mid --soundfont font.sf2
  meltysynth render song.mid -s font.sf2 -o song.flac --normalize
  meltysynth render song.mid -s font.sf2 --gain -6 --format mp3 --channels 1
  meltysynth render song.mid -s font.sf2 --out - | aplay
  meltysynth render songs/*.mid -s font.sf2 --out renders --jobs 4
`;

/** What `meltysynth info --help` prints. */
export const infoHelp = `Usage: meltysynth info FILE ...

Describes each file: for a SoundFont, its information, sizes and presets; for a
MIDI file, its format, tracks, tempo, length and the channels it uses.

Options:
      --debug     show stack traces for errors
  -h, --help      show this help
`;
