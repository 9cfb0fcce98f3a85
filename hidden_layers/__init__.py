"""hidden-layers: the flow format, the story order and the command line.

numpy-only on purpose: scenes/ and models/ both import from here, and rendering must not
need torch.
"""
