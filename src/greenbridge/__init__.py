"""greenbridge: documents of science-and-technology cooperation alliances turned into a sourced graph."""

__version__ = "0.1.0"
