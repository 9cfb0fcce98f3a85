"""The audio track of every rendered MP4: one AAC stream, 48 kHz stereo, loudness-normalised.

Manim muxes the cue WAVs it was given into its MP4 (or no audio when nothing was said).
``master`` rewrites that file once: the H.264 video is copied as it is, the speech is measured
and normalised with ffmpeg's ``loudnorm`` in two passes (EBU R128, to ``TARGET_LUFS``), resampled
to 48 kHz, and padded with silence or cut so the audio lasts exactly as long as the video. A
scene with no sound (``--voice none``, or no cues) gets a silent AAC track of the same length,
so every scene has the same streams and they join without re-encoding.
"""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path

from contract.atomic import atomic_path

from .frames import video_info

TARGET_LUFS = -15.0  # YouTube plays at about -14; -16 is the podcast norm
TRUE_PEAK = -2.0  # dBTP; AAC encoding adds a little on top
LRA = 11.0
RATE = 48_000
BITRATE = "160k"


class AudioError(RuntimeError):
    pass


def _ffmpeg(args: list[str]) -> subprocess.CompletedProcess:
    proc = subprocess.run(["ffmpeg", "-hide_banner", "-nostdin", "-y", *args], capture_output=True, text=True)
    if proc.returncode != 0:
        last = [l for l in proc.stderr.splitlines() if l.strip()][-1:] or ["no output"]
        raise AudioError(f"ffmpeg failed on the audio track: {last[0].strip()}")
    return proc


def streams(path: Path) -> list[dict]:
    proc = subprocess.run(["ffprobe", "-v", "error", "-show_entries",
                           "stream=index,codec_type,codec_name,profile,sample_rate,channels,duration",
                           "-of", "json", str(path)], capture_output=True, text=True, check=True)
    return json.loads(proc.stdout)["streams"]


def has_audio(path: Path) -> bool:
    return any(s["codec_type"] == "audio" for s in streams(path))


def measure_loudness(path: Path) -> dict:
    """loudnorm's first pass: integrated loudness, true peak, LRA and threshold of the audio."""
    proc = _ffmpeg(["-i", str(path), "-vn", "-af",
                    f"loudnorm=I={TARGET_LUFS}:TP={TRUE_PEAK}:LRA={LRA}:print_format=json", "-f", "null", "-"])
    found = re.search(r"\{[^{}]*\"input_i\"[^{}]*\}", proc.stderr)
    if not found:
        raise AudioError("ffmpeg's loudnorm printed no measurement; check ffmpeg has the loudnorm filter")
    return json.loads(found.group(0))


def master(source: Path, target: Path, speech: Path | None = None) -> Path:
    """Copy ``source``'s video into ``target`` (atomically) with the mastered audio track: the
    audio is ``source``'s own, or ``speech`` (a WAV) for a scene joined from sections."""
    duration = video_info(source).duration
    pad = f"aresample={RATE},apad=whole_dur={duration:.6f},atrim=0:{duration:.6f}"
    sound = speech if speech is not None else (source if has_audio(source) else None)
    with atomic_path(target) as tmp:
        if sound is not None:
            m = measure_loudness(sound)
            if m["input_i"] in ("-inf", "inf") or float(m["input_i"]) < -70:
                chain = "volume=0," + pad  # nothing audible: keep it silent
            else:
                chain = (f"loudnorm=I={TARGET_LUFS}:TP={TRUE_PEAK}:LRA={LRA}:measured_I={m['input_i']}:"
                         f"measured_TP={m['input_tp']}:measured_LRA={m['input_lra']}:"
                         f"measured_thresh={m['input_thresh']}:offset={m['target_offset']}:linear=true,{pad}")
            inputs = ["-i", str(source)] + (["-i", str(speech)] if speech is not None else [])
            maps = ["-map", "0:v:0", "-map", f"{1 if speech is not None else 0}:a:0"]
        else:
            chain = pad
            inputs = ["-i", str(source), "-f", "lavfi", "-i", f"anullsrc=r={RATE}:cl=stereo"]
            maps = ["-map", "0:v:0", "-map", "1:a:0"]
        _ffmpeg([*inputs, *maps, "-c:v", "copy", "-af", chain, "-c:a", "aac", "-b:a", BITRATE, "-ar", str(RATE),
                 "-ac", "2", "-t", f"{duration:.6f}", "-movflags", "+faststart", str(tmp)])
    return Path(target)


def audio_figures(path: Path) -> dict:
    """volumedetect's mean/max volume and ebur128's integrated loudness, for checks and notes."""
    vd = _ffmpeg(["-i", str(path), "-vn", "-af", "volumedetect", "-f", "null", "-"]).stderr
    eb = _ffmpeg(["-i", str(path), "-vn", "-af", "ebur128=peak=true", "-f", "null", "-"]).stderr
    summary = eb[eb.rfind("Summary:"):]

    def num(pattern: str, text: str) -> float:
        found = re.search(pattern, text)
        return float(found.group(1)) if found else float("nan")

    return {"mean_volume_db": num(r"mean_volume:\s*(-?[\d.]+|-inf)", vd),
            "max_volume_db": num(r"max_volume:\s*(-?[\d.]+)", vd),
            "integrated_lufs": num(r"I:\s*(-?[\d.]+) LUFS", summary),
            "loudness_range_lu": num(r"LRA:\s*(-?[\d.]+) LU", summary),
            "true_peak_dbfs": num(r"Peak:\s*(-?[\d.]+) dBFS", summary)}


def speech_onsets(path: Path, noise_db: float = -35.0, min_silence: float = 0.25) -> list[float]:
    """Times where sound starts after a silence (ffmpeg silencedetect), plus 0 if it starts loud."""
    err = _ffmpeg(["-i", str(path), "-vn", "-af", f"silencedetect=noise={noise_db}dB:d={min_silence}",
                   "-f", "null", "-"]).stderr
    starts = [float(x) for x in re.findall(r"silence_start:\s*(-?[\d.]+)", err)]
    ends = [float(x) for x in re.findall(r"silence_end:\s*(-?[\d.]+)", err)]
    onsets = list(ends)
    if not starts or starts[0] > 0.01:
        onsets.insert(0, 0.0)
    return onsets
