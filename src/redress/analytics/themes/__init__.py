"""Emerging themes: the period's complaint texts grouped by what they are about (TF-IDF + NMF, class-based
TF-IDF labels), with each theme's growth against the period before. See `method` for the method."""
