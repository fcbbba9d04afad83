"""cnn-tutor: a terminal tutor for the advanced techniques of convolutional networks."""

__version__ = "0.1.0"
