"""Narration: a cue's speech (Piper, the user's recordings, or silence), cached as WAVs, its
subtitle parts, and the subtitles of a render.

- wav.py: the WAV format every cue's speech is kept in (48 kHz mono, trimmed), and SpeechError;
- piper_voice.py: the offline synthetic voice;
- recordings.py: a person's own takes, validated and resampled;
- service.py: the voice back ends handed to a scene (the kit's SpeechService);
- cues.py: the cues a render spoke, as JSON beside its video;
- scene_speech.py: per story scene: its script, checks before rendering, its part of the render key;
- caption_parts.py, subtitles.py: cues cut to subtitle size, and SRT/WebVTT.
"""
