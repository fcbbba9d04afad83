"""Text presentation: interface strings in every language, glyphs and the ASCII fallback."""
