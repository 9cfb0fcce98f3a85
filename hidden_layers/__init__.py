"""hidden-layers, the application: the story order, rendering (one Manim runner), narration with
its voice back ends, publishing, talk slides and the command line.

It sits on top of the other layers and nothing imports it back:

    contract  (flow format, activations, paths, narration script format; numpy/scipy)
       ^             ^
    models       scenes/kit  <-  scenes (chapters: choreography)
    (torch)                          ^
                    hidden_layers (this package)

tests/test_layers.py enforces it with import-linter contracts.
"""
