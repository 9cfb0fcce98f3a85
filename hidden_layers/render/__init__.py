"""Rendering: one Manim runner for every path (manim_command.py, scene_runner.py), the run's
settings handed to the child (run_file.py), the render key (key.py), story scenes rendered side
by side and cached (scenes.py), mastering (audio.py), reading renders back (frames.py) and the
joined main video (video.py)."""
