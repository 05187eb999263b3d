"""The page "Notation" (docs/notation.md): the backprop page's notation figure, captioned again."""

from scripts.registry import show_again

show_again("notation_symbols", "notation", caption="Where each symbol lives on the network.")
