"""Talk slides: chosen chapters as one manim-slides deck (deck.py), each chapter rendered
silently as a Slide subclass of itself (slide_scene.py)."""
