"""A number on screen that changes with the picture, built only when its printed text changes.

Manim's DecimalNumber.set_value rebuilds every glyph each time it is called. A bar or probe sets
its number on every frame, and most frames print the same text (93.6 % stays 93.6 % while the
bar creeps): on the line-not-enough chapter at 1080p60 those rebuilds took 17 s of its 165 s
render. ``ReadOut`` keeps the value and skips the rebuild when the text would be the same, so
what is drawn is unchanged.
"""

from __future__ import annotations

from manim import DecimalNumber


class ReadOut(DecimalNumber):
    def _set_submobjects_from_number(self, number) -> None:
        super()._set_submobjects_from_number(number)
        self.printed = (self._get_num_string(number), self.num_decimal_places)

    def set_value(self, number) -> "ReadOut":
        if getattr(self, "printed", None) == (self._get_num_string(number), self.num_decimal_places):
            self.number = number  # same text on screen: keep the glyphs, and where they are
            return self
        return super().set_value(number)
