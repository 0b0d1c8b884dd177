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

/** What \`meltysynth serve --help\` prints. */
export const serveHelp = `Usage: meltysynth serve --fonts DIR [options]

An HTTP service that renders MIDI files with the SoundFonts of DIR (every .sf2
and .sf3 in it, opened once). Renders run on a pool of threads, or, with
--queue, on \`meltysynth worker\` processes that take them from a Redis queue.

  POST /render?font=NAME&format=wav   the MIDI file as the body; answers the audio
  POST /jobs?...                      the same, as a job: answers 202 { "id" }
  GET  /jobs/ID                       its state and progress
  GET  /jobs/ID/audio                 its audio, once done
  GET  /fonts, /health, /metrics      fonts and presets; health; Prometheus text
Render parameters: font, format (wav, s16, s24, f32, flac, flac24, mp3),
sampleRate, channels, gain, normalize, dither, tail, start, end, profile.

Options:
      --fonts DIR             the folder of SoundFonts to serve (required)
  -p, --port N                the port (default 8080; 0: any free port)
      --host H                the address to listen on (default 127.0.0.1:
                              this machine only)
  -j, --concurrency N         render threads (default: one per CPU core)
      --queue URL             put every render on the Redis queue at URL
                              (redis://HOST:PORT) for workers to take
      --token T               require 'Authorization: Bearer T' (except on
                              /health); also read from MELTYSYNTH_TOKEN
      --max-midi-bytes N      larger MIDI files are refused with 413
                              (default 4194304)
      --max-song-seconds S    longer renders (the song or section plus a fixed
                              tail) are refused with 422 (default 900)
      --max-render-seconds S  renders that take longer are stopped: 422
                              (default 300)
      --max-queue N           renders that may wait; more are refused with 503
                              and Retry-After (default 64)
      --result-ttl S          seconds a job's status and audio are kept after
                              it finishes (default 3600)
      --max-result-bytes N    with --queue: the largest audio a worker returns
                              through Redis; larger renders fail with 422
                              (default 268435456)
      --request-timeout S     time to send a whole request (default 60)
      --idle-timeout S        how long an idle connection stays open (default 5)
      --debug                 show stack traces for errors
  -h, --help                  show this help

SIGTERM or Ctrl-C stops taking requests and lets the renders under way finish.

Examples:
  meltysynth serve --fonts soundfonts
  curl --data-binary @song.mid -o song.wav 'http://127.0.0.1:8080/render?font=font.sf2'
  meltysynth serve --fonts soundfonts --host 0.0.0.0 --queue redis://10.0.0.5:6379
`;

/** What \`meltysynth worker --help\` prints. */
export const workerHelp = `Usage: meltysynth worker --queue URL --fonts DIR [options]

Takes render jobs from the Redis queue of \`meltysynth serve --queue URL\` and
renders them with the SoundFonts of DIR (the same fonts, by the same file names,
as the server's). Start as many workers as you like, on any machines that reach
Redis. A job whose worker dies is taken again by another worker once its lock
has expired (10 s).

Options:
      --queue URL         the Redis server (redis://HOST:PORT) (required)
      --fonts DIR         the folder of SoundFonts (required)
  -j, --concurrency N     jobs rendered at once, each on a thread (default: one
                          per CPU core)
      --debug             show stack traces for errors
  -h, --help              show this help

SIGTERM or Ctrl-C stops taking jobs and lets the running ones finish; a second
one stops at once, leaving them to other workers.
`;
